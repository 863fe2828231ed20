package io.conpool.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.AcquireTimeoutException;
import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.PoolClosedException;
import io.conpool.jmx.ObjectNames;
import io.conpool.testing.LineServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter without a server: {@code createConnectionFactory()} against a real loopback echo server. */
class NonManagedFactoryTest {
    private final MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    private LineServer server;
    private ConpoolResourceAdapter adapter;
    private ConpoolManagedConnectionFactory mcf;

    @BeforeEach
    void start() throws Exception {
        server = LineServer.echo();
        adapter = new ConpoolResourceAdapter();
        adapter.start(null);
        mcf = definition("rar-test", server.port());
    }

    private ConpoolManagedConnectionFactory definition(String poolName, int port) throws Exception {
        ConpoolManagedConnectionFactory f = new ConpoolManagedConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setPoolName(poolName);
        f.setResourceAdapter(adapter);
        return f;
    }

    @AfterEach
    void stop() throws Exception {
        adapter.stop();
        assertTrue(mbs.queryNames(new ObjectName("io.conpool:*"), null).isEmpty(), "no bean after stop()");
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)), "no socket after stop()");
        server.close();
    }

    private static String roundTrip(ConpoolConnection c, String line) throws IOException {
        c.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        c.output().flush();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = c.input().read()) != '\n') {
            if (b < 0) {
                throw new IOException("eof");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private ConnectionPool<?> pool() {
        return adapter.openPool("rar-test");
    }

    @Test
    void handlesReuseOneEngineConnection() throws Exception {
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) mcf.createConnectionFactory();
        assertEquals(Endpoint.plain("127.0.0.1", server.port()), factory.endpoint());
        for (int i = 0; i < 20; i++) {
            try (ConpoolConnection c = factory.getConnection()) {
                assertEquals("hello " + i, roundTrip(c, "hello " + i));
                assertEquals(i > 0, c.isReused());
            }
        }
        EndpointStats s = pool().stats(factory.endpoint());
        assertEquals(1, s.totalCreated());
        assertEquals(19, s.totalReused());
        assertEquals(1, s.idle());
        assertEquals(0, s.active());
        assertEquals(1, server.acceptedConnections());
    }

    @Test
    void concurrentHandlesNeverExceedTheLimit() throws Exception {
        mcf.setMaxConnectionsPerEndpoint("3");
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) mcf.createConnectionFactory();
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int id = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        try (ConpoolConnection c = factory.getConnection()) {
                            assertEquals(id + "/" + i, roundTrip(c, id + "/" + i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        EndpointStats s = pool().stats(factory.endpoint());
        assertTrue(server.acceptedConnections() <= 3, "server saw " + server.acceptedConnections());
        assertEquals(server.acceptedConnections(), s.totalCreated());
        assertEquals(600, s.totalCreated() + s.totalReused());
        assertEquals(0, s.active());
    }

    @Test
    void jmxBeansFollowTheAdapter() throws Exception {
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) mcf.createConnectionFactory();
        ObjectName poolBean = ObjectNames.pool("rar-test");
        assertTrue(mbs.isRegistered(poolBean));
        try (ConpoolConnection c = factory.getConnection()) {
            roundTrip(c, "x");
        }
        ObjectName endpointBean = ObjectNames.endpoint("rar-test", factory.endpoint());
        assertEquals(1L, mbs.getAttribute(endpointBean, "TotalCreated"));
        adapter.stop();
        assertFalse(mbs.isRegistered(poolBean));
        assertFalse(mbs.isRegistered(endpointBean));
        assertThrows(PoolClosedException.class, factory::getConnection);
    }

    @Test
    void theEnginesAcquireTimeoutReachesTheApplication() throws Exception {
        mcf.setMaxConnectionsPerEndpoint("1");
        mcf.setAcquireTimeout("100ms");
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) mcf.createConnectionFactory();
        try (ConpoolConnection held = factory.getConnection()) {
            AcquireTimeoutException e = assertThrows(AcquireTimeoutException.class, factory::getConnection);
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
        }
        assertEquals(1, pool().stats(factory.endpoint()).acquireTimeouts());
        assertEquals(0, pool().stats(factory.endpoint()).active(), "the failed attempt leaked no slot");
    }

    @Test
    void invalidateAndBrokenStreamsCloseTheEngineConnection() throws Exception {
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) mcf.createConnectionFactory();
        try (ConpoolConnection c = factory.getConnection()) {
            roundTrip(c, "a");
            c.invalidate();
            assertThrows(IllegalStateException.class, c::input);
        }
        assertEquals(0, pool().stats(factory.endpoint()).idle());
        assertEquals(1, pool().stats(factory.endpoint()).errors());
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)));
    }

    @Test
    void aSecondRaInstanceWithTheSamePoolNameKeepsWorkingWithoutBeans() throws Exception {
        ConpoolConnectionFactory first = (ConpoolConnectionFactory) mcf.createConnectionFactory();
        ConpoolResourceAdapter other = new ConpoolResourceAdapter();
        other.start(null);
        try {
            ConpoolManagedConnectionFactory twin = new ConpoolManagedConnectionFactory();
            twin.setHost("127.0.0.1");
            twin.setPort(server.port());
            twin.setPoolName("rar-test");
            twin.setResourceAdapter(other);
            ConpoolConnectionFactory second = (ConpoolConnectionFactory) twin.createConnectionFactory();
            try (ConpoolConnection c = second.getConnection()) {
                assertEquals("twin", roundTrip(c, "twin"));
            }
            try (ConpoolConnection c = first.getConnection()) {
                assertEquals("first", roundTrip(c, "first"));
            }
            assertNotEquals(adapter, other, "adapters are equal only to themselves");
        } finally {
            other.stop();
        }
        assertTrue(mbs.isRegistered(ObjectNames.pool("rar-test")), "the first adapter's bean is untouched");
    }

    @Test
    void theFactoryIsReferenceable() throws Exception {
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) mcf.createConnectionFactory();
        assertInstanceOf(jakarta.resource.Referenceable.class, factory);
        javax.naming.Reference ref = new javax.naming.Reference(ConpoolConnectionFactory.class.getName());
        ((jakarta.resource.Referenceable) factory).setReference(ref);
        assertEquals(ref, factory.getReference());
    }
}
