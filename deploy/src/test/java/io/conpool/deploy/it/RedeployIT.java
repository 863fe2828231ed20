package io.conpool.deploy.it;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

    /**
     * The backend exists before the first deployment: the server setup (the {@code redeploy}
     * connection definition) runs only when the first unmanaged deployment is deployed.
     */
    @BeforeAll
    static void startBackend() throws Exception {
        backend = new CountingHttpBackend();
    }

    @AfterAll
    static void stopBackend() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }

    /** The {@code redeploy} connection definition, for this class only. */
    public static class Setup implements ServerSetupTask {
        @Override
        public void setup(ManagementClient client, String containerId) throws Exception {
            ServerConfig.executeOrFail(client.getControllerClient(), ServerConfig.activation("conpool.rar", "redeploy",
                    Map.of("host", "127.0.0.1", "port", Integer.toString(backend.port()), "poolName", "redeploy")));
        }

        @Override
        public void tearDown(ManagementClient client, String containerId) throws Exception {
            ServerConfig.removeRa(client.getControllerClient(), "conpool.rar");
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

    private static final OperatorScenarios.Server SERVER = ItSettings.server("redeploy", "redeploy");

    @Test
    void undeployLeavesNoBeanThreadOrSocketAndTenRedeploysLeakNothing() throws Exception {
        OperatorScenarios.undeployCyclesLeaveNothing(CYCLES, backend, "redeploy", SERVER,
                () -> {
                    deployer.deploy("rar");
                    deployer.deploy("war");
                },
                () -> { },
                () -> {
                    deployer.undeploy("war");
                    deployer.undeploy("rar");
                });
    }
}
