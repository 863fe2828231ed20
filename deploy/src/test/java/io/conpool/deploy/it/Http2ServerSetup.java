package io.conpool.deploy.it;

import java.util.Map;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * Starts the h2c backend in the test JVM and activates {@code conpool.rar} with the connection
 * definition {@code h2} ({@code protocol=http2}, JNDI {@code java:/conpool/h2}, pool {@code h2},
 * one connection at most) pointing at it.
 */
public class Http2ServerSetup implements ServerSetupTask {
    static volatile H2cBackend backend;

    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
        backend = new H2cBackend();
        ServerConfig.executeOrFail(client.getControllerClient(), ServerConfig.activation("conpool.rar", "h2", Map.of(
                "host", "127.0.0.1",
                "port", Integer.toString(backend.port()),
                "poolName", "h2",
                "protocol", "http2",
                "maxConnectionsPerEndpoint", "1",
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
