package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import io.conpool.testing.TestCerts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server with a 1 s keep-alive timeout (httpd and Node.js use 5 s) closes idle connections; a
 * connection reused 1.1 to 1.5 s after its last use must never fail a request, with the default
 * settings, plain and TLS. Ten pools of one connection each run side by side so that every one of
 * the 50 reuses meets a connection the server has closed.
 */
@Timeout(60)
class KeepAliveReuseTest {
    private static final int POOLS = 10;
    private static final int REUSES = 5;

    @Test
    void plainConnectionsClosedByAKeepAliveTimeoutNeverFailARequest() throws Exception {
        try (LineServer server = LineServer.plain(LineServer.Mode.ECHO, Duration.ofSeconds(1))) {
            run(Endpoint.plain("127.0.0.1", server.port()), PoolConfig.builder());
        }
    }

    @Test
    void tlsConnectionsClosedByAKeepAliveTimeoutNeverFailARequest() throws Exception {
        try (LineServer server = LineServer.tls(TestCerts.localhost().serverContext(), Duration.ofSeconds(1))) {
            run(Endpoint.tls("localhost", server.port()), PoolConfig.builder().sslContext(TestCerts.localhost().clientContext()));
        }
    }

    @Test
    void tlsSessionTicketsOnAnIdleConnectionDoNotMakeItStale() throws Exception {
        // TLS 1.3 servers send session tickets after the handshake: bytes on an idle connection that are not data
        try (LineServer server = LineServer.tls(TestCerts.localhost().serverContext(), (Duration) null, "TLSv1.3");
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .sslContext(TestCerts.localhost().clientContext()).validateAfterInactivity(Duration.ZERO).build())) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            for (int i = 0; i < 5; i++) {
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals(i > 0, l.isReused());
                    assertEquals("TLSv1.3", l.connection().tlsSession().orElseThrow().getProtocol());
                    assertEquals("t" + i, Lines.roundTrip(l.connection(), "t" + i));
                }
                Thread.sleep(50);
            }
            assertEquals(1, pool.stats(ep).totalCreated(), "checked before every reuse, never found stale");
            assertEquals(0, pool.stats(ep).errors());
            assertBalanced(pool);
        }
    }

    private static void run(Endpoint ep, PoolConfig.Builder settings) throws Exception {
        List<CompletableFuture<EndpointStats>> runs = new ArrayList<>();
        for (int p = 0; p < POOLS; p++) {
            int id = p;
            runs.add(CompletableFuture.supplyAsync(() -> {
                try (ConnectionPool<Transport> pool = ConnectionPool.create(settings.maxConnectionsPerEndpoint(1).build())) {
                    for (int i = 0; i <= REUSES; i++) {
                        try (Lease<Transport> l = pool.acquire(ep)) {
                            String line = "p" + id + "-" + i;
                            assertEquals(line, Lines.roundTrip(l.connection(), line), "request " + i + " of pool " + id);
                        }
                        if (i < REUSES) {
                            Thread.sleep(ThreadLocalRandom.current().nextLong(1100, 1500));
                        }
                    }
                    assertBalanced(pool);
                    return pool.stats(ep);
                } catch (Exception e) {
                    throw new AssertionError("pool " + id + " failed a request: " + e, e);
                }
            }, runnable -> {
                Thread t = new Thread(runnable);
                t.setDaemon(true);
                t.start();
            }));
        }
        int reusesMet = 0;
        for (CompletableFuture<EndpointStats> run : runs) {
            EndpointStats s = run.join();
            reusesMet += s.totalCreated() - 1;
            assertFalse(s.totalReused() > 0 && s.totalCreated() == 1, "the server did close idle connections: " + s);
        }
        assertEquals(POOLS * REUSES, reusesMet, "each of the " + POOLS * REUSES + " reuses met a closed connection,"
                + " and none of them failed");
        assertTrue(reusesMet > 0);
    }
}
