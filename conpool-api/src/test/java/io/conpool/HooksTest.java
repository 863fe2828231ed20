package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection hooks: called at the right moments, outside locks, harmless when they throw. */
@Timeout(60)
class HooksTest {

    @Test
    void hooksSeeCreationReuseAndClose() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .onConnectionCreated(e -> events.add("created " + e))
                     .onConnectionReused(e -> events.add("reused " + e))
                     .onConnectionClosed(e -> events.add("closed " + e))
                     .build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            pool.acquire(ep).close();
            pool.acquire(ep).invalidate();
            assertEquals(List.of("created " + ep, "reused " + ep, "reused " + ep, "closed " + ep), events);
        }
    }

    @Test
    void throwingHooksAreHarmless() throws Exception {
        Consumer<Endpoint> boom = e -> {
            throw new IllegalStateException("hook bug");
        };
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .onConnectionCreated(boom).onConnectionReused(boom).onConnectionClosed(boom).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            for (int i = 0; i < 3; i++) {
                assertEquals("ok", pool.withConnection(ep, l -> Lines.roundTrip(l.connection(), "ok")));
            }
            pool.acquire(ep).invalidate();
            pool.acquire(ep).close();
            EndpointStats s = pool.stats(ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.totalClosed());
            assertBalanced(pool);
        }
    }

    @Test
    void hooksRunOutsideThePoolsLocks() throws Exception {
        // a hook that needs the pool from another thread would deadlock if it ran under a pool lock
        ExecutorService other = Executors.newSingleThreadExecutor();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<ConnectionPool<Transport>> poolRef = new AtomicReference<>();
        AtomicReference<Endpoint> epRef = new AtomicReference<>();
        Consumer<Endpoint> probe = e -> {
            Future<EndpointStats> f = other.submit(() -> poolRef.get().stats(epRef.get()));
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (Exception ex) {
                failure.compareAndSet(null, ex);
            }
        };
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .onConnectionCreated(probe).onConnectionReused(probe).onConnectionClosed(probe).build())) {
            poolRef.set(pool);
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            epRef.set(ep);
            pool.acquire(ep).close();
            pool.acquire(ep).close();
            pool.acquire(ep).invalidate();
            assertEquals(null, failure.get(), "a hook ran while a pool lock was held");
            assertEquals(1, pool.stats(ep).totalClosed());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void closedHookRunsForEveryConnectionWhenThePoolCloses() throws Exception {
        List<Endpoint> closed = new CopyOnWriteArrayList<>();
        try (LineServer server = LineServer.echo()) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                    .onConnectionClosed(closed::add).build());
            Lease<Transport> a = pool.acquire(ep);
            Lease<Transport> b = pool.acquire(ep);
            b.close();
            pool.close();
            assertEquals(1, closed.size(), "the idle one is closed at once");
            a.close();
            assertEquals(2, closed.size(), "the leased one when it is returned");
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
        }
    }
}
