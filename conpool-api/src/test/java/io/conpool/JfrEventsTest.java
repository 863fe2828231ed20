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
}
