package io.conpool.jmx;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.AcquireTimeoutException;
import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Setting;
import io.conpool.Transport;
import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's MXBeans in the platform MBeanServer, against a real loopback echo server. */
class PoolMBeansTest {
    private final MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    private LineServer server;
    private ConnectionPool<Transport> pool;
    private PoolMBeans beans;
    private Endpoint endpoint;
    private ObjectName poolName;
    private ObjectName endpointName;

    @BeforeEach
    void start() throws Exception {
        server = LineServer.echo();
        endpoint = Endpoint.plain("127.0.0.1", server.port());
        pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE).name("jmx-test")
                .config(PoolConfig.builder().acquireTimeout(Duration.ofMillis(200)).build()).build();
        beans = PoolMBeans.register(pool, mbs);
        poolName = new ObjectName("io.conpool:type=Pool,name=jmx-test");
        endpointName = new ObjectName("io.conpool:type=EndpointPool,pool=jmx-test,endpoint="
                + ObjectName.quote("127.0.0.1:" + server.port()));
    }

    @AfterEach
    void stop() throws Exception {
        beans.close();
        pool.close();
        assertTrue(mbs.queryNames(ObjectName.getInstance("io.conpool:*"), null).stream().noneMatch(n -> n.toString().contains("jmx-test")), "beans left behind");
        server.close();
    }

    private void roundTrips(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            String line = "hello " + i;
            assertEquals(line, pool.withConnection(endpoint, l -> Lines.roundTrip(l.connection(), line)));
        }
    }

    @Test
    void poolBeanAtOnceEndpointBeanWithFirstUse() throws Exception {
        assertTrue(mbs.isRegistered(poolName));
        assertFalse(mbs.isRegistered(endpointName));
        roundTrips(1);
        assertTrue(mbs.isRegistered(endpointName), "endpoint bean after first acquire: " + beans.names());
        assertEquals(Set.of(poolName, endpointName), beans.names());
        assertTrue(JMX.isMXBeanInterface(EndpointPoolMXBean.class));
        assertEquals("true", mbs.getMBeanInfo(endpointName).getDescriptor().getFieldValue("mxbean"));
    }

    @Test
    void attributesAreTheLiveNumbers() throws Exception {
        roundTrips(5);
        assertEquals(1L, mbs.getAttribute(endpointName, "TotalCreated"));
        assertEquals(4L, mbs.getAttribute(endpointName, "TotalReused"));
        assertEquals(1L, mbs.getAttribute(endpointName, "CacheMisses"));
        assertEquals(1, mbs.getAttribute(endpointName, "Idle"));
        assertEquals(0, mbs.getAttribute(endpointName, "Active"));
        assertEquals(1, mbs.getAttribute(endpointName, "Open"));
        try (Lease<Transport> held = pool.acquire(endpoint)) {
            assertEquals(1, mbs.getAttribute(endpointName, "Active"));
            assertEquals(0, mbs.getAttribute(endpointName, "Idle"));
            assertEquals(1, mbs.getAttribute(poolName, "Active"));
        }
        assertEquals(5L, mbs.getAttribute(endpointName, "TotalReused"));
        assertEquals(5L, mbs.getAttribute(poolName, "TotalReused"));
        assertEquals("127.0.0.1:" + server.port(), mbs.getAttribute(endpointName, "Endpoint"));
        assertEquals(server.port(), mbs.getAttribute(endpointName, "Port"));
        assertEquals(false, mbs.getAttribute(endpointName, "Tls"));
        assertEquals("jmx-test", mbs.getAttribute(endpointName, "PoolName"));
        assertEquals("raw", mbs.getAttribute(poolName, "Protocol"));
        assertEquals(List.of("127.0.0.1:" + server.port()), Arrays.asList((String[]) mbs.getAttribute(poolName, "Endpoints")));
    }

    @Test
    void allStatsIsATableWithOneRowPerEndpoint() throws Exception {
        roundTrips(3);
        TabularData table = (TabularData) mbs.getAttribute(poolName, "AllStats");
        assertEquals(1, table.size());
        CompositeData row = (CompositeData) table.values().iterator().next();
        assertEquals("127.0.0.1:" + server.port(), row.get("key"));
        CompositeData stats = (CompositeData) row.get("value");
        assertEquals(1L, stats.get("totalCreated"));
        assertEquals(2L, stats.get("totalReused"));
        assertEquals(1, stats.get("idle"));
    }

    @Test
    void writingALimitReconfiguresTheLivePool() throws Exception {
        roundTrips(1);
        mbs.setAttribute(endpointName, new Attribute("MaxConnectionsPerEndpoint", 2));
        mbs.setAttribute(endpointName, new Attribute("MaxIdleTime", 45_000L));
        assertEquals(2, pool.config(endpoint).maxConnectionsPerEndpoint());
        assertEquals(Duration.ofSeconds(45), pool.config(endpoint).maxIdleTime());
        assertEquals(2, mbs.getAttribute(endpointName, "MaxConnectionsPerEndpoint"));
        assertEquals(45_000L, mbs.getAttribute(endpointName, "MaxIdleTime"));
        try (Lease<Transport> a = pool.acquire(endpoint); Lease<Transport> b = pool.acquire(endpoint)) {
            assertThrows(AcquireTimeoutException.class, () -> pool.acquire(endpoint), "limit 2 must hold");
        }
        mbs.setAttribute(endpointName, new Attribute("AcquireTimeout", 50L));
        assertEquals(Duration.ofMillis(50), pool.config(endpoint).acquireTimeout());
        assertBalanced(pool);
    }

    @Test
    void anInvalidLimitIsRefusedWithTheSettingNamedAndThePoolUnchanged() throws Exception {
        roundTrips(1);
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                () -> mbs.setAttribute(endpointName, new Attribute("MaxConnectionsPerEndpoint", 0)));
        Throwable cause = e.getCause();
        assertEquals(IllegalArgumentException.class, cause.getClass(), "a plain JDK type, readable by any JMX client");
        assertTrue(cause.getMessage().contains("maxConnectionsPerEndpoint = 0"), cause.getMessage());
        assertEquals(10, pool.config(endpoint).maxConnectionsPerEndpoint());
    }

    @Test
    void clearEndpointOperationsCloseIdleConnections() throws Exception {
        roundTrips(2);
        assertEquals(1, pool.stats(endpoint).idle());
        mbs.invoke(endpointName, "clearEndpoint", null, null);
        assertEquals(0, (int) mbs.getAttribute(endpointName, "Idle"));
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)));
        roundTrips(1);
        assertEquals(2L, mbs.getAttribute(endpointName, "TotalCreated"), "next request reconnects");
        mbs.invoke(poolName, "clearEndpoint", new Object[] {"127.0.0.1", server.port(), false},
                new String[] {"java.lang.String", "int", "boolean"});
        assertEquals(0, pool.stats(endpoint).idle());
        RuntimeMBeanException bad = assertThrows(RuntimeMBeanException.class, () -> mbs.invoke(poolName,
                "clearEndpoint", new Object[] {"127.0.0.1", 0, false}, new String[] {"java.lang.String", "int", "boolean"}));
        assertTrue(bad.getCause().getMessage().contains("port 0"), bad.getCause().getMessage());
    }

    @Test
    void everyAttributeOperationAndParameterIsDescribed() throws Exception {
        roundTrips(1);
        for (ObjectName name : List.of(poolName, endpointName)) {
            MBeanInfo info = mbs.getMBeanInfo(name);
            assertTrue(info.getDescription().startsWith("conpool"), info.getDescription());
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertNotNull(a.getDescription());
                assertFalse(a.getDescription().isBlank() || a.getDescription().equals(a.getName()),
                        name + " attribute " + a.getName() + " has no description");
            }
            for (MBeanOperationInfo o : info.getOperations()) {
                assertFalse(o.getDescription().equals(o.getName()), o.getName() + " has no description");
                for (var p : o.getSignature()) {
                    assertFalse(p.getName().matches("p\\d+"), "parameter not named: " + p.getName());
                    assertFalse(p.getDescription().equals(p.getName()), "parameter not described: " + p.getName());
                }
            }
        }
        MBeanOperationInfo clear = Arrays.stream(mbs.getMBeanInfo(poolName).getOperations())
                .filter(o -> o.getName().equals("clearEndpoint")).findFirst().orElseThrow();
        assertEquals(List.of("host", "port", "tls"), Arrays.stream(clear.getSignature()).map(p -> p.getName()).toList());
        MBeanAttributeInfo max = Arrays.stream(mbs.getMBeanInfo(endpointName).getAttributes())
                .filter(a -> a.getName().equals("MaxConnectionsPerEndpoint")).findFirst().orElseThrow();
        assertTrue(max.isWritable());
        MBeanAttributeInfo active = Arrays.stream(mbs.getMBeanInfo(endpointName).getAttributes())
                .filter(a -> a.getName().equals("Active")).findFirst().orElseThrow();
        assertFalse(active.isWritable());
    }

    @Test
    void closingTheRegistrationOrThePoolLeavesNoBean() throws Exception {
        roundTrips(1);
        beans.close();
        assertFalse(mbs.isRegistered(poolName));
        assertFalse(mbs.isRegistered(endpointName));
        roundTrips(1);
        assertFalse(mbs.isRegistered(endpointName), "a closed registration registers nothing new");

        PoolMBeans again = PoolMBeans.register(pool, mbs);
        assertTrue(mbs.isRegistered(endpointName), "existing endpoints are registered at once");
        pool.close();
        assertFalse(mbs.isRegistered(poolName));
        assertFalse(mbs.isRegistered(endpointName));
        assertTrue(again.names().isEmpty());
    }

    @Test
    void aDuplicateNameIsReportedNotThrown() throws Exception {
        roundTrips(1);
        try (ConnectionPool<Transport> twin = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                .name("jmx-test").build(); PoolMBeans twinBeans = PoolMBeans.register(twin, mbs)) {
            twin.withConnection(endpoint, l -> Lines.roundTrip(l.connection(), "twin"));
            assertTrue(twinBeans.names().isEmpty(), "the twin holds no name");
            assertEquals(1L, mbs.getAttribute(endpointName, "TotalCreated"), "the first pool's bean stays");
        }
        assertTrue(mbs.isRegistered(poolName), "closing the twin does not remove the first pool's beans");
    }

    /** The endpoint bean's setting attributes are exactly PoolConfig.SETTINGS: names, types, writability, descriptions. */
    @Test
    void endpointAttributesComeFromTheSettingsList() throws Exception {
        roundTrips(1);
        Map<String, MBeanAttributeInfo> attrs = new java.util.LinkedHashMap<>();
        for (MBeanAttributeInfo a : mbs.getMBeanInfo(endpointName).getAttributes()) {
            attrs.put(a.getName(), a);
        }
        Set<String> expected = new java.util.LinkedHashSet<>(List.of("PoolName", "Endpoint", "Host", "Port", "Tls", "Open",
                "Configuration", "TlsCertificateExpiry", "TlsMaterial"));
        for (var c : io.conpool.EndpointStats.class.getRecordComponents()) {
            expected.add(EndpointPoolBean.capitalize(c.getName()));
        }
        for (Setting<?> s : PoolConfig.SETTINGS.list()) {
            String name = EndpointPoolBean.capitalize(s.name());
            boolean writable = s.isLiveWritable() && s.scope() == Setting.Scope.ENDPOINT;
            MBeanAttributeInfo a = attrs.get(name);
            assertNotNull(a, "no attribute for " + s.name());
            expected.add(name);
            assertEquals(s.isDuration() ? "long" : s.type() == Integer.class ? "int" : s.type().getName(), a.getType(),
                    name + " type");
            assertEquals(writable, a.isWritable(), name + " writable");
            assertTrue(a.getDescription().startsWith(s.doc()), a.getDescription());
            assertEquals(writable, a.getDescription().contains("changes this running pool only"), a.getDescription());
            if (s.isDuration()) {
                MBeanAttributeInfo text = attrs.get(name + "Text");
                assertNotNull(text, "no text attribute for " + s.name());
                expected.add(name + "Text");
                assertEquals("java.lang.String", text.getType());
                assertEquals(writable, text.isWritable(), name + "Text writable");
                assertEquals(s.show(pool.config(endpoint).get(s)), mbs.getAttribute(endpointName, name + "Text"));
            }
        }
        assertEquals(expected, attrs.keySet(), "attributes other than the settings, the stats and the endpoint's identity");
    }

    /** The typed interface stays a valid client view: each of its attributes exists with the same type. */
    @Test
    void theMXBeanInterfaceIsASubsetForProxies() throws Exception {
        roundTrips(1);
        Map<String, String> types = new java.util.HashMap<>();
        for (MBeanAttributeInfo a : mbs.getMBeanInfo(endpointName).getAttributes()) {
            types.put(a.getName(), a.getType());
        }
        for (java.lang.reflect.Method m : EndpointPoolMXBean.class.getMethods()) {
            String n = m.getName();
            if (m.getParameterCount() == 0 && (n.startsWith("get") || n.startsWith("is"))) {
                String attr = n.substring(n.startsWith("get") ? 3 : 2);
                assertEquals(m.getReturnType().getName(), types.get(attr), attr);
            }
        }
        EndpointPoolMXBean proxy = JMX.newMXBeanProxy(mbs, endpointName, EndpointPoolMXBean.class);
        proxy.setReadTimeout(1500);
        assertEquals(Duration.ofMillis(1500), pool.config(endpoint).readTimeout());
        assertEquals(1500L, proxy.getReadTimeout());
        assertEquals(1L, proxy.getTotalCreated());
    }

    @Test
    void durationsAreWritableAsTextWithTheSameMessagesAsEverywhere() throws Exception {
        roundTrips(1);
        mbs.setAttribute(endpointName, new Attribute("MaxIdleTimeText", "30s"));
        assertEquals(Duration.ofSeconds(30), pool.config(endpoint).maxIdleTime());
        assertEquals(30_000L, mbs.getAttribute(endpointName, "MaxIdleTime"));
        assertEquals("30s", mbs.getAttribute(endpointName, "MaxIdleTimeText"));
        mbs.setAttribute(endpointName, new Attribute("LeakDetectionThresholdText", "off"));
        assertEquals("off", mbs.getAttribute(endpointName, "LeakDetectionThresholdText"));
        for (String bad : List.of("abc", "-1s", "3074457345618258603m", "400d")) {
            RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                    () -> mbs.setAttribute(endpointName, new Attribute("MaxIdleTimeText", bad)));
            assertEquals(IllegalArgumentException.class, e.getCause().getClass());
            String expected;
            try {
                PoolConfig.builder().set("maxIdleTime", bad).build();
                throw new AssertionError(bad + " accepted");
            } catch (io.conpool.InvalidConfigException ice) {
                expected = ice.getMessage();
            }
            assertTrue(e.getCause().getMessage().startsWith(expected), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains("unchanged"), e.getCause().getMessage());
        }
        assertEquals(Duration.ofSeconds(30), pool.config(endpoint).maxIdleTime(), "refused writes change nothing");
        assertThrows(javax.management.AttributeNotFoundException.class,
                () -> mbs.setAttribute(endpointName, new Attribute("HousekeepingPeriodText", "5s")), "pool-wide: read-only");
        assertThrows(javax.management.AttributeNotFoundException.class,
                () -> mbs.setAttribute(endpointName, new Attribute("Active", 3)));
    }
}
