package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.JfrCapture;
import io.conpool.fixtures.Lines;
import io.conpool.testing.FaultProxy;
import io.conpool.testing.LineServer;
import io.conpool.testing.TestCerts;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JFR events, recorded with a {@link RecordingStream} while a pool talks to real servers. */
@Timeout(120)
class JfrEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<Class<? extends jdk.jfr.Event>> EVENT_CLASSES = List.of(
            io.conpool.jfr.AcquireEvent.class, io.conpool.jfr.ConnectEvent.class,
            io.conpool.jfr.ConnectionClosedEvent.class, io.conpool.jfr.StaleConnectionEvent.class,
            io.conpool.jfr.LeakSuspectedEvent.class);

    private static PoolConfig.Builder loopback() {
        return PoolConfig.builder().connectRetryCount(0)
                .resolver(host -> List.of(InetAddress.getLoopbackAddress()));
    }

    @Test
    void tlsConnectEventNamesAddressAttemptsProtocolAndCipher() throws Exception {
        try (LineServer server = LineServer.tls(TestCerts.localhost().serverContext());
             JfrCapture jfr = JfrCapture.of("io.conpool.Connect");
             ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                     .name("jfr-tls").config(loopback().sslContext(TestCerts.localhost().clientContext()).build())
                     .build()) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("hi", Lines.roundTrip(l.connection(), "hi"));
            }
            RecordedEvent e = jfr.await("io.conpool.Connect", 1, x -> "jfr-tls".equals(x.getString("pool")), WAIT)
                    .get(0);
            assertEquals("localhost:" + server.port() + "/tls", e.getString("endpoint"));
            assertEquals(1, e.getInt("attempts"));
            assertEquals("127.0.0.1:" + server.port(), e.getString("address"));
            assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(e.getString("tlsProtocol")), e.getString("tlsProtocol"));
            assertTrue(e.getString("cipherSuite").startsWith("TLS_"), e.getString("cipherSuite"));
            assertTrue(e.getDuration("connectTime").toNanos() > 0);
            assertNull(e.getString("error"));
        }
    }

    @Test
    void failedConnectIsRecordedWithEveryAttemptAndTheError() throws Exception {
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             JfrCapture jfr = JfrCapture.of("io.conpool.Connect");
             ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                     .name("jfr-refused").config(loopback().connectRetryCount(2)
                             .connectRetryDelay(Duration.ofMillis(1)).build()).build()) {
            proxy.refuse();
            Endpoint ep = Endpoint.plain("127.0.0.1", proxy.port());
            assertThrows(ConnectionFailedException.class, () -> pool.acquire(ep));
            RecordedEvent e = jfr.await("io.conpool.Connect", 1,
                    x -> "jfr-refused".equals(x.getString("pool")), WAIT).get(0);
            assertEquals(ep.toString(), e.getString("endpoint"));
            assertEquals(3, e.getInt("attempts"));
            assertTrue(e.getString("error").contains("ConnectionFailedException"), e.getString("error"));
            assertNull(e.getString("address"));
            assertNull(e.getString("tlsProtocol"));
        }
    }

    @Test
    void minDurationThresholdDropsFastConnectsButNeverFailures() throws Exception {
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             JfrCapture jfr = new JfrCapture(Map.of("io.conpool.Connect", Map.of("minDuration", "1 h")));
             ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                     .name("jfr-threshold").config(loopback().build()).build()) {
            try (Lease<Transport> l = pool.acquire(Endpoint.plain("127.0.0.1", server.port()))) {
                assertEquals("fast", Lines.roundTrip(l.connection(), "fast"));
            }
            proxy.refuse();
            assertThrows(ConnectionFailedException.class,
                    () -> pool.acquire(Endpoint.plain("127.0.0.1", proxy.port())));
            jfr.await("io.conpool.Connect", 1, x -> "jfr-threshold".equals(x.getString("pool")), WAIT);
            // the failure came after the fast connect: had that been recorded, it would be here by now
            List<RecordedEvent> all = jfr.events("io.conpool.Connect").stream()
                    .filter(x -> "jfr-threshold".equals(x.getString("pool"))).toList();
            assertEquals(1, all.size(), all.toString());
            assertNotNull(all.get(0).getString("error"));
        }
    }

    @Test
    void shippedConpoolJfcEnablesEveryConpoolEventWithItsThresholds() throws Exception {
        Path jfc = Path.of(System.getProperty("conpool.jfc", "../deploy/jfr/conpool.jfc"));
        assertTrue(Files.isRegularFile(jfc), "conpool.jfc not found at " + jfc.toAbsolutePath());
        Configuration config = Configuration.create(jfc);
        assertEquals("true", config.getSettings().get("io.conpool.Acquire#enabled"));
        assertEquals("10 ms", config.getSettings().get("io.conpool.Acquire#minWait"));
        try (LineServer server = LineServer.echo();
             JfrCapture jfr = new JfrCapture(new RecordingStream(config));
             ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                     .name("jfr-jfc").config(loopback().build()).build()) {
            for (Class<? extends jdk.jfr.Event> c : EVENT_CLASSES) {
                EventType type = EventType.getEventType(c);
                assertTrue(type.isEnabled(), type.getName() + " is not enabled by conpool.jfc");
            }
            try (Lease<Transport> l = pool.acquire(Endpoint.plain("127.0.0.1", server.port()))) {
                assertEquals("jfc", Lines.roundTrip(l.connection(), "jfc"));
            }
            jfr.await("io.conpool.Connect", 1, x -> "jfr-jfc".equals(x.getString("pool")), WAIT);
        }
    }

    @Test
    void eventsAreOffInTheJdkDefaultSettings() throws Exception {
        Map<String, String> defaults = Configuration.getConfiguration("default").getSettings();
        assertTrue(defaults.keySet().stream().noneMatch(k -> k.startsWith("io.conpool.")), defaults.toString());
        for (Class<? extends jdk.jfr.Event> c : EVENT_CLASSES) {
            jdk.jfr.Enabled enabled = c.getAnnotation(jdk.jfr.Enabled.class);
            assertNotNull(enabled, c + " must say @Enabled(false)");
            assertEquals(false, enabled.value(), c.getName());
        }
    }

    private static ConnectionPool<Transport> named(String name, PoolConfig.Builder config) {
        return ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE).name(name).config(config.build()).build();
    }

    @Test
    void acquireEventsSayNewReusedOrFailedWithTheWait() throws Exception {
        try (LineServer server = LineServer.echo();
             JfrCapture jfr = JfrCapture.of("io.conpool.Acquire");
             ConnectionPool<Transport> pool = named("jfr-acquire", loopback().maxConnectionsPerEndpoint(1)
                     .acquireTimeout(Duration.ofMillis(50)))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            try (Lease<Transport> held = pool.acquire(ep)) {
                assertEquals("held", Lines.roundTrip(held.connection(), "held"));
                assertThrows(AcquireTimeoutException.class, () -> pool.acquire(ep));
            }
            List<RecordedEvent> events = jfr.await("io.conpool.Acquire", 3,
                    x -> "jfr-acquire".equals(x.getString("pool")), WAIT);
            assertEquals(List.of("new", "reused", "failed"), events.stream().map(x -> x.getString("outcome")).toList());
            assertEquals(List.of(false, true, false), events.stream().map(x -> x.getBoolean("reused")).toList());
            RecordedEvent failed = events.get(2);
            assertTrue(failed.getString("error").contains("AcquireTimeoutException"), failed.getString("error"));
            // acquireTimeout is 50 ms, measured by the engine's coarse clock
            assertTrue(failed.getDuration("waitTime").toMillis() >= 25, failed.toString());
            assertEquals(ep.toString(), failed.getString("endpoint"));
            assertNull(events.get(0).getString("error"));
        }
    }

    @Test
    void minWaitThresholdDropsAcquiresBelowItButNeverFailures() throws Exception {
        try (LineServer server = LineServer.echo();
             JfrCapture jfr = new JfrCapture(Map.of("io.conpool.Acquire", Map.of("minWait", "1 h")));
             ConnectionPool<Transport> pool = named("jfr-min-wait", loopback().maxConnectionsPerEndpoint(1)
                     .acquireTimeout(Duration.ofMillis(30)))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            for (int i = 0; i < 5; i++) {
                pool.acquire(ep).close(); // below the threshold, however busy the machine
            }
            try (Lease<Transport> held = pool.acquire(ep)) {
                assertThrows(AcquireTimeoutException.class, () -> pool.acquire(ep));
            }
            jfr.await("io.conpool.Acquire", 1, x -> "jfr-min-wait".equals(x.getString("pool")), WAIT);
            List<RecordedEvent> all = jfr.events("io.conpool.Acquire").stream()
                    .filter(x -> "jfr-min-wait".equals(x.getString("pool"))).toList();
            assertEquals(1, all.size(), all.toString());
            assertEquals("failed", all.get(0).getString("outcome"));
        }
    }

    @Test
    void closedEventsNameTheReason() throws Exception {
        try (LineServer server = LineServer.echo();
             JfrCapture jfr = JfrCapture.of("io.conpool.ConnectionClosed")) {
            ConnectionPool<Transport> pool = named("jfr-closed", loopback());
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("a", Lines.roundTrip(l.connection(), "a"));
            }
            pool.clearEndpoint(ep);
            Lease<Transport> broken = pool.acquire(ep);
            broken.invalidate();
            pool.acquire(ep).close();
            pool.close();
            List<RecordedEvent> events = jfr.await("io.conpool.ConnectionClosed", 3,
                    x -> "jfr-closed".equals(x.getString("pool")), WAIT);
            assertEquals(List.of("CLEARED", "BROKEN", "POOL_CLOSED"),
                    events.stream().map(x -> x.getString("reason")).toList());
            assertTrue(events.stream().allMatch(x -> x.getDuration("age").toNanos() > 0), events.toString());
        }
    }

    @Test
    void staleConnectionIsRecordedAndClosedAsStale() throws Exception {
        try (LineServer server = LineServer.echo();
             JfrCapture jfr = JfrCapture.of("io.conpool.StaleConnection", "io.conpool.ConnectionClosed");
             ConnectionPool<Transport> pool = named("jfr-stale", loopback().validateAfterInactivity(Duration.ZERO))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            assertTrue(server.awaitOpenConnections(1, WAIT), "the server has accepted it"); // else nothing to drop
            server.dropAllConnections();
            assertTrue(server.awaitOpenConnections(0, WAIT));
            Thread.sleep(50); // the FIN reaches the client socket
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("fresh", Lines.roundTrip(l.connection(), "fresh"));
            }
            RecordedEvent stale = jfr.await("io.conpool.StaleConnection", 1,
                    x -> "jfr-stale".equals(x.getString("pool")), WAIT).get(0);
            assertEquals(ep.toString(), stale.getString("endpoint"));
            jfr.await("io.conpool.ConnectionClosed", 1,
                    x -> "jfr-stale".equals(x.getString("pool")) && "STALE".equals(x.getString("reason")), WAIT);
        }
    }

    @Test
    void leakSuspectedCarriesTheAcquirersStack() throws Exception {
        try (LineServer server = LineServer.echo();
             JfrCapture jfr = JfrCapture.of("io.conpool.LeakSuspected");
             ConnectionPool<Transport> pool = named("jfr-leak", loopback().leakDetectionThreshold(Duration.ofMillis(50))
                     .housekeepingPeriod(Duration.ofMillis(20)))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> held = pool.acquire(ep)) {
                RecordedEvent leak = jfr.await("io.conpool.LeakSuspected", 1,
                        x -> "jfr-leak".equals(x.getString("pool")), WAIT).get(0);
                assertTrue(leak.getString("acquiredAt").contains("leakSuspectedCarriesTheAcquirersStack"),
                        leak.getString("acquiredAt"));
                // leakDetectionThreshold is 50 ms, measured by the engine's coarse clock
                assertTrue(leak.getDuration("heldTime").toMillis() >= 25, leak.toString());
            }
        }
    }
}
