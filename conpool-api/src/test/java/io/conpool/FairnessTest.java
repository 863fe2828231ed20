package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiters are served first come, first served with direct hand-off. Ordering is set up with the
 * pool's own waiting count and latches, never with sleeps.
 */
@Timeout(60)
class FairnessTest {

    @Test
    void waitersAreServedInArrivalOrderAndNobodyBarges() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ofSeconds(30)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> held = pool.acquire(ep);
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch allServed = new CountDownLatch(8);
            for (int i = 1; i <= 8; i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    try (Lease<Transport> l = pool.acquire(ep)) {
                        order.add(id);
                        assertTrue(l.isReused(), "the one connection was handed over");
                    } catch (ConpoolException e) {
                        order.add(-id);
                    } finally {
                        allServed.countDown();
                    }
                }, "waiter-" + id);
                t.start();
                threads.add(t);
                // the next thread starts only once this one is queued
                assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == id, Duration.ofSeconds(10)),
                        "waiter " + id + " did not queue");
            }
            held.close();
            assertTrue(allServed.await(30, TimeUnit.SECONDS));
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), order);
            EndpointStats s = pool.stats(ep);
            assertEquals(1, s.totalCreated());
            assertEquals(8, s.totalReused());
            assertBalanced(pool);
        }
    }

    @Test
    void aFreedSlotGoesToTheOldestWaiter() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ofSeconds(30)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> held = pool.acquire(ep);
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(2);
            for (String name : List.of("first", "second")) {
                Thread t = new Thread(() -> {
                    try (Lease<Transport> l = pool.acquire(ep)) {
                        order.add(name + (l.isReused() ? ":reused" : ":new"));
                    } catch (ConpoolException e) {
                        order.add(name + ":" + e);
                    } finally {
                        done.countDown();
                    }
                });
                t.start();
                int expected = name.equals("first") ? 1 : 2;
                assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == expected, Duration.ofSeconds(10)),
                        name + " waiter did not queue");
            }
            held.invalidate(); // the slot, not the connection, is handed over: the oldest waiter opens a new one
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(List.of("first:new", "second:reused"), order);
            assertBalanced(pool);
        }
    }

    /**
     * Newcomers may take a free connection ahead of a waiter only for a short time: threads that
     * release and at once re-acquire (the worst case for barging) never starve a waiting caller.
     */
    @Test
    void callersThatReacquireAtOnceNeverStarveAWaiter() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ofSeconds(20)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong hogCycles = new java.util.concurrent.atomic.AtomicLong();
            List<Thread> hogs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try (Lease<Transport> l = pool.acquire(ep)) {
                            hogCycles.incrementAndGet();
                        } catch (ConpoolException e) {
                            return;
                        }
                    }
                }, "hog-" + i);
                t.start();
                hogs.add(t);
            }
            try {
                assertTrue(LineServer.awaitCondition(() -> hogCycles.get() >= 500, Duration.ofSeconds(30)),
                        "the hogs got going");
                long worstMillis = 0;
                for (int i = 0; i < 50; i++) {
                    Thread.sleep(1); // arrive while a hog holds the connection, so that this caller waits
                    long start = System.nanoTime();
                    try (Lease<Transport> l = pool.acquire(ep)) {
                        worstMillis = Math.max(worstMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    }
                }
                // generous: the bound is 1 ms, the rest is thread scheduling on a busy machine
                assertTrue(worstMillis < 10_000, "a waiter waited " + worstMillis + " ms");
            } finally {
                stop.set(true);
                for (Thread t : hogs) {
                    t.join(10_000);
                }
            }
            assertBalanced(pool);
        }
    }
}
