package io.conpool.payara.it;

import io.conpool.deploy.it.H2cBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For one test class: starts an HTTP/2 (h2c) backend in the test JVM, deploys {@code conpool.rar}
 * and binds the endpoint {@code h2} with {@code protocol=http2} (connector pool {@code conpool-h2},
 * JNDI {@code conpool/h2}, engine pool {@code h2}, one connection at most) with the shipped
 * {@code conpool.sh}; afterwards undeploys the adapter and stops the backend. Register it before
 * {@code ArquillianExtension}.
 */
public class Http2OnPayara implements BeforeAllCallback, AfterAllCallback {
    static volatile H2cBackend backend;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!PayaraSettings.inTestJvm()) {
            return;
        }
        backend = new H2cBackend();
        Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
        Asadmin.conpoolScript("add", "h2", "127.0.0.1", Integer.toString(backend.port()), "poolName=h2",
                "protocol=http2", "maxConnectionsPerEndpoint=1", "acquireTimeout=20000");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!PayaraSettings.inTestJvm()) {
            return;
        }
        try {
            Asadmin.conpoolScript("undeploy");
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }
}
