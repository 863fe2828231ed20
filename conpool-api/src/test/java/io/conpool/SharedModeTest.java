package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.MuxProtocol;
import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shared(n) connections with a multiplexing protocol over real sockets. */
@Timeout(120)
class SharedModeTest {
    private LineServer server;
    private Endpoint ep;

    @BeforeEach
    void start() throws Exception {
        server = LineServer.plain(LineServer.Mode.TAGGED, null);
        ep = Endpoint.plain("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConnectionPool<MuxProtocol.Connection> pool(int maxConcurrent, int maxConnections) {
        return ConnectionPool.builder(new MuxProtocol(maxConcurrent)).config(PoolConfig.builder()
                .maxConnectionsPerEndpoint(maxConnections).acquireTimeout(Duration.ofSeconds(60)).build()).build();
    }

    @Test
    void manyCallersShareOneConnection() throws Exception {
        try (ConnectionPool<MuxProtocol.Connection> pool = pool(10, 1)) {
            AtomicInteger wrong = new AtomicInteger();
            java.util.Set<MuxProtocol.Connection> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
            LimitsTest.runThreads(50, t -> {
                for (int i = 0; i < 20; i++) {
                    String payload = "caller" + t + "-" + i;
                    String answer = pool.withConnection(ep, l -> {
                        used.add(l.connection());
                        return l.connection().call(payload);
                    });
                    if (!payload.equals(answer)) {
                        wrong.incrementAndGet();
                    }
                }
            });
            assertEquals(0, wrong.get());
            assertEquals(1, server.acceptedConnections(), "one TCP connection for everybody");
            assertEquals(1, used.size());
            int peak = used.iterator().next().peakInFlight(); // calls in flight at once, counted inside leases
            assertTrue(peak <= 10, "never more than n holders: " + peak);
            assertTrue(peak > 1, "calls were multiplexed: " + peak);
            assertTrue(server.peakInFlight() > 1, "the server saw concurrent requests on one connection");
            EndpointStats s = pool.stats(ep);
            assertEquals(1, s.totalCreated());
            assertEquals(999, s.totalReused());
            assertBalanced(pool);
        }
    }

    @Test
    void aSharedConnectionWithRoomIsPreferredOverANewOne() throws Exception {
        try (ConnectionPool<MuxProtocol.Connection> pool = pool(2, 3)) {
            Lease<MuxProtocol.Connection> a = pool.acquire(ep);
            Lease<MuxProtocol.Connection> b = pool.acquire(ep);
            assertSame(a.connection(), b.connection(), "second holder on the same connection");
            assertTrue(b.isReused());
            assertEquals(1, pool.stats(ep).active());
            Lease<MuxProtocol.Connection> c = pool.acquire(ep);
            assertNotSame(a.connection(), c.connection(), "the first is full: a second connection");
            assertEquals(2, pool.stats(ep).totalCreated());
            a.close();
            Lease<MuxProtocol.Connection> d = pool.acquire(ep);
            assertTrue(d.connection() == b.connection() || d.connection() == c.connection());
            b.close();
            c.close();
            d.close();
            assertEquals(2, pool.stats(ep).idle());
            assertBalanced(pool);
        }
    }

    @Test
    void aColdBurstOpensOneSharedConnectionForEveryone() throws Exception {
        // the handler expects 10 holders per connection: callers wait for the first connection being opened
        try (ConnectionPool<MuxProtocol.Connection> pool = pool(10, 4)) {
            assertEquals(1, burstOfEightHoldingAtOnce(pool));
            assertEquals(1, pool.stats(ep).totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void aColdBurstWaitsForTheSharedConnectionBeingOpened() throws Exception {
        try (ConnectionPool<MuxProtocol.Connection> pool = pool(10, 4)) {
            pool.acquire(ep).close(); // the pool learns that connections here are shared by 10
            pool.clearEndpoint(ep);
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
            assertEquals(1, burstOfEightHoldingAtOnce(pool), "8 callers at once share the one new connection");
            assertEquals(2, pool.stats(ep).totalCreated());
            assertBalanced(pool);
        }
    }

    /** Eight callers acquire at once and hold until all eight hold; returns how many connections they used. */
    private int burstOfEightHoldingAtOnce(ConnectionPool<MuxProtocol.Connection> pool) throws Exception {
        java.util.concurrent.CountDownLatch allHold = new java.util.concurrent.CountDownLatch(8);
        java.util.Set<MuxProtocol.Connection> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        LimitsTest.runThreads(8, t -> {
            try (Lease<MuxProtocol.Connection> l = pool.acquire(ep)) {
                used.add(l.connection());
                allHold.countDown();
                assertTrue(allHold.await(20, TimeUnit.SECONDS), "all 8 hold a lease at once");
            }
        });
        return used.size();
    }

    @Test
    void raisingTheSharedCapacityAtRunTimeServesWaiters() throws Exception {
        try (ConnectionPool<MuxProtocol.Connection> pool = pool(1, 1)) {
            Lease<MuxProtocol.Connection> held = pool.acquire(ep);
            ExecutorService exec = Executors.newSingleThreadExecutor();
            try {
                Future<String> waiter = exec.submit(() -> pool.withConnection(ep, l -> l.connection().call("late")));
                assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == 1, Duration.ofSeconds(10)));
                held.connection().setMaxConcurrent(2); // as a peer raising MAX_CONCURRENT_STREAMS
                assertEquals("late", waiter.get(20, TimeUnit.SECONDS));
            } finally {
                exec.shutdownNow();
            }
            assertEquals("early", held.connection().call("early"));
            held.close();
            assertEquals(1, pool.stats(ep).totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void aDrainingConnectionTakesNoNewHoldersAndClosesWhenTheLastReturns() throws Exception {
        try (ConnectionPool<MuxProtocol.Connection> pool = pool(4, 2)) {
            Lease<MuxProtocol.Connection> a = pool.acquire(ep);
            Lease<MuxProtocol.Connection> b = pool.acquire(ep);
            MuxProtocol.Connection old = a.connection();
            old.drain(); // as a GOAWAY
            try (Lease<MuxProtocol.Connection> c = pool.acquire(ep)) {
                assertNotSame(old, c.connection(), "no new holder on a draining connection");
                assertFalse(c.isReused());
                assertEquals("new", c.connection().call("new"));
            }
            assertEquals("in flight", b.connection().call("in flight"), "existing holders finish their work");
            a.close();
            assertFalse(old.isClosed(), "still one holder");
            b.close();
            assertTrue(old.isClosed(), "closed when the last holder returned");
            EndpointStats s = pool.stats(ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.totalClosed());
            assertEquals(0, s.errors(), "draining is not an error");
            assertBalanced(pool);
        }
    }

    @Test
    void anIdleConnectionThatStartsDrainingIsClosedAtOnce() throws Exception {
        try (ConnectionPool<MuxProtocol.Connection> pool = pool(4, 2)) {
            MuxProtocol.Connection conn;
            try (Lease<MuxProtocol.Connection> a = pool.acquire(ep)) {
                conn = a.connection();
            }
            conn.drain();
            assertTrue(conn.isClosed());
            assertEquals(0, pool.stats(ep).open());
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
            assertBalanced(pool);
        }
    }
}
