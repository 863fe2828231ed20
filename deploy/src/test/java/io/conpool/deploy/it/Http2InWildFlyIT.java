package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code protocol=http2} in WildFly: conpool.rar bundles the http2 handler, so a connection
 * definition with that protocol multiplexes concurrent requests from the application as HTTP/2
 * streams over one pooled TCP connection to a real HTTP/2 server.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(Http2ServerSetup.class)
@RunAsClient
class Http2InWildFlyIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(name = "war", order = 2, testable = false)
    static WebArchive war() {
        return Deployments.war("h2-it", Http2TrafficServlet.class, Http2Load.class);
    }

    @Test
    void concurrentRequestsShareOneHttp2Connection() throws Exception {
        Map<String, String> r = ItSupport.keyValues(ItSettings.get("/h2-it/h2?requests=40"));
        assertEquals("40", r.get("ok"), r.toString());
        assertEquals("40", r.get("bodies"), "each answer reached its own caller: " + r);
        H2cBackend backend = Http2ServerSetup.backend;
        assertEquals(1, backend.connections(), "one TCP connection (maxConnectionsPerEndpoint=1)");
        assertTrue(backend.peakStreamsPerConnection() > 1,
                "requests were concurrent streams on it: peak " + backend.peakStreamsPerConnection());
    }
}
