package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import io.conpool.deploy.it.CountingHttpBackend;
import io.conpool.demo.HttpOverPool;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside Payara (the test runs in the server through Arquillian's remote adapter): the connector
 * resource {@code conpool/it} from JNDI ({@code @Resource(lookup)} and {@code InitialContext}) and
 * from CDI ({@code @Inject @PoolEndpoint}) gives working connections to the real backend, and the
 * pool's MBeans are in the server's platform MBeanServer with the right names and values.
 */
@ExtendWith(ConpoolOnPayara.class)
@ExtendWith(ArquillianExtension.class)
class PayaraInContainerIT {

    @Deployment
    static WebArchive war() {
        return TestWars.war("in-container", PayaraInContainerIT.class, ConpoolOnPayara.class, PayaraSettings.class,
                Asadmin.class, Asadmin.Result.class, CountingHttpBackend.class);
    }

    @Resource(lookup = "conpool/it")
    ConpoolConnectionFactory fromJndi;

    @Inject
    @PoolEndpoint("it")
    ConpoolConnectionFactory fromCdi;

    @Test
    void jndiAndCdiFactoriesBothGiveWorkingConnections() throws Exception {
        HttpOverPool.Response viaJndi = HttpOverPool.get(fromJndi, "/jndi");
        HttpOverPool.Response viaCdi = HttpOverPool.get(fromCdi, "/cdi");
        assertEquals(200, viaJndi.status());
        assertEquals(200, viaCdi.status());
        assertTrue(viaJndi.body().startsWith("backend response"), viaJndi.body());
        assertTrue(viaCdi.body().startsWith("backend response"), viaCdi.body());
        assertEquals(fromJndi.endpoint(), fromCdi.endpoint());
        assertEquals("127.0.0.1", fromJndi.endpoint().host());
        ConpoolConnectionFactory looked = (ConpoolConnectionFactory) new InitialContext().lookup("conpool/it");
        assertEquals(fromJndi.endpoint(), looked.endpoint());
        try (ConpoolConnection c = looked.getConnection()) {
            assertTrue(c.isReused(), "a later lease reuses the pooled connection");
        }
    }

    @Test
    void mbeansAreInTheServersMBeanServerWithLiveNumbers() throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        HttpOverPool.get(fromJndi, "/warm-up");
        ObjectName poolBean = new ObjectName("io.conpool:type=Pool,name=it");
        ObjectName endpointBean = new ObjectName("io.conpool:type=EndpointPool,pool=it,endpoint="
                + ObjectName.quote("127.0.0.1:" + fromJndi.endpoint().port()));
        assertTrue(mbs.isRegistered(poolBean), "pool bean");
        assertTrue(mbs.isRegistered(endpointBean), "endpoint bean " + mbs.queryNames(new ObjectName("io.conpool:*"), null));
        long leasesBefore = (Long) mbs.getAttribute(endpointBean, "CacheMisses") + (Long) mbs.getAttribute(endpointBean, "TotalReused");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, HttpOverPool.get(fromCdi, "/count").status());
        }
        long leasesAfter = (Long) mbs.getAttribute(endpointBean, "CacheMisses") + (Long) mbs.getAttribute(endpointBean, "TotalReused");
        assertEquals(5, leasesAfter - leasesBefore, "one lease per request");
        assertEquals(0, mbs.getAttribute(endpointBean, "Active"));
        assertTrue((Integer) mbs.getAttribute(endpointBean, "Idle") >= 1);
        assertEquals(ConpoolOnPayara.LIMIT, mbs.getAttribute(endpointBean, "MaxConnectionsPerEndpoint"));
        assertEquals(ConpoolOnPayara.ACQUIRE_TIMEOUT, mbs.getAttribute(endpointBean, "AcquireTimeout"));
        assertEquals(mbs.getAttribute(endpointBean, "TotalCreated"), mbs.getAttribute(poolBean, "TotalCreated"));
        assertEquals(ConpoolOnPayara.MAX_TOTAL, mbs.getAttribute(poolBean, "MaxTotalConnections"),
                "the adapter's property from create-resource-adapter-config");
        MBeanAttributeInfo idle = Arrays.stream(mbs.getMBeanInfo(endpointBean).getAttributes())
                .filter(a -> a.getName().equals("Idle")).findFirst().orElseThrow();
        assertFalse(idle.getDescription().equals("Idle"), "described for JConsole");
    }
}
