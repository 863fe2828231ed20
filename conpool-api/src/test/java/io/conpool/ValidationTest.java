package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.spi.ProtocolHandler;
import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Validation before reuse: protocol health, the stale check, the user health check. */
@Timeout(60)
class ValidationTest {

    @Test
    void connectionsClosedByTheServerWhileIdleAreNeverHandedOut() throws Exception {
        // the server closes connections idle for 100 ms, like an HTTP keep-alive timeout
        try (LineServer server = LineServer.plain(LineServer.Mode.ECHO, Duration.ofMillis(100));
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(3).validateAfterInactivity(Duration.ZERO).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            for (int round = 0; round < 5; round++) {
                Lease<Transport> a = pool.acquire(ep);
                Lease<Transport> b = pool.acquire(ep);
                Lease<Transport> c = pool.acquire(ep);
                for (Lease<Transport> l : new Lease[] {a, b, c}) {
                    assertEquals("r" + round, Lines.roundTrip(l.connection(), "r" + round));
                    l.close();
                }
                assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)), "server closes idle connections");
                // every request after the server closed them must still succeed on the first try
                for (int i = 0; i < 3; i++) {
                    try (Lease<Transport> l = pool.acquire(ep)) {
                        assertEquals("after" + i, Lines.roundTrip(l.connection(), "after" + i));
                    }
                }
                assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
            }
            EndpointStats s = pool.stats(ep);
            assertTrue(s.errors() >= 5, "stale connections are counted as failed validations: " + s);
            assertBalanced(pool);
        }
    }

    @Test
    void staleCheckIsSkippedForRecentlyUsedConnections() throws Exception {
        AtomicInteger created = new AtomicInteger();
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .validateAfterInactivity(Duration.ofHours(1))
                     .onConnectionCreated(e -> created.incrementAndGet()).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            server.dropAllConnections();
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
            // not idle long enough for a check: the dead connection is handed out; the caller sees the failure
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertTrue(l.isReused(), "handed out without a stale check, so isReused tells the caller to retry");
                l.invalidate();
            }
            assertEquals(1, created.get());
        }
    }

    @Test
    void failedUserHealthCheckReplacesTheConnectionAndCounts() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        AtomicInteger checks = new AtomicInteger();
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .healthCheck(t -> {
                         checks.incrementAndGet();
                         return healthy.get();
                     }).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            pool.acquire(ep).close();
            assertEquals(1, checks.get(), "checked before the reuse only");
            healthy.set(false);
            healthy.set(false);
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
            }
            EndpointStats s = pool.stats(ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.errors());
            assertEquals(1, s.totalClosed());
            assertBalanced(pool);
        }
    }

    @Test
    void throwingHealthCheckCountsAsUnhealthy() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .healthCheck(t -> {
                         throw new IllegalStateException("broken check");
                     }).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
            }
            assertEquals(1, pool.stats(ep).errors());
            assertBalanced(pool);
        }
    }

    @Test
    void protocolHandlerHealthIsCheckedBeforeReuse() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        ProtocolHandler<Transport> handler = new ProtocolHandler<>() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public Transport init(Transport transport) {
                return transport;
            }

            @Override
            public boolean isHealthy(Transport state) {
                return healthy.get();
            }
        };
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.builder(handler).build()) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            healthy.set(false);
            Lease<Transport> l = pool.acquire(ep);
            assertFalse(l.isReused());
            healthy.set(true);
            l.close();
            assertEquals(1, pool.stats(ep).errors());
            assertEquals(1, pool.stats(ep).idle());
            assertBalanced(pool);
        }
    }
}
