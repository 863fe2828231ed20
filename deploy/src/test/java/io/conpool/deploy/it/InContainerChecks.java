package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.demo.HttpOverPool;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
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
}
