package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the adapter removes every conpool MBean, thread and socket; ten deploy / use /
 * undeploy cycles leave nothing behind.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(RedeployIT.Setup.class)
@RunAsClient
class RedeployIT {
    private static final int CYCLES = 10;
    static volatile CountingHttpBackend backend;

    /** A backend and the {@code redeploy} connection definition, for this class only. */
    public static class Setup implements ServerSetupTask {
        @Override
        public void setup(ManagementClient client, String containerId) throws Exception {
            backend = new CountingHttpBackend();
            ServerConfig.executeOrFail(client.getControllerClient(), ServerConfig.activation("conpool.rar", "redeploy",
                    Map.of("host", "127.0.0.1", "port", Integer.toString(backend.port()), "poolName", "redeploy")));
        }

        @Override
        public void tearDown(ManagementClient client, String containerId) throws Exception {
            ServerConfig.removeRa(client.getControllerClient(), "conpool.rar");
            backend.close();
        }
    }

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "rar", order = 1, managed = false, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(name = "war", order = 2, managed = false, testable = false)
    static WebArchive war() {
        return Deployments.war("redeploy");
    }

    private static Map<String, String> server(String... commands) throws Exception {
        return JmxProbeRunner.run("io.conpool:type=Pool,name=redeploy", commands);
    }

    @Test
    void undeployLeavesNoBeanThreadOrSocketAndTenRedeploysLeakNothing() throws Exception {
        int threadsAfterFirstCycle = -1;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            deployer.deploy("rar");
            deployer.deploy("war");
            Map<String, String> r = ItSettings.keyValues(ItSettings.get("/redeploy/traffic?name=redeploy&requests=30&threads=4"));
            assertEquals("30", r.get("ok"), "cycle " + cycle + ": " + r);
            Map<String, String> live = server("query:io.conpool:*", "threads");
            assertEquals("2", live.get("query.count"), "cycle " + cycle + ": a pool bean and an endpoint bean while deployed");
            assertTrue(Integer.parseInt(live.get("threads.conpool")) >= 1, "cycle " + cycle + ": the pool's housekeeper: " + live);

            deployer.undeploy("war");
            deployer.undeploy("rar");
            Map<String, String> gone = server("query:io.conpool:*", "threads");
            assertEquals("0", gone.get("query.count"), "cycle " + cycle + ": MBeans left after undeploy");
            assertEquals("0", gone.get("threads.conpool"), "cycle " + cycle + ": conpool threads left after undeploy");
            assertTrue(backend.awaitOpen(0, 10_000), "cycle " + cycle + ": sockets left open: " + backend.open());
            int total = Integer.parseInt(gone.get("threads.total"));
            if (cycle == 1) {
                threadsAfterFirstCycle = total;
            } else {
                assertTrue(total <= threadsAfterFirstCycle + 8, "cycle " + cycle + ": server threads grew from "
                        + threadsAfterFirstCycle + " to " + total);
            }
        }
        assertTrue(backend.accepted() >= CYCLES, "every cycle connected anew: " + backend.accepted());
    }
}
