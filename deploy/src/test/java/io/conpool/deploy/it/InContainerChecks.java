package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionFailedException;
import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.Endpoint;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.demo.HttpOverPool;
import io.conpool.spi.RawProtocolHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.naming.InitialContext;

/**
 * Checks run inside the application server, shared by the WildFly and Payara in-container tests
 * (add this class to the test WAR): the factories from JNDI and CDI work, and the pool {@code it}'s
 * MBeans are in the server's platform MBeanServer with live numbers.
 */
public final class InContainerChecks {
    private InContainerChecks() {
    }

    /**
     * Both factories reach the backend, name the same endpoint, and a plain JNDI lookup gives one
     * whose connection is the pooled one.
     *
     * @param fromJndi   the {@code @Resource} factory
     * @param fromCdi    the {@code @Inject @PoolEndpoint("it")} factory
     * @param jndiName   the resource's JNDI name on this server
     * @throws Exception if a request or the lookup fails
     */
    public static void jndiAndCdiFactoriesWork(ConpoolConnectionFactory fromJndi, ConpoolConnectionFactory fromCdi,
                                               String jndiName) throws Exception {
        HttpOverPool.Response viaJndi = HttpOverPool.get(fromJndi, "/jndi");
        HttpOverPool.Response viaCdi = HttpOverPool.get(fromCdi, "/cdi");
        assertEquals(200, viaJndi.status());
        assertEquals(200, viaCdi.status());
        assertTrue(viaJndi.body().startsWith("backend response"), viaJndi.body());
        assertTrue(viaCdi.body().startsWith("backend response"), viaCdi.body());
        assertEquals(fromJndi.endpoint(), fromCdi.endpoint());
        assertEquals("127.0.0.1", fromJndi.endpoint().host());
        ConpoolConnectionFactory looked = (ConpoolConnectionFactory) new InitialContext().lookup(jndiName);
        assertEquals(fromJndi.endpoint(), looked.endpoint());
        try (ConpoolConnection c = looked.getConnection()) {
            assertTrue(c.isReused(), "a later lease reuses the pooled connection");
        }
    }

    /**
     * The pool and endpoint beans of pool {@code it} are registered, count one lease per request,
     * show the configured limits, and carry descriptions.
     *
     * @param fromJndi       a factory of the endpoint
     * @param fromCdi        another factory of the endpoint
     * @param limit          the configured maxConnectionsPerEndpoint
     * @param acquireTimeout the configured acquireTimeout, ms
     * @return the pool bean's name, for server-specific checks
     * @throws Exception if a request or a JMX call fails
     */
    public static ObjectName mbeansHaveLiveNumbers(ConpoolConnectionFactory fromJndi, ConpoolConnectionFactory fromCdi,
                                                   int limit, long acquireTimeout) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        HttpOverPool.get(fromJndi, "/warm-up");
        ObjectName poolBean = new ObjectName("io.conpool:type=Pool,name=it");
        ObjectName endpointBean = new ObjectName("io.conpool:type=EndpointPool,pool=it,endpoint="
                + ObjectName.quote("127.0.0.1:" + fromJndi.endpoint().port()));
        assertTrue(mbs.isRegistered(poolBean), "pool bean");
        assertTrue(mbs.isRegistered(endpointBean), "endpoint bean " + mbs.queryNames(new ObjectName("io.conpool:*"), null));
        long leasesBefore = leases(mbs, endpointBean);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, HttpOverPool.get(fromCdi, "/count").status());
        }
        assertEquals(5, leases(mbs, endpointBean) - leasesBefore, "one lease per request");
        assertEquals(0, mbs.getAttribute(endpointBean, "Active"));
        assertTrue((Integer) mbs.getAttribute(endpointBean, "Idle") >= 1);
        assertEquals(limit, mbs.getAttribute(endpointBean, "MaxConnectionsPerEndpoint"));
        assertEquals(acquireTimeout, mbs.getAttribute(endpointBean, "AcquireTimeout"));
        assertEquals(mbs.getAttribute(endpointBean, "TotalCreated"), mbs.getAttribute(poolBean, "TotalCreated"));
        MBeanAttributeInfo idle = Arrays.stream(mbs.getMBeanInfo(endpointBean).getAttributes())
                .filter(a -> a.getName().equals("Idle")).findFirst().orElseThrow();
        assertFalse(idle.getDescription().equals("Idle"), "described for JConsole");
        return poolBean;
    }

    private static long leases(MBeanServer mbs, ObjectName endpointBean) throws Exception {
        return (Long) mbs.getAttribute(endpointBean, "CacheMisses") + (Long) mbs.getAttribute(endpointBean, "TotalReused");
    }

    /**
     * An endpoint whose connects fail writes one WARNING to the server's log for 24 failed acquires,
     * and one INFO when it connects again: the engine's {@code System.Logger} reaches the server's
     * log. Uses an engine pool of its own (no connection definition needed) and a port outside the
     * ephemeral range, first refused, then served.
     *
     * @param serverLog the server's main log file
     * @throws Exception if the check cannot run
     */
    public static void unreachableAndRecoveredAreLoggedOnce(Path serverLog) throws Exception {
        int port = freePortBelowTheEphemeralRange();
        Endpoint ep = Endpoint.plain("127.0.0.1", port);
        long before = Files.size(serverLog);
        try (ConnectionPool<Transport> pool = ConnectionPool
                .builder(RawProtocolHandler.INSTANCE).name("it-unreachable")
                .config(PoolConfig.builder().connectRetryCount(0).build()).build()) {
            for (int i = 0; i < 24; i++) {
                try {
                    pool.acquire(ep).close();
                    throw new AssertionError("connected to a port nobody listens on");
                } catch (ConnectionFailedException expected) {
                    // refused, as it should be
                }
            }
            try (ServerSocket up = new ServerSocket(port, 5, InetAddress.getLoopbackAddress())) {
                pool.acquire(ep).close();
                pool.clearAll();
            }
        }
        String log = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do { // the log handler may write asynchronously
            byte[] bytes = Files.readAllBytes(serverLog);
            int from = (int) Math.min(before, bytes.length);
            log = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } while (!log.contains("works again") && System.nanoTime() < deadline && sleep(100));
        long down = log.lines().filter(l -> l.contains("cannot connect to " + ep)).count();
        long up = log.lines().filter(l -> l.contains("connecting to " + ep + " works again")).count();
        assertEquals(1, down, "one line for 24 failed connects:\n" + log);
        assertEquals(1, up, "one line when it works again:\n" + log);
        assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("cannot connect to " + ep)), log);
        assertTrue(log.lines().anyMatch(l -> l.contains("INFO") && l.contains("works again")), log);
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    private static int freePortBelowTheEphemeralRange() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000 on 127.0.0.1");
    }
}
