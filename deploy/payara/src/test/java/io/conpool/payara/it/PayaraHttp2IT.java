package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.deploy.it.H2cBackend;
import io.conpool.deploy.it.Http2Load;
import io.conpool.deploy.it.ItSupport;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code protocol=http2} in Payara: conpool.rar bundles the http2 handler, so concurrent requests
 * from the application travel as HTTP/2 streams over one pooled TCP connection to a real HTTP/2 server.
 */
@ExtendWith(Http2OnPayara.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraHttp2IT {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "h2-it.war").addClasses(PayaraHttp2Servlet.class, Http2Load.class);
    }

    @Test
    void concurrentRequestsShareOneHttp2Connection() throws Exception {
        Map<String, String> r = ItSupport.keyValues(PayaraSettings.get("/h2-it/h2?requests=40"));
        assertEquals("40", r.get("ok"), r.toString());
        assertEquals("40", r.get("bodies"), "each answer reached its own caller: " + r);
        H2cBackend backend = Http2OnPayara.backend;
        assertEquals(1, backend.connections(), "one TCP connection (maxConnectionsPerEndpoint=1)");
        assertTrue(backend.peakStreamsPerConnection() > 1,
                "requests were concurrent streams on it: peak " + backend.peakStreamsPerConnection());
    }
}
