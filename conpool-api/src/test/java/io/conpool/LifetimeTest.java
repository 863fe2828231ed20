package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.ManualTicker;
import io.conpool.testing.LineServer;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle time, lifetime and use limits, driven by an injected clock. */
@Timeout(60)
class LifetimeTest {
    private final ManualTicker clock = new ManualTicker();
    private LineServer server;
    private Endpoint ep;

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
        // the housekeeper runs rarely here: the tests drive expiry through acquire and release
        return ConnectionPool.create(b.ticker(clock).housekeepingPeriod(Duration.ofHours(1)).build());
    }

    @Test
    void idleLongerThanMaxIdleTimeIsClosedNotReused() throws Exception {
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder().maxIdleTime(Duration.ofSeconds(60)))) {
            Socket first;
            try (Lease<Transport> l = pool.acquire(ep)) {
                first = l.connection().socket();
            }
            clock.advance(Duration.ofSeconds(59));
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertSame(first, l.connection().socket(), "59 s idle: still reused");
            }
            clock.advance(Duration.ofSeconds(61));
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertNotSame(first, l.connection().socket(), "61 s idle: replaced");
                assertFalse(l.isReused());
            }
            assertTrue(first.isClosed());
            EndpointStats s = pool.stats(ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.totalClosed());
            assertEquals(0, s.errors(), "expiry is not an error");
            assertBalanced(pool);
        }
    }

    @Test
    void olderThanMaxLifetimeIsClosedEvenWhenBusy() throws Exception {
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder()
                .maxConnectionLifetime(Duration.ofSeconds(100)).maxIdleTime(Duration.ofHours(1)))) {
            Socket first;
            try (Lease<Transport> l = pool.acquire(ep)) {
                first = l.connection().socket();
            }
            clock.advance(Duration.ofSeconds(97)); // inside the 2.5 % jitter band: may or may not have expired
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(1));
                pool.acquire(ep).close();
            }
            // 100 s after creation: certainly expired, whatever the jitter
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertNotSame(first, l.connection().socket());
            }
            assertTrue(first.isClosed());
            assertBalanced(pool);
        }
    }

    @Test
    void lifetimeJitterIsAtMostTwoAndAHalfPercent() throws Exception {
        // 40 connections created at the same instant must not all expire at once, and none before 97.5 %
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder().maxConnectionsPerEndpoint(40)
                .maxConnectionLifetime(Duration.ofSeconds(1000)).maxIdleTime(Duration.ofHours(1)))) {
            @SuppressWarnings("unchecked")
            Lease<Transport>[] leases = new Lease[40];
            for (int i = 0; i < leases.length; i++) {
                leases[i] = pool.acquire(ep);
            }
            for (Lease<Transport> l : leases) {
                l.close();
            }
            clock.advance(Duration.ofMillis(974_999));
            // release and re-acquire all 40: none may expire before 975 s
            for (int i = 0; i < leases.length; i++) {
                leases[i] = pool.acquire(ep);
            }
            for (Lease<Transport> l : leases) {
                l.close();
            }
            assertEquals(40, pool.stats(ep).totalCreated(), "nothing expired before 97.5 % of the lifetime");
            clock.advance(Duration.ofMillis(12_500)); // 987.5 s: about half have expired
            for (int i = 0; i < leases.length; i++) {
                leases[i] = pool.acquire(ep);
            }
            for (Lease<Transport> l : leases) {
                l.close();
            }
            long replaced = pool.stats(ep).totalCreated() - 40;
            assertTrue(replaced > 0 && replaced < 40, "jitter spreads expiry: " + replaced + " of 40 replaced at 98.75 %");
            assertBalanced(pool);
        }
    }

    @Test
    void usedMaxConnectionUsesTimesIsClosedOnReturn() throws Exception {
        try (ConnectionPool<Transport> pool = pool(PoolConfig.builder().maxConnectionUses(3))) {
            Socket first;
            try (Lease<Transport> l = pool.acquire(ep)) {
                first = l.connection().socket();
            }
            pool.acquire(ep).close();
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertSame(first, l.connection().socket(), "third use");
            }
            assertTrue(first.isClosed(), "closed when returned after the third use");
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertNotSame(first, l.connection().socket());
            }
            EndpointStats s = pool.stats(ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.totalClosed());
            assertBalanced(pool);
        }
    }

    @Test
    void housekeeperClosesExpiredIdleConnections() throws Exception {
        try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().ticker(clock)
                .maxIdleTime(Duration.ofSeconds(30)).housekeepingPeriod(Duration.ofMillis(20)).build())) {
            Lease<Transport> a = pool.acquire(ep);
            Lease<Transport> b = pool.acquire(ep);
            a.close();
            clock.advance(Duration.ofSeconds(20));
            b.close();
            clock.advance(Duration.ofSeconds(15)); // a idle 35 s, b idle 15 s
            assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).idle() == 1, Duration.ofSeconds(10)));
            assertTrue(server.awaitOpenConnections(1, Duration.ofSeconds(10)), "the server saw the close");
            clock.advance(Duration.ofSeconds(16));
            assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).idle() == 0, Duration.ofSeconds(10)));
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
            assertEquals(2, pool.stats(ep).totalClosed());
            assertBalanced(pool);
        }
    }
}
