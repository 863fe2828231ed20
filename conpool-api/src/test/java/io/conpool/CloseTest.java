package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** clearEndpoint, clearAll and close. */
@Timeout(60)
class CloseTest {

    @Test
    void closeFailsWaitersAndLaterAcquires() throws Exception {
        try (LineServer server = LineServer.echo()) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                    .name("closing").config(PoolConfig.builder().maxConnectionsPerEndpoint(1).build()).build();
            Lease<Transport> held = pool.acquire(ep);
            ExecutorService exec = Executors.newSingleThreadExecutor();
            try {
                Future<Lease<Transport>> waiter = exec.submit(() -> pool.acquire(ep));
                assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == 1, Duration.ofSeconds(10)));
                pool.close();
                ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
                assertInstanceOf(PoolClosedException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("'closing'"), e.getCause().getMessage());
            } finally {
                exec.shutdownNow();
            }
            assertTrue(pool.isClosed());
            assertThrows(PoolClosedException.class, () -> pool.acquire(ep));
            assertThrows(PoolClosedException.class, () -> pool.acquire(Endpoint.plain("127.0.0.1", 1)));
            assertFalse(held.connection().socket().isClosed(), "a leased connection stays usable until returned");
            held.close();
            assertTrue(held.endpoint().equals(ep));
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
            assertEquals(0, pool.stats(ep).open());
            assertBalanced(pool);
            pool.close(); // idempotent
        }
    }

    @Test
    void clearEndpointClosesIdleNowAndLeasedOnReturn() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.defaults())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> leased = pool.acquire(ep);
            pool.acquire(ep).close();
            assertEquals(1, pool.stats(ep).idle());
            pool.clearEndpoint(ep);
            assertEquals(0, pool.stats(ep).idle());
            assertEquals(1, pool.stats(ep).active());
            assertTrue(server.awaitOpenConnections(1, Duration.ofSeconds(10)));
            leased.close();
            assertTrue(leased.isReused() || !leased.isReused());
            assertEquals(0, pool.stats(ep).open(), "returned after the clear: closed");
            try (Lease<Transport> fresh = pool.acquire(ep)) {
                assertFalse(fresh.isReused(), "new acquires get new connections");
            }
            assertEquals(3, pool.stats(ep).totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void clearAllClearsEveryEndpoint() throws Exception {
        try (LineServer a = LineServer.echo(); LineServer b = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.defaults())) {
            Endpoint epA = Endpoint.plain("127.0.0.1", a.port());
            Endpoint epB = Endpoint.plain("127.0.0.1", b.port());
            pool.acquire(epA).close();
            pool.acquire(epB).close();
            pool.clearAll();
            assertEquals(0, pool.stats(epA).idle());
            assertEquals(0, pool.stats(epB).idle());
            assertTrue(a.awaitOpenConnections(0, Duration.ofSeconds(10)));
            assertTrue(b.awaitOpenConnections(0, Duration.ofSeconds(10)));
            assertEquals(2, pool.endpoints().size());
            assertBalanced(pool);
        }
    }

    /**
     * A waiter interrupted at the moment the pool closes gets one of the two errors, never
     * something else (the close's error offered to it after it gave up must simply be dropped).
     */
    @Test
    void aWaiterInterruptedWhileThePoolClosesGetsAClearError() throws Exception {
        try (LineServer server = LineServer.echo()) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            for (int round = 0; round < 100; round++) {
                ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                        .maxConnectionsPerEndpoint(1).acquireTimeout(Duration.ofSeconds(30)).build());
                Lease<Transport> held = pool.acquire(ep);
                java.util.concurrent.atomic.AtomicReference<Throwable> got = new java.util.concurrent.atomic.AtomicReference<>();
                Thread waiter = new Thread(() -> {
                    try {
                        pool.acquire(ep).close();
                    } catch (Throwable t) {
                        got.set(t);
                    }
                });
                waiter.start();
                assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).waiting() == 1, Duration.ofSeconds(10)));
                waiter.interrupt();
                pool.close();
                waiter.join(10_000);
                assertFalse(waiter.isAlive());
                Throwable t = got.get();
                assertTrue(t instanceof AcquireInterruptedException || t instanceof PoolClosedException,
                        "round " + round + ": " + t);
                held.close();
                assertEquals(0, pool.stats(ep).open(), "a closed pool keeps no connection");
            }
        }
    }
}
