package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.deploy.it.CountingHttpBackend;
import java.util.Map;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * From outside Payara: real concurrent traffic through the pool against a backend that counts
 * connections, and the MBeans read, changed and cleared from a separate JVM over the domain's JMX
 * port, as VisualVM connects.
 */
@ExtendWith(ConpoolOnPayara.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraTrafficAndJmxIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return TestWars.war("traffic");
    }

    private static Map<String, String> traffic(int requests, int threads) throws Exception {
        return PayaraSettings.keyValues(PayaraSettings.get("/traffic/traffic?requests=" + requests + "&threads=" + threads));
    }

    private static String endpointBean() {
        return "io.conpool:type=EndpointPool,pool=it,endpoint=" + ObjectName.quote("127.0.0.1:" + ConpoolOnPayara.backend.port());
    }

    @Test
    @Order(1)
    void concurrentTrafficNeverOpensMoreConnectionsThanTheLimitAndStatsMatchTheBackend() throws Exception {
        CountingHttpBackend backend = ConpoolOnPayara.backend;
        backend.resetPeak();
        Map<String, String> r = traffic(400, 16);
        assertEquals("400", r.get("ok"), "all requests answered: " + r);
        assertEquals("0", r.get("failures"), r.get("firstError"));
        assertTrue(backend.peak() <= ConpoolOnPayara.LIMIT, "backend saw " + backend.peak() + " connections at once");
        assertTrue(backend.peak() >= 2, "16 threads used more than one connection: " + backend.peak());
        assertEquals(backend.accepted(), Integer.parseInt(r.get("mbean.TotalCreated")), "created = accepted by the backend");
        assertEquals(backend.requests(), Long.parseLong(r.get("mbean.CacheMisses")) + Long.parseLong(r.get("mbean.TotalReused")),
                "one lease per request the backend served");
        assertTrue(Long.parseLong(r.get("mbean.TotalReused")) >= 400 - ConpoolOnPayara.LIMIT, "reuse: " + r);
        assertEquals("0", r.get("mbean.Active"));
        assertEquals("0", r.get("mbean.Waiting"));
        assertEquals("0", r.get("mbean.Errors"));
        assertEquals(backend.open(), Integer.parseInt(r.get("mbean.Idle")), "idle = open at the backend");
        assertEquals(Integer.parseInt(r.get("mbean.TotalCreated")) - Integer.parseInt(r.get("mbean.TotalClosed")),
                Integer.parseInt(r.get("mbean.Idle")), "created - closed = idle + active");
    }

    @Test
    @Order(2)
    void aSeparateJvmReadsStatsChangesALimitAndClearsTheEndpointOverTheJmxPort() throws Exception {
        CountingHttpBackend backend = ConpoolOnPayara.backend;
        traffic(40, 8);
        Map<String, String> before = SeparateJvmJmx.run(endpointBean(), "read");
        assertEquals("127.0.0.1:" + backend.port(), before.get("read.Endpoint"));
        assertEquals(String.valueOf(ConpoolOnPayara.LIMIT), before.get("read.MaxConnectionsPerEndpoint"));
        assertEquals(String.valueOf(backend.accepted()), before.get("read.TotalCreated"));
        assertTrue(Integer.parseInt(before.get("read.Idle")) >= 1, before.toString());
        assertTrue(before.get("description.MaxConnectionsPerEndpoint").contains("writable"), before.toString());

        Map<String, String> after = SeparateJvmJmx.run(endpointBean(), "set:MaxConnectionsPerEndpoint=2", "clear", "read");
        assertEquals("2", after.get("set.MaxConnectionsPerEndpoint"));
        assertEquals("0", after.get("clear.Idle"));
        assertTrue(backend.awaitOpen(0, 10_000), "clearEndpoint closed the sockets; backend still has " + backend.open());

        int acceptedBefore = backend.accepted();
        backend.resetPeak();
        Map<String, String> r = traffic(200, 16);
        assertEquals("200", r.get("ok"), r.toString());
        assertTrue(backend.accepted() > acceptedBefore, "the next requests reconnected");
        assertTrue(backend.peak() <= 2, "the new limit holds: backend saw " + backend.peak());
        assertEquals("2", r.get("mbean.MaxConnectionsPerEndpoint"));

        Map<String, String> restored = SeparateJvmJmx.run(endpointBean(), "set:MaxConnectionsPerEndpoint=" + ConpoolOnPayara.LIMIT);
        assertEquals(String.valueOf(ConpoolOnPayara.LIMIT), restored.get("set.MaxConnectionsPerEndpoint"));
    }
}
