package io.conpool.deploy.it;

import java.util.Map;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * Starts the counting backend in the test JVM and activates {@code conpool.rar} with the
 * connection definition {@code it} (JNDI {@code java:/conpool/it}, pool {@code it}, at most
 * {@value #LIMIT} connections) pointing at it. Undone after the class's deployments are gone.
 */
public class ItServerSetup implements ServerSetupTask {
    /** maxConnectionsPerEndpoint of the {@code it} definition. */
    static final int LIMIT = 4;
    static volatile CountingHttpBackend backend;

    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
        if (ItSettings.managementPort() != client.getMgmtPort()) {
            throw new IllegalStateException("it.port.offset says management port " + ItSettings.managementPort()
                    + " but Arquillian uses " + client.getMgmtPort() + ": set -Dit.port.offset and -Dit.management.port together");
        }
        backend = new CountingHttpBackend();
        ServerConfig.executeOrFail(client.getControllerClient(), ServerConfig.activation("conpool.rar", "it", Map.of(
                "host", "127.0.0.1",
                "port", Integer.toString(backend.port()),
                "poolName", "it",
                "maxConnectionsPerEndpoint", Integer.toString(LIMIT),
                "acquireTimeout", "20000")));
    }

    @Override
    public void tearDown(ManagementClient client, String containerId) throws Exception {
        ServerConfig.removeRa(client.getControllerClient(), "conpool.rar");
        if (backend != null) {
            backend.close();
        }
    }
}
