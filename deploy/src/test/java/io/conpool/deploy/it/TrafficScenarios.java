package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/**
 * The traffic and JMX checks every application server must pass, shared by the WildFly and the
 * Payara integration tests: each server supplies how to drive traffic through its traffic servlet
 * and how to run the JMX probe in a separate JVM.
 */
public final class TrafficScenarios {

    /** Sends requests through the pool from inside the server; returns the servlet's key=value lines. */
    @FunctionalInterface
    public interface Traffic {
        /**
         * @param requests how many requests
         * @param threads  from how many threads
         * @return the servlet's counts and the endpoint MBean's numbers
         * @throws Exception if the call fails
         */
        Map<String, String> run(int requests, int threads) throws Exception;
    }

    /** Runs the JMX probe in a separate JVM against one bean; returns its key=value lines. */
    @FunctionalInterface
    public interface SeparateJvmProbe {
        /**
         * @param beanName the bean's object name
         * @param commands read, clear, set:Attribute=value
         * @return what the probe printed
         * @throws Exception if the probe fails
         */
        Map<String, String> run(String beanName, String... commands) throws Exception;
    }

    private TrafficScenarios() {
    }

    /**
     * 400 requests from 16 threads: all answered, the backend never sees more than {@code limit}
     * connections at once, and the MBean's numbers are the backend's (created = accepted, one lease
     * per request, idle = open sockets, created − closed = idle + active).
     *
     * @param backend the counting backend behind the endpoint
     * @param limit   the endpoint's maxConnectionsPerEndpoint
     * @param traffic how to drive traffic
     * @throws Exception if a call fails
     */
    public static void concurrentTrafficStaysWithinTheLimit(CountingHttpBackend backend, int limit, Traffic traffic)
            throws Exception {
        backend.resetPeak();
        Map<String, String> r = traffic.run(400, 16);
        assertEquals("400", r.get("ok"), "all requests answered: " + r);
        assertEquals("0", r.get("failures"), r.get("firstError"));
        assertTrue(backend.peak() <= limit, "backend saw " + backend.peak() + " connections at once");
        assertTrue(backend.peak() >= 2, "16 threads used more than one connection: " + backend.peak());
        assertEquals(backend.accepted(), Integer.parseInt(r.get("mbean.TotalCreated")), "created = accepted by the backend");
        assertEquals(backend.requests(), Long.parseLong(r.get("mbean.CacheMisses")) + Long.parseLong(r.get("mbean.TotalReused")),
                "one lease per request the backend served");
        assertTrue(Long.parseLong(r.get("mbean.TotalReused")) >= 400 - limit, "reuse: " + r);
        assertEquals("0", r.get("mbean.Active"));
        assertEquals("0", r.get("mbean.Waiting"));
        assertEquals("0", r.get("mbean.Errors"));
        assertEquals(backend.open(), Integer.parseInt(r.get("mbean.Idle")), "idle = open at the backend");
        assertEquals(Integer.parseInt(r.get("mbean.TotalCreated")) - Integer.parseInt(r.get("mbean.TotalClosed")),
                Integer.parseInt(r.get("mbean.Idle")), "created - closed = idle + active");
    }

    /**
     * From a separate JVM: read the stats, lower the limit to 2, clear the endpoint (idle → 0, the
     * backend's sockets close), then traffic reconnects and stays within 2; the limit is restored.
     *
     * @param backend    the counting backend behind the endpoint
     * @param limit      the endpoint's configured maxConnectionsPerEndpoint
     * @param bean       the endpoint MBean's name
     * @param traffic    how to drive traffic
     * @param probe      how to run the JMX probe in a separate JVM
     * @throws Exception if a call fails
     */
    public static void separateJvmReadsChangesAndClears(CountingHttpBackend backend, int limit, String bean,
                                                        Traffic traffic, SeparateJvmProbe probe) throws Exception {
        traffic.run(40, 8);
        Map<String, String> before = probe.run(bean, "read");
        assertEquals("127.0.0.1:" + backend.port(), before.get("read.Endpoint"));
        assertEquals(String.valueOf(limit), before.get("read.MaxConnectionsPerEndpoint"));
        assertEquals(String.valueOf(backend.accepted()), before.get("read.TotalCreated"));
        assertTrue(Integer.parseInt(before.get("read.Idle")) >= 1, before.toString());
        assertTrue(before.get("description.MaxConnectionsPerEndpoint").contains("writable"), before.toString());

        Map<String, String> after = probe.run(bean, "set:MaxConnectionsPerEndpoint=2", "clear", "read");
        assertEquals("2", after.get("set.MaxConnectionsPerEndpoint"));
        assertEquals("0", after.get("clear.Idle"));
        assertTrue(backend.awaitOpen(0, 10_000), "clearEndpoint closed the sockets; backend still has " + backend.open());

        int acceptedBefore = backend.accepted();
        backend.resetPeak();
        Map<String, String> r = traffic.run(200, 16);
        assertEquals("200", r.get("ok"), r.toString());
        assertTrue(backend.accepted() > acceptedBefore, "the next requests reconnected");
        assertTrue(backend.peak() <= 2, "the new limit holds: backend saw " + backend.peak());
        assertEquals("2", r.get("mbean.MaxConnectionsPerEndpoint"));

        Map<String, String> restored = probe.run(bean, "set:MaxConnectionsPerEndpoint=" + limit);
        assertEquals(String.valueOf(limit), restored.get("set.MaxConnectionsPerEndpoint"));
    }
}
