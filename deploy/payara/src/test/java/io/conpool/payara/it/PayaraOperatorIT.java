package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.deploy.it.CountingHttpBackend;
import io.conpool.deploy.it.ItSupport;
import io.conpool.deploy.it.OperatorScenarios;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conpool.sh} as an operator runs it against Payara: an application serves, the
 * adapter is redeployed with {@code conpool.sh deploy} and the same application serves again (the
 * script restarts it and says so; without that Payara answers {@code No Pool Meta Data object
 * associated with the pool}), then {@code conpool.sh set} changes the limit and the port, each in
 * force when the script returns (traffic and JMX), and the undeploy leaves nothing.
 */
class PayaraOperatorIT {

    @TempDir
    Path tmp;

    /**
     * @param context the test WAR's context root (it has the traffic servlet for {@code conpool/it})
     * @return traffic through that WAR and JMX from a separate JVM
     */
    static OperatorScenarios.Server server(String context) {
        return new OperatorScenarios.Server() {
            @Override
            public Map<String, String> traffic(int requests, int threads) throws Exception {
                return ItSupport.keyValues(PayaraSettings.get("/" + context + "/traffic?requests=" + requests + "&threads=" + threads));
            }

            @Override
            public Map<String, String> probe(String beanName, String... commands) throws Exception {
                return SeparateJvmJmx.run(beanName, commands);
            }
        };
    }

    @Test
    void redeployAndSetWithTheScriptKeepTheApplicationServingWithTheNewSettings() throws Exception {
        Path war = tmp.resolve("ops.war");
        TestWars.war("ops").as(ZipExporter.class).exportTo(war.toFile());
        OperatorScenarios.Server server = server("ops");
        try (CountingHttpBackend backend = new CountingHttpBackend(); CountingHttpBackend other = new CountingHttpBackend()) {
            Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
            OperatorScenarios.withCleanUp(() -> {
                Asadmin.conpoolScript("add", "it", "127.0.0.1", Integer.toString(backend.port()), "poolName=it",
                        "maxConnectionsPerEndpoint=4");
                Asadmin.ok("deploy", "--name=ops", war.toString());
                OperatorScenarios.redeployKeepsTheApplicationServing(backend, "it", server, () -> {
                    String out = Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
                    assertTrue(out.contains("restarting the applications so that they use it: ops"), out);
                });
                OperatorScenarios.settingsChangedByTheScriptAreInForce(backend, other, "it", server, settings -> {
                    String[] args = new String[settings.length + 2];
                    args[0] = "set";
                    args[1] = "it";
                    System.arraycopy(settings, 0, args, 2, settings.length);
                    String out = Asadmin.conpoolScript(args);
                    assertTrue(out.contains("done, in force"), out);
                });
            }, () -> {
                Asadmin.run("undeploy", "ops");
                Asadmin.conpoolScript("undeploy");
            });
            assertEquals("0", SeparateJvmJmx.run("io.conpool:type=Pool,name=it", "query:io.conpool:*").get("query.count"));
            assertTrue(backend.awaitOpen(0, 10_000) && other.awaitOpen(0, 10_000), "sockets left open after undeploy");
        }
    }
}
