package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-endpoint and global limits under contention, timeouts and waiter queue bounds. */
@Timeout(120)
class LimitsTest {

    @Test
    void sixtyFourThreadsNeverOpenMoreThanTheLimit() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(4).acquireTimeout(Duration.ofSeconds(60)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            AtomicInteger wrong = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            runThreads(64, t -> {
                for (int i = 0; i < 200; i++) {
                    String line = "t" + t + "-" + i;
                    String reply = pool.withConnection(ep, l -> Lines.roundTrip(l.connection(), line));
                    if (!line.equals(reply)) {
                        wrong.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
            });
            assertEquals(64 * 200, done.get());
            assertEquals(0, wrong.get(), "answers went to the wrong caller");
            assertTrue(server.peakConnections() <= 4, "server saw " + server.peakConnections() + " connections");
            EndpointStats s = pool.stats(ep);
            assertTrue(s.totalCreated() <= 4, s.toString());
            assertEquals(64 * 200, s.totalReused() + s.cacheMisses());
            assertEquals(0, s.acquireTimeouts());
            assertBalanced(pool);
        }
    }

    @Test
    void twentyEndpointsShareTheGlobalCap() throws Exception {
        List<LineServer> servers = new ArrayList<>();
        // open sockets as the pool's hooks see them: created after a slot is taken, closed before it is freed
        AtomicInteger openSockets = new AtomicInteger();
        AtomicInteger openPeak = new AtomicInteger();
        try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                .maxConnectionsPerEndpoint(4).maxTotalConnections(8).acquireTimeout(Duration.ofSeconds(60))
                .onConnectionCreated(e -> openPeak.accumulateAndGet(openSockets.incrementAndGet(), Math::max))
                .onConnectionClosed(e -> openSockets.decrementAndGet())
                .build())) {
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                LineServer s = LineServer.echo();
                servers.add(s);
                endpoints.add(Endpoint.plain("127.0.0.1", s.port()));
            }
            AtomicInteger wrong = new AtomicInteger();
            runThreads(40, t -> {
                for (int i = 0; i < 60; i++) {
                    Endpoint ep = endpoints.get((t + i) % endpoints.size());
                    String line = t + ":" + i;
                    String reply = pool.withConnection(ep, l -> Lines.roundTrip(l.connection(), line));
                    if (!line.equals(reply)) {
                        wrong.incrementAndGet();
                    }
                }
            });
            assertEquals(0, wrong.get());
            assertTrue(openPeak.get() <= 8, openPeak.get() + " sockets were open at once");
            for (Endpoint ep : endpoints) {
                assertTrue(pool.stats(ep).totalCreated() > 0, "endpoint " + ep + " was starved");
            }
            int accepted = servers.stream().mapToInt(LineServer::acceptedConnections).sum();
            long created = pool.allStats().values().stream().mapToLong(EndpointStats::totalCreated).sum();
            assertEquals(created, accepted, "every connection the pool created reached a server");
            assertBalanced(pool);
            pool.close();
            assertEquals(0, openSockets.get(), "close() closed every socket");
        } finally {
            servers.forEach(LineServer::close);
        }
    }

    @Test
    void idleConnectionOfAnotherEndpointIsClosedToMakeRoomAtTheGlobalCap() throws Exception {
        try (LineServer a = LineServer.echo(); LineServer b = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(2).maxTotalConnections(2).acquireTimeout(Duration.ofSeconds(10)).build())) {
            Endpoint epA = Endpoint.plain("127.0.0.1", a.port());
            Endpoint epB = Endpoint.plain("127.0.0.1", b.port());
            Lease<Transport> a1 = pool.acquire(epA);
            Lease<Transport> a2 = pool.acquire(epA);
            a1.close();
            a2.close(); // two idle connections to A fill the cap
            try (Lease<Transport> lb = pool.acquire(epB)) {
                assertEquals("x", Lines.roundTrip(lb.connection(), "x"));
            }
            assertEquals(1, pool.stats(epA).totalClosed(), "the oldest idle connection of A makes room");
            assertEquals(1, pool.stats(epB).totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void acquireTimeoutSaysWhatThePoolHolds() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ofMillis(200)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> held = pool.acquire(ep)) {
                AcquireTimeoutException e = assertThrows(AcquireTimeoutException.class, () -> pool.acquire(ep));
                String m = e.getMessage();
                assertTrue(m.contains(ep.toString()), m);
                assertTrue(m.contains("active=1"), m);
                assertTrue(m.contains("idle=0"), m);
                assertTrue(m.contains("waiting=0"), m);
                assertTrue(m.contains("limit=1"), m);
                assertTrue(m.contains("200 ms"), m);
            }
            EndpointStats s = pool.stats(ep);
            assertEquals(1, s.acquireTimeouts());
            assertEquals(0, s.waiting());
            // the timed-out caller left no trace: the connection is reusable
            try (Lease<Transport> again = pool.acquire(ep)) {
                assertTrue(again.isReused());
            }
            assertBalanced(pool);
        }
    }

    @Test
    void zeroAcquireTimeoutFailsAtOnceWhenNothingIsFree() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ZERO).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> held = pool.acquire(ep)) {
                assertThrows(AcquireTimeoutException.class, () -> pool.acquire(ep));
            }
        }
    }

    @Test
    void waitQueueBeyondMaxWaitersFailsFast() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).maxWaitersPerEndpoint(1).acquireTimeout(Duration.ofSeconds(30)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> held = pool.acquire(ep);
            ExecutorService exec = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> waiter = exec.submit(() -> {
                    try (Lease<Transport> l = pool.acquire(ep)) {
                        return l.isReused();
                    }
                });
                assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == 1, Duration.ofSeconds(10)));
                WaitQueueFullException e = assertThrows(WaitQueueFullException.class, () -> pool.acquire(ep));
                assertTrue(e.getMessage().contains("maxWaitersPerEndpoint=1"), e.getMessage());
                held.close();
                assertTrue(waiter.get(10, TimeUnit.SECONDS), "the waiter got the released connection");
            } finally {
                exec.shutdownNow();
            }
            assertEquals(1, pool.stats(ep).acquireTimeouts());
            assertBalanced(pool);
        }
    }

    @Test
    void interruptedWaiterLeavesNoTrace() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ofSeconds(60)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> held = pool.acquire(ep);
            AtomicInteger interruptedFlag = new AtomicInteger();
            CountDownLatch failed = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    pool.acquire(ep).close();
                } catch (AcquireInterruptedException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        interruptedFlag.set(1);
                    }
                    failed.countDown();
                } catch (ConpoolException e) {
                    // wrong exception: the latch stays closed and the test fails
                }
            });
            t.start();
            assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == 1, Duration.ofSeconds(10)));
            t.interrupt();
            assertTrue(failed.await(10, TimeUnit.SECONDS), "waiter did not fail with AcquireInterruptedException");
            assertEquals(1, interruptedFlag.get(), "interrupt status must be kept");
            t.join(10_000);
            assertEquals(0, pool.stats(ep).waiting());
            held.close();
            try (Lease<Transport> again = pool.acquire(ep)) {
                assertTrue(again.isReused());
            }
            assertEquals(1, pool.stats(ep).totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void raisingTheLimitAtRunTimeServesWaiters() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ofSeconds(30)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> held = pool.acquire(ep);
            ExecutorService exec = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> waiter = exec.submit(() -> {
                    try (Lease<Transport> l = pool.acquire(ep)) {
                        return l.isReused();
                    }
                });
                assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == 1, Duration.ofSeconds(10)));
                pool.configure(ep, pool.config(ep).toBuilder().maxConnectionsPerEndpoint(2).build());
                assertFalse(waiter.get(10, TimeUnit.SECONDS), "the waiter opened a second connection");
                assertEquals(2, pool.config(ep).maxConnectionsPerEndpoint());
            } finally {
                exec.shutdownNow();
                held.close();
            }
            assertEquals(2, pool.stats(ep).totalCreated());
            // lowering the limit closes the surplus idle connection
            pool.configure(ep, pool.config(ep).toBuilder().maxConnectionsPerEndpoint(1).build());
            assertEquals(1, pool.stats(ep).open());
            assertBalanced(pool);
        }
    }

    /** Body of a test thread. */
    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    static void runThreads(int n, ThreadBody body) throws Exception {
        ExecutorService exec = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int id = t;
                futures.add(exec.submit(() -> {
                    start.await();
                    body.run(id);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(100, TimeUnit.SECONDS);
            }
        } finally {
            exec.shutdownNow();
        }
    }
}
