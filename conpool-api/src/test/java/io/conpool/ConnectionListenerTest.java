package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.fixtures.ManualTicker;
import io.conpool.testing.LineServer;
import io.conpool.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link ConnectionListener} contract on real sockets: each close reason where it happens,
 * acquires and releases with their times, stale connections, leaks, and a listener that throws.
 */
@Timeout(60)
class ConnectionListenerTest {
    private final ManualTicker clock = new ManualTicker();
    private final Recorder events = new Recorder();
    private LineServer server;
    private Endpoint ep;

    /** Records every event as text, in order. */
    static final class Recorder implements ConnectionListener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<Long> times = new CopyOnWriteArrayList<>();

        @Override
        public void acquired(Endpoint endpoint, long waitNanos, boolean reused) {
            seen.add("acquired " + (reused ? "reused" : "new"));
            times.add(waitNanos);
        }

        @Override
        public void acquireFailed(Endpoint endpoint, long waitNanos, ConpoolException error) {
            seen.add("acquireFailed " + error.getClass().getSimpleName());
            times.add(waitNanos);
        }

        @Override
        public void released(Endpoint endpoint, long heldNanos) {
            seen.add("released");
            times.add(heldNanos);
        }

        @Override
        public void connectionClosed(Endpoint endpoint, CloseReason reason, long ageNanos) {
            seen.add("closed " + reason);
            times.add(ageNanos);
        }

        @Override
        public void staleDetected(Endpoint endpoint, long idleNanos) {
            seen.add("stale");
        }

        @Override
        public void leakSuspected(Endpoint endpoint, long heldNanos, Throwable acquiredAt) {
            seen.add("leak " + (acquiredAt.getStackTrace().length > 0));
        }

        List<String> closes() {
            return seen.stream().filter(s -> s.startsWith("closed")).toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = LineServer.echo();
        ep = Endpoint.plain("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConnectionPool<Transport> pool(PoolConfig.Builder b) {
        // a fast housekeeper on a manual clock: nothing expires until the test advances the clock
        ConnectionPool<Transport> pool = ConnectionPool.create(b.ticker(clock).housekeepingPeriod(Duration.ofMillis(20)).build());
        pool.addConnectionListener(events);
        return pool;
    }

    @Test
    void acquireAndReleaseAreReportedWithTheirTimes() throws Exception {
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("a", Lines.roundTrip(l.connection(), "a"));
            }
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertTrue(l.isReused());
            }
            assertEquals(List.of("acquired new", "released", "acquired reused", "released"), events.seen);
            assertTrue(events.times.stream().allMatch(t -> t >= 0), "times are durations: " + events.times);
            assertTrue(events.times.get(0) > 0, "a connect takes time");
        }
    }

    @Test
    void eachCloseReasonIsReportedWhereItHappens() throws Exception {
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder().maxConnectionUses(2)
                .maxIdleTime(Duration.ofSeconds(60)).maxConnectionLifetime(Duration.ofMinutes(30)))) {
            pool.acquire(ep).invalidate();
            assertEquals(List.of("closed BROKEN"), events.closes());

            pool.acquire(ep).close();
            pool.acquire(ep).close(); // second use of that connection
            assertEquals("closed USES", events.closes().get(1));

            pool.acquire(ep).close();
            clock.advance(Duration.ofSeconds(61));
            assertTrue(LineServer.awaitCondition(() -> events.closes().size() == 3, Duration.ofSeconds(10)));
            assertEquals("closed IDLE", events.closes().get(2));

            pool.acquire(ep).close();
            clock.advance(Duration.ofMinutes(31)); // past the lifetime, idle check comes second
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
            }
            assertEquals("closed LIFETIME", events.closes().get(3));

            pool.clearEndpoint(ep);
            assertEquals("closed CLEARED", events.closes().get(4));

            pool.acquire(ep).close();
            pool.close();
            assertEquals("closed POOL_CLOSED", events.closes().get(5));
            assertEquals(6, events.closes().size(), events.seen.toString());
        }
    }

    @Test
    void aStaleConnectionIsReportedAndClosedAsStale() throws Exception {
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            pool.acquire(ep).close();
            // the server registers a connection after our connect returns: drop it only once it has
            assertTrue(server.awaitOpenConnections(1, Duration.ofSeconds(10)));
            server.dropAllConnections();
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(1)); // past validateAfterInactivity
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused(), events.seen + " " + pool.stats(ep));
                assertEquals("b", Lines.roundTrip(l.connection(), "b"));
            }
            assertTrue(events.seen.contains("stale"), events.seen.toString());
            assertEquals(List.of("closed STALE"), events.closes());
            assertBalanced(pool);
        }
    }

    @Test
    void anIdleConnectionEvictedAtTheGlobalCapIsReportedAsEvicted() throws Exception {
        try (LineServer other = LineServer.echo();
             ConnectionPool<Transport> pool = pool(PoolConfig.builder().maxConnectionsPerEndpoint(1).maxTotalConnections(1))) {
            pool.acquire(ep).close();
            try (Lease<Transport> l = pool.acquire(Endpoint.plain("127.0.0.1", other.port()))) {
                assertFalse(l.isReused());
            }
            assertEquals(List.of("closed EVICTED"), events.closes());
        }
    }

    @Test
    void timeoutsAndLeaksAreReported() throws Exception {
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder().maxConnectionsPerEndpoint(1)
                .acquireTimeout(Duration.ofMillis(50)).leakDetectionThreshold(Duration.ofSeconds(5)))) {
            Lease<Transport> held = pool.acquire(ep);
            assertThrows(AcquireTimeoutException.class, () -> pool.acquire(ep));
            assertTrue(events.seen.contains("acquireFailed AcquireTimeoutException"), events.seen.toString());
            clock.advance(Duration.ofSeconds(6));
            assertTrue(LineServer.awaitCondition(() -> events.seen.contains("leak true"), Duration.ofSeconds(10)),
                    events.seen.toString());
            held.close();
        }
    }

    @Test
    void aListenerThatThrowsIsLoggedOnceAndNeverBreaksThePool() throws Exception {
        ConnectionListener broken = new ConnectionListener() {
            @Override
            public void acquired(Endpoint endpoint, long waitNanos, boolean reused) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (LogCapture log = LogCapture.atLeast(Level.WARNING);
             ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            pool.addConnectionListener(broken);
            for (int i = 0; i < 3; i++) {
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals("c" + i, Lines.roundTrip(l.connection(), "c" + i));
                }
            }
            long warnings = log.records().stream().filter(r -> r.getMessage().contains("listener bug")
                    || r.getThrown() != null && "listener bug".equals(r.getThrown().getMessage())).count();
            assertEquals(1, warnings, "logged once");
            assertEquals(3, events.seen.stream().filter(s -> s.startsWith("acquired")).count(), "other listeners still told");
            pool.removeConnectionListener(broken);
            pool.removeConnectionListener(events);
            pool.acquire(ep).close();
            assertEquals(6, events.seen.size(), "a removed listener hears nothing more: " + events.seen);
        }
    }
}
