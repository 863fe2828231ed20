package io.conpool.bench.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.Endpoint;
import io.conpool.bench.net.LoopbackServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.conpool.PoolConfig;
import io.conpool.Setting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every adapter gives its pool the same semantics, checked against real loopback servers: a
 * released connection is reused, endpoints do not mix, the per-endpoint limit makes callers wait
 * (and time out), and a release hands the connection to a waiting caller.
 */
@Timeout(30)
class PoolAdaptersTest {
    private final List<LoopbackServer> servers = new ArrayList<>();
    private PoolUnderTest pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        servers.forEach(LoopbackServer::close);
    }

    private PoolSpec spec(int endpoints, int limit, int global, Duration timeout) throws Exception {
        List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            LoopbackServer s = LoopbackServer.plain();
            servers.add(s);
            eps.add(Endpoint.plain(s.host(), s.port()));
        }
        return new PoolSpec(eps, limit, global, timeout);
    }

    /** The server's accept count once it reached {@code expected} (or 5 s passed) and 50 ms more went by. */
    private long settledAccepts(int server, long expected) throws InterruptedException {
        servers.get(server).awaitAccepted(expected, 5_000);
        Thread.sleep(50);
        return servers.get(server).acceptedCount();
    }

    @ParameterizedTest
    @EnumSource(Pools.class)
    void releasedConnectionIsReusedAndEndpointsDoNotMix(Pools kind) throws Exception {
        pool = kind.create(spec(2, 2, 0, Duration.ofSeconds(5)));
        for (int i = 0; i < 5; i++) {
            Object a = pool.acquire(0);
            assertNotNull(a);
            pool.release(a);
        }
        Object b = pool.acquire(1);
        pool.release(b);
        // Hikari's bag is filled to the limit up front; the others open on demand, one each here.
        long expected0 = kind == Pools.HIKARI ? 2 : 1;
        assertEquals(expected0, settledAccepts(0, expected0), kind.id() + ": connections opened to endpoint 0");
        assertEquals(expected0, settledAccepts(1, expected0), kind.id() + ": connections opened to endpoint 1");
    }

    @ParameterizedTest
    @EnumSource(Pools.class)
    void callerWaitsAtThePerEndpointLimitAndTimesOut(Pools kind) throws Exception {
        pool = kind.create(spec(1, 2, 0, Duration.ofMillis(200)));
        Object a = pool.acquire(0);
        Object b = pool.acquire(0);
        long start = System.nanoTime();
        assertThrows(Exception.class, () -> pool.acquire(0), kind.id() + " should not give a third connection");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMs >= 150, kind.id() + " gave up after " + waitedMs + " ms instead of waiting ~200 ms");
        assertEquals(2, settledAccepts(0, 2), kind.id() + ": connections opened");
        pool.release(a);
        pool.release(b);
    }

    @ParameterizedTest
    @EnumSource(Pools.class)
    void releaseHandsTheConnectionToAWaitingCaller(Pools kind) throws Exception {
        pool = kind.create(spec(1, 1, 0, Duration.ofSeconds(10)));
        Object held = pool.acquire(0);
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> waiting = new CompletableFuture<>();
            Future<Object> got = exec.submit(() -> {
                waiting.complete(null);
                return pool.acquire(0);
            });
            waiting.get(5, TimeUnit.SECONDS);
            Thread.sleep(50); // let the caller block in acquire
            pool.release(held);
            Object handed = got.get(5, TimeUnit.SECONDS);
            assertNotNull(handed);
            pool.release(handed);
        } finally {
            exec.shutdownNow();
        }
        assertEquals(1, settledAccepts(0, 1), kind.id() + ": the waiter must reuse the one connection");
    }

    @Test
    void theCheckEveryReuseVariantDiffersFromConpoolInTheStaleCheckOnly() throws Exception {
        PoolSpec spec = spec(1, 3, 0, Duration.ofSeconds(7));
        PoolConfig byDefault = ConpoolAdapter.configFor(spec, false);
        PoolConfig everyReuse = ConpoolAdapter.configFor(spec, true);
        assertEquals(PoolConfig.builder().build().validateAfterInactivity(), byDefault.validateAfterInactivity(),
                "conpool runs with the default stale check");
        assertEquals(Duration.ZERO, everyReuse.validateAfterInactivity());
        assertEquals(Duration.ofSeconds(7), everyReuse.acquireTimeout());
        for (Setting<?> setting : PoolConfig.SETTINGS.list()) {
            if (setting != PoolConfig.VALIDATE_AFTER_INACTIVITY) {
                assertEquals(byDefault.get(setting), everyReuse.get(setting), setting.name());
            }
        }
        assertTrue(Pools.CONPOOL_CHECK_EVERY_REUSE.conpool() && Pools.CONPOOL_CHECK_EVERY_REUSE.conpoolVariant());
        assertTrue(Pools.CONPOOL.conpool() && !Pools.CONPOOL.conpoolVariant());
        assertTrue(!Pools.selectableIds().contains(Pools.CONPOOL_CHECK_EVERY_REUSE.id())
                && Pools.ids().contains(Pools.CONPOOL_CHECK_EVERY_REUSE.id()));
    }
}
