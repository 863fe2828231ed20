package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped {@code deploy/wildfly/conpool.sh}, as an operator runs it against WildFly: the
 * endpoint is added and the adapter deployed with it, an application serves, the adapter is
 * redeployed with the script and the same application serves again (WildFly restarts it), a change
 * of settings is refused without {@code --reload} (nothing changes) and with it is in force when the
 * script returns (limit and port, seen in traffic and JMX), and the undeploy leaves nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorScriptsIT {

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "war", managed = false, testable = false)
    static WebArchive war() {
        return Deployments.war("ops");
    }

    private static final OperatorScenarios.Server SERVER = ItSettings.server("ops", "ops");

    private static String script(String... args) throws Exception {
        ItSupport.Result r = ItSettings.conpoolScript(args);
        System.out.println("conpool.sh " + String.join(" ", args) + " (exit " + r.exitCode() + "):\n" + r.output());
        return ItSupport.requireOk(r, "conpool.sh " + String.join(" ", args));
    }

    @Test
    void redeployAndSettingChangesWithTheScriptAreInForceWhenItReturns() throws Exception {
        try (CountingHttpBackend backend = new CountingHttpBackend(); CountingHttpBackend other = new CountingHttpBackend()) {
            script("add", "ops", "127.0.0.1", Integer.toString(backend.port()), "poolName=ops", "maxConnectionsPerEndpoint=4");
            String rar = ItSettings.rar().getAbsolutePath();
            script("deploy", rar);
            deployer.deploy("war");
            OperatorScenarios.withCleanUp(() -> {
                OperatorScenarios.redeployKeepsTheApplicationServing(backend, "ops", SERVER, () -> {
                    String out = script("deploy", rar);
                    assertTrue(out.contains("WildFly restarts the applications that depend on it"), out);
                });

                ItSupport.Result refused = ItSettings.conpoolScript("set", "ops", "maxConnectionsPerEndpoint=2");
                assertEquals(2, refused.exitCode(), refused.output());
                assertTrue(refused.output().contains("Nothing was changed. Run it again with --reload"), refused.output());
                assertEquals("4", SERVER.traffic(4, 1).get("mbean.MaxConnectionsPerEndpoint"), "the refused change changed nothing");

                OperatorScenarios.settingsChangedByTheScriptAreInForce(backend, other, "ops", SERVER, settings -> {
                    String[] args = new String[settings.length + 3];
                    args[0] = "set";
                    args[1] = "ops";
                    System.arraycopy(settings, 0, args, 2, settings.length);
                    args[args.length - 1] = "--reload";
                    String out = script(args);
                    assertTrue(out.contains("done, in force (WildFly is running)"), out);
                });
            }, () -> {
                deployer.undeploy("war");
                script("undeploy");
            });
            assertEquals("0", SERVER.probe("io.conpool:type=Pool,name=ops", "query:io.conpool:*").get("query.count"));
            assertTrue(backend.awaitOpen(0, 10_000) && other.awaitOpen(0, 10_000), "sockets left open after undeploy");
        }
    }
}
