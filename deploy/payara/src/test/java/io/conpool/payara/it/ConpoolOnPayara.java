package io.conpool.payara.it;

import io.conpool.deploy.it.CountingHttpBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For one test class: starts a {@link CountingHttpBackend} in the test JVM, sets the adapter's own
 * property {@code maxTotalConnections} ({@value #MAX_TOTAL}) with {@code create-resource-adapter-config},
 * deploys {@code conpool.rar} and binds the endpoint {@code it} (connector pool {@code conpool-it}, JNDI
 * {@code conpool/it}, engine pool {@code it}, at most {@value #LIMIT} connections) with the shipped
 * {@code conpool.sh}; afterwards undeploys the adapter with its pool and resource and stops the
 * backend. Register it before {@code ArquillianExtension}, so the resource exists when Arquillian
 * deploys the test WAR. Does nothing inside Payara (in-container test runs).
 */
public class ConpoolOnPayara implements BeforeAllCallback, AfterAllCallback {
    /** maxConnectionsPerEndpoint of the {@code it} endpoint. */
    static final int LIMIT = 4;
    /** acquireTimeout of the {@code it} endpoint, ms. */
    static final long ACQUIRE_TIMEOUT = 20_000;
    /** maxTotalConnections of the adapter (resource-adapter-config). */
    static final int MAX_TOTAL = 50;
    static volatile CountingHttpBackend backend;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!PayaraSettings.inTestJvm()) {
            return;
        }
        backend = new CountingHttpBackend();
        Asadmin.ok("create-resource-adapter-config", "--property=maxTotalConnections=" + MAX_TOTAL, "conpool");
        Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
        Asadmin.conpoolScript("add", "it", "127.0.0.1", Integer.toString(backend.port()), "poolName=it",
                "maxConnectionsPerEndpoint=" + LIMIT, "acquireTimeout=" + ACQUIRE_TIMEOUT);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!PayaraSettings.inTestJvm()) {
            return;
        }
        try {
            Asadmin.conpoolScript("undeploy");
        } finally {
            Asadmin.run("delete-resource-adapter-config", "conpool"); // if undeploy --cascade left it
            if (backend != null) {
                backend.close();
            }
        }
    }
}
