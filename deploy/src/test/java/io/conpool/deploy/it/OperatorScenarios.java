package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.management.ObjectName;

/**
 * What an operator does to a running server, checked the same way on WildFly and Payara:
 * deploy/undeploy cycles, redeploying the adapter under a running application, and changing a
 * connection definition's settings with the shipped scripts. Each server supplies its steps.
 */
public final class OperatorScenarios {

    /** One operator step (a script run, a deployment). */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs the step.
         *
         * @throws Exception if it fails
         */
        void run() throws Exception;
    }

    /** Changes settings of the endpoint with the server's script; in force when it returns. */
    @FunctionalInterface
    public interface SetStep {
        /**
         * @param settings {@code key=value} pairs
         * @throws Exception if the script fails
         */
        void set(String... settings) throws Exception;
    }

    /** Reaches the server: traffic through its traffic servlet, JMX from a separate JVM. */
    public interface Server {
        /**
         * @param requests how many requests
         * @param threads  from how many threads
         * @return the traffic servlet's counts and the endpoint MBean's numbers
         * @throws Exception if the call fails
         */
        Map<String, String> traffic(int requests, int threads) throws Exception;

        /**
         * @param beanName the bean the commands act on
         * @param commands see {@link RemoteJmxProbe}
         * @return the probe's output
         * @throws Exception if the probe fails
         */
        Map<String, String> probe(String beanName, String... commands) throws Exception;
    }

    private OperatorScenarios() {
    }

    /**
     * Runs a body and then a clean-up; a failure of the clean-up never hides the body's failure (it
     * is added to it as suppressed).
     *
     * @param body    the test steps
     * @param cleanup what must run afterwards
     * @throws Exception the body's failure, else the clean-up's
     */
    public static void withCleanUp(Step body, Step cleanup) throws Exception {
        Throwable failure = null;
        try {
            body.run();
        } catch (Exception | AssertionError e) {
            failure = e;
            throw e;
        } finally {
            try {
                cleanup.run();
            } catch (Exception | AssertionError e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private static String poolBean(String pool) {
        return "io.conpool:type=Pool,name=" + pool;
    }

    /**
     * {@code cycles} × (deploy, traffic, undeploy): while deployed a pool bean and an endpoint bean and
     * the housekeeper thread; after each undeploy no {@code io.conpool} MBean, no {@code conpool-*}
     * thread, no open socket at the backend, and the server's thread count does not grow.
     *
     * @param cycles         how many cycles
     * @param backend        the backend behind the endpoint
     * @param pool           the engine pool's name
     * @param server         how to reach the server
     * @param deploy         deploys the adapter, the endpoint and the application
     * @param whileDeployed  runs after the first cycle's traffic (may be a no-op)
     * @param undeploy       undeploys the application and the adapter
     * @throws Exception if a step fails
     */
    public static void undeployCyclesLeaveNothing(int cycles, CountingHttpBackend backend, String pool, Server server,
                                                  Step deploy, Step whileDeployed, Step undeploy) throws Exception {
        assertEquals("0", server.probe(poolBean(pool), "query:io.conpool:*").get("query.count"),
                "no conpool MBean before the first deployment");
        int threadsAfterFirstCycle = -1;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            deploy.run();
            Map<String, String> r = server.traffic(30, 4);
            assertEquals("30", r.get("ok"), "cycle " + cycle + ": " + r);
            Map<String, String> live = server.probe(poolBean(pool), "query:io.conpool:*", "threads");
            assertEquals("2", live.get("query.count"), "cycle " + cycle + ": a pool bean and an endpoint bean while deployed");
            assertTrue(Integer.parseInt(live.get("threads.conpool")) >= 1, "cycle " + cycle + ": the pool's housekeeper: " + live);
            if (cycle == 1) {
                whileDeployed.run();
            }
            undeploy.run();
            Map<String, String> gone = server.probe(poolBean(pool), "query:io.conpool:*", "threads");
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
        assertTrue(backend.accepted() >= cycles, "every cycle connected anew: " + backend.accepted());
    }

    /**
     * The application serves, the adapter is redeployed with the server's script, and the same
     * application serves again with no manual step; the old deployment left no MBean (still one pool
     * and one endpoint bean), no thread (as many {@code conpool-*} threads as before) and no socket
     * (the backend's open sockets are the new pool's idle connections).
     *
     * @param backend  the backend behind the endpoint
     * @param pool     the engine pool's name
     * @param server   how to reach the server
     * @param redeploy redeploys the adapter with the shipped script
     * @throws Exception if a step fails
     */
    public static void redeployKeepsTheApplicationServing(CountingHttpBackend backend, String pool, Server server,
                                                          Step redeploy) throws Exception {
        Map<String, String> before = server.traffic(30, 4);
        assertEquals("30", before.get("ok"), "before the redeploy: " + before);
        Map<String, String> live = server.probe(poolBean(pool), "query:io.conpool:*", "threads");
        assertEquals("2", live.get("query.count"), "a pool bean and an endpoint bean: " + live);
        int acceptedBefore = backend.accepted();

        redeploy.run();

        Map<String, String> after = server.traffic(30, 4);
        assertEquals("30", after.get("ok"), "the same application after the redeploy, no manual step: " + after);
        assertEquals("0", after.get("failures"), after.get("firstError"));
        assertTrue(backend.accepted() > acceptedBefore, "the new adapter opened its own connections");
        Map<String, String> now = server.probe(poolBean(pool), "query:io.conpool:*", "threads");
        assertEquals("2", now.get("query.count"), "no MBean left from the old deployment: " + now);
        assertEquals(live.get("threads.conpool"), now.get("threads.conpool"), "no conpool thread left from the old deployment");
        int idle = Integer.parseInt(after.get("mbean.Idle"));
        assertTrue(backend.awaitOpen(idle, 10_000), "the old deployment's sockets are closed: backend has "
                + backend.open() + " open, the new pool " + idle + " idle");
    }

    /**
     * Changes the limit and the port of the endpoint with one run of the server's script; the change
     * is in force when the script returns: the requests reach the other backend, the traffic stays
     * within the new limit, and the server's MBean and a remote JMX client show both.
     *
     * @param backend the backend behind the endpoint before
     * @param other   another backend, the endpoint's new port
     * @param pool    the engine pool's name
     * @param server  how to reach the server
     * @param set     the script's set
     * @throws Exception if a step fails
     */
    public static void settingsChangedByTheScriptAreInForce(CountingHttpBackend backend, CountingHttpBackend other,
                                                            String pool, Server server, SetStep set) throws Exception {
        int servedBefore = (int) backend.requests();
        set.set("maxConnectionsPerEndpoint=2", "port=" + other.port());
        other.resetPeak();
        Map<String, String> r = server.traffic(200, 8);
        assertEquals("200", r.get("ok"), r.toString());
        assertEquals("2", r.get("mbean.MaxConnectionsPerEndpoint"), "the new limit, in the server's MBean: " + r);
        assertTrue(other.requests() >= 200, "the requests went to the new port " + other.port() + ": " + other.requests());
        assertEquals(servedBefore, (int) backend.requests(), "none went to the old port");
        assertTrue(other.peak() <= 2, "the new port saw " + other.peak() + " connections at once, limit 2");
        String bean = "io.conpool:type=EndpointPool,pool=" + pool + ",endpoint=" + ObjectName.quote("127.0.0.1:" + other.port());
        Map<String, String> jmx = server.probe(bean, "read");
        assertEquals("127.0.0.1:" + other.port(), jmx.get("read.Endpoint"), "JMX shows the new endpoint");
        assertEquals("2", jmx.get("read.MaxConnectionsPerEndpoint"), "the new limit, over remote JMX");
    }
}
