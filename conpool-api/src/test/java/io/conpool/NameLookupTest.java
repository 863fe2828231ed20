package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Name lookups: bounded by connectTimeout, shared between callers, never wasted, never unbounded. */
@Timeout(60)
class NameLookupTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A resolver that answers 127.0.0.1 for every name after a delay, counting calls. */
    private static HostResolver slow(Duration delay, AtomicInteger calls) {
        return host -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(LOOPBACK);
        };
    }

    @Test
    void aSlowLookupIsBoundedByConnectTimeoutAndItsLateAnswerServesTheNextCaller() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .resolver(slow(Duration.ofMillis(1500), calls))
                     .connectTimeout(Duration.ofMillis(300)).acquireTimeout(Duration.ofSeconds(1)).build())) {
            Endpoint ep = Endpoint.plain("backend.test", server.port());
            long start = System.nanoTime();
            DnsResolutionException e = assertThrows(DnsResolutionException.class, () -> pool.acquire(ep));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMs < 1200, "not held for the whole 1.5 s lookup: " + waitedMs + " ms");
            assertTrue(e.getMessage().contains("connectTimeout (300 ms)"), e.getMessage());
            assertEquals("backend.test", e.host());
            Thread.sleep(1600); // the lookup finishes with nobody waiting
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("late answer used", Lines.roundTrip(l.connection(), "late answer used"));
            }
            assertEquals(1, calls.get(), "the late answer was used, not looked up again");
        }
    }

    @Test
    void callersNeedingTheSameNameShareOneLookup() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        int callers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .resolver(slow(Duration.ofMillis(400), calls)).maxConnectionsPerEndpoint(callers).build())) {
            Endpoint ep = Endpoint.plain("shared.test", server.port());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Lease<Transport>>> leases = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                leases.add(threads.submit(() -> {
                    go.await();
                    return pool.acquire(ep);
                }));
            }
            go.countDown();
            for (Future<Lease<Transport>> f : leases) {
                f.get(10, TimeUnit.SECONDS).close();
            }
            assertEquals(callers, pool.stats(ep).totalCreated());
            assertEquals(1, calls.get(), callers + " new connections, one lookup");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void whenEveryLookupThreadIsStuckCallersFailAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HostResolver stuck = host -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(LOOPBACK);
        };
        try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().resolver(stuck)
                .connectTimeout(Duration.ofMillis(20)).build())) {
            // each name below waits 20 ms, then gives up, leaving its lookup stuck in the executor;
            // once 4 run and 64 are queued, a new name fails at once
            DnsResolutionException full = null;
            for (int i = 0; i < 200 && full == null; i++) {
                try {
                    pool.acquire(Endpoint.plain("h" + i + ".test", 9)).close();
                } catch (DnsResolutionException e) {
                    if (e.getMessage().contains("failing at once")) {
                        full = e;
                        assertEquals(68, i, "exactly 4 running + 64 queued lookups fit");
                    } else {
                        assertTrue(e.getMessage().contains("did not finish within connectTimeout"), e.getMessage());
                    }
                }
            }
            assertTrue(full != null, "a caller beyond the lookup capacity fails at once");
            assertTrue(full.getMessage().contains("4 lookups are running and 64 more are queued"), full.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aResolverAnswerWithNullOrNothingIsAClearDnsError() throws Exception {
        for (HostResolver bad : new HostResolver[] {host -> Arrays.asList(LOOPBACK, null), host -> List.of(), host -> null}) {
            try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().resolver(bad).build())) {
                DnsResolutionException e = assertThrows(DnsResolutionException.class,
                        () -> pool.acquire(Endpoint.plain("bad.test", 9)));
                assertTrue(e.getMessage().contains("resolver returned"), e.getMessage());
                EndpointStats s = pool.stats(Endpoint.plain("bad.test", 9));
                assertEquals(0, s.active() + s.idle() + s.connecting(), "nothing left behind: " + s);
            }
        }
    }
}
