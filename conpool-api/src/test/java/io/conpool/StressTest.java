package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.FaultProxy;
import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded random mix of everything at once (returns, invalidations, short timeouts, clears,
 * live limit changes, three endpoints under a global cap) on real sockets; afterwards the books
 * balance, no limit was ever exceeded, every answer reached its caller, and no socket is left open.
 * The second run adds network faults (resets, silent servers, half-closes, restarts) while callers
 * only ever {@code close()} their leases: no answer is ever crossed, and once the faults stop
 * every request succeeds.
 */
@Timeout(120)
class StressTest {

    @Test
    void randomMixUnderContentionKeepsEveryInvariant() throws Exception {
        List<LineServer> servers = new ArrayList<>();
        Map<Endpoint, AtomicInteger> openPerEndpoint = new ConcurrentHashMap<>();
        AtomicInteger openTotal = new AtomicInteger();
        AtomicInteger totalPeak = new AtomicInteger();
        AtomicInteger endpointPeak = new AtomicInteger();
        try {
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LineServer s = LineServer.echo();
                servers.add(s);
                Endpoint ep = Endpoint.plain("127.0.0.1", s.port());
                endpoints.add(ep);
                openPerEndpoint.put(ep, new AtomicInteger());
            }
            PoolConfig cfg = PoolConfig.builder().maxConnectionsPerEndpoint(3).maxTotalConnections(6)
                    .acquireTimeout(Duration.ofMillis(50)).maxConnectionUses(7)
                    .housekeepingPeriod(Duration.ofMillis(10)).maxIdleTime(Duration.ofMillis(30))
                    .onConnectionCreated(e -> {
                        totalPeak.accumulateAndGet(openTotal.incrementAndGet(), Math::max);
                        endpointPeak.accumulateAndGet(openPerEndpoint.get(e).incrementAndGet(), Math::max);
                    })
                    .onConnectionClosed(e -> {
                        openTotal.decrementAndGet();
                        openPerEndpoint.get(e).decrementAndGet();
                    })
                    .build();
            AtomicLong ok = new AtomicLong();
            AtomicLong timedOut = new AtomicLong();
            AtomicInteger wrong = new AtomicInteger();
            try (ConnectionPool<Transport> pool = ConnectionPool.create(cfg)) {
                LimitsTest.runThreads(16, t -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < 400; i++) {
                        Endpoint ep = endpoints.get(rnd.nextInt(endpoints.size()));
                        int action = rnd.nextInt(100);
                        if (action < 2) {
                            pool.clearEndpoint(ep);
                            continue;
                        }
                        if (action < 3) {
                            int limit = 1 + rnd.nextInt(3);
                            pool.configure(ep, pool.config(ep).toBuilder().maxConnectionsPerEndpoint(limit).build());
                            continue;
                        }
                        Lease<Transport> lease;
                        try {
                            lease = pool.acquire(ep);
                        } catch (AcquireTimeoutException e) {
                            timedOut.incrementAndGet();
                            continue;
                        }
                        String line = t + "/" + i;
                        try {
                            if (!line.equals(Lines.roundTrip(lease.connection(), line))) {
                                wrong.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            wrong.incrementAndGet();
                        }
                        if (action < 15) {
                            lease.invalidate();
                        } else {
                            lease.close();
                        }
                        ok.incrementAndGet();
                    }
                });
                assertEquals(0, wrong.get(), "answers lost or crossed");
                assertTrue(ok.get() > 1000, "too little work got through: " + ok.get() + ", timeouts " + timedOut.get());
                assertTrue(totalPeak.get() <= 6, "global cap exceeded: " + totalPeak.get());
                assertTrue(endpointPeak.get() <= 3, "endpoint limit exceeded: " + endpointPeak.get());
                assertBalanced(pool);
                long timeouts = pool.allStats().values().stream().mapToLong(EndpointStats::acquireTimeouts).sum();
                assertEquals(timedOut.get(), timeouts);
            }
            assertEquals(0, openTotal.get(), "close() closed every connection");
        } finally {
            servers.forEach(LineServer::close);
        }
    }

    @Test
    void faultsUnderLoadNeverCrossAnswersAndThePoolHealsWhenTheyStop() throws Exception {
        List<LineServer> servers = new ArrayList<>();
        List<FaultProxy> proxies = new ArrayList<>();
        AtomicInteger openTotal = new AtomicInteger();
        AtomicInteger totalPeak = new AtomicInteger();
        try {
            List<Endpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LineServer s = LineServer.echo();
                servers.add(s);
                FaultProxy p = FaultProxy.to(s.port());
                proxies.add(p);
                endpoints.add(Endpoint.plain("127.0.0.1", p.port()));
            }
            PoolConfig cfg = PoolConfig.builder().maxConnectionsPerEndpoint(4).maxTotalConnections(8)
                    .acquireTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofMillis(150))
                    .connectRetryCount(1).connectRetryDelay(Duration.ofMillis(10))
                    .housekeepingPeriod(Duration.ofMillis(10))
                    .onConnectionCreated(e -> totalPeak.accumulateAndGet(openTotal.incrementAndGet(), Math::max))
                    .onConnectionClosed(e -> openTotal.decrementAndGet())
                    .build();
            AtomicInteger crossed = new AtomicInteger();
            AtomicLong failed = new AtomicLong();
            AtomicLong ok = new AtomicLong();
            AtomicBoolean chaos = new AtomicBoolean(true);
            try (ConnectionPool<Transport> pool = ConnectionPool.create(cfg)) {
                Thread monkey = new Thread(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    try {
                        while (chaos.get()) {
                            FaultProxy p = proxies.get(rnd.nextInt(proxies.size()));
                            switch (rnd.nextInt(4)) {
                                case 0 -> p.resetAll();
                                case 1 -> p.halfCloseAll();
                                case 2 -> {
                                    p.blackhole(true);
                                    Thread.sleep(200);
                                    p.blackhole(false);
                                }
                                default -> p.restart(Duration.ofMillis(50));
                            }
                            Thread.sleep(20 + rnd.nextInt(60));
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, "chaos");
                monkey.start();
                LimitsTest.runThreads(12, t -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < 150; i++) {
                        Endpoint ep = endpoints.get(rnd.nextInt(endpoints.size()));
                        String line = t + "/" + i;
                        try (Lease<Transport> lease = pool.acquire(ep)) { // only close(), never invalidate()
                            String answer = Lines.roundTrip(lease.connection(), line);
                            if (!line.equals(answer)) {
                                crossed.incrementAndGet();
                            }
                            ok.incrementAndGet();
                        } catch (java.io.IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                });
                chaos.set(false);
                monkey.join(10_000);
                for (FaultProxy p : proxies) {
                    p.blackhole(false);
                    p.accept();
                }
                assertEquals(0, crossed.get(), "a caller read another caller's answer");
                assertTrue(failed.get() > 0, "the faults reached the callers");
                assertTrue(ok.get() > 0, "work got through the faults");
                // the faults stopped: every request succeeds, whatever the pool held before. A generous
                // read timeout now (set live), so that a busy machine's slow answer is not mistaken for a fault
                for (Endpoint ep : endpoints) {
                    pool.configure(ep, pool.config(ep).toBuilder().readTimeout(Duration.ofSeconds(20)).build());
                }
                LimitsTest.runThreads(6, t -> {
                    for (int i = 0; i < 20; i++) {
                        Endpoint ep = endpoints.get(i % endpoints.size());
                        try (Lease<Transport> lease = pool.acquire(ep)) {
                            assertEquals("calm" + i, Lines.roundTrip(lease.connection(), "calm" + i));
                        }
                    }
                });
                assertTrue(totalPeak.get() <= 8, "global cap exceeded: " + totalPeak.get());
                assertBalanced(pool);
            }
            assertEquals(0, openTotal.get(), "close() closed every connection");
        } finally {
            for (FaultProxy p : proxies) {
                p.close();
            }
            servers.forEach(LineServer::close);
        }
    }
}
