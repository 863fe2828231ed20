package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection set-up: retries with backoff, DNS, every resolved address, connect timeout. */
@Timeout(60)
class ConnectTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void refusedPortFailsAfterEveryRetryWithGrowingDelays() throws Exception {
        List<Long> resolvedAt = new CopyOnWriteArrayList<>();
        PoolConfig cfg = PoolConfig.builder()
                .connectRetryCount(3)
                .connectRetryDelay(Duration.ofMillis(100))
                .resolver(host -> {
                    resolvedAt.add(System.nanoTime()); // DNS is asked once per attempt
                    return List.of(InetAddress.getLoopbackAddress());
                })
                .build();
        try (ConnectionPool<Transport> pool = ConnectionPool.create(cfg)) {
            Endpoint ep = Endpoint.plain("127.0.0.1", freePort());
            ConnectionFailedException e = assertThrows(ConnectionFailedException.class, () -> pool.acquire(ep));
            assertEquals(4, e.attempts(), "retries + 1 attempts");
            assertEquals(ep, e.endpoint());
            assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
            assertTrue(e.getMessage().contains(ep.toString()), e.getMessage());
            assertTrue(e.lastError().toLowerCase().contains("refused"), e.lastError());
            assertEquals(4, resolvedAt.size());
            // backoff before retry k is 100 ms * 2^(k-1), less at most 25 % jitter: each gap at least that
            for (int k = 1; k <= 3; k++) {
                long gapMs = TimeUnit.NANOSECONDS.toMillis(resolvedAt.get(k) - resolvedAt.get(k - 1));
                long floorMs = (long) (0.75 * 100 * (1 << (k - 1)));
                assertTrue(gapMs >= floorMs, "delay before retry " + k + " was " + gapMs + " ms, expected >= " + floorMs);
            }
            EndpointStats s = pool.stats(ep);
            assertEquals(1, s.errors());
            assertEquals(0, s.totalCreated());
            assertBalanced(pool); // the reserved slot was given back
        }
    }

    @Test
    void backoffDelaysGrowAndStayWithinTheJitterBand() {
        PoolConfig cfg = PoolConfig.builder().connectRetryDelay(Duration.ofMillis(100)).build();
        for (int round = 0; round < 200; round++) {
            long previous = 0;
            for (int retry = 1; retry <= 5; retry++) {
                long nominal = TimeUnit.MILLISECONDS.toNanos(100L << (retry - 1));
                long d = io.conpool.internal.Backoff.delayNanos(cfg.connectRetryDelay(), retry);
                assertTrue(d >= nominal * 3 / 4 && d <= nominal, "retry " + retry + ": " + d);
                assertTrue(d > previous, "delays must grow");
                previous = d;
            }
        }
    }

    @Test
    void unknownHostFailsWithDnsResolutionException() throws Exception {
        try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.defaults())) {
            Endpoint ep = Endpoint.plain("no-such-host.invalid", 80);
            DnsResolutionException e = assertThrows(DnsResolutionException.class, () -> pool.acquire(ep));
            assertEquals("no-such-host.invalid", e.host());
            assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
            assertEquals(1, pool.stats(ep).errors());
            assertBalanced(pool);
        }
    }

    @Test
    void everyResolvedAddressIsTriedInOrder() throws Exception {
        try (LineServer server = LineServer.echo()) {
            List<InetAddress> addresses = List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getLoopbackAddress());
            try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                    .connectRetryCount(0).resolver(host -> addresses).build())) {
                Endpoint ep = Endpoint.plain("service.test", server.port());
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals("hi", Lines.roundTrip(l.connection(), "hi"));
                    assertEquals(InetAddress.getLoopbackAddress(), l.connection().socket().getInetAddress());
                }
                assertEquals(1, pool.stats(ep).totalCreated());
                assertBalanced(pool);
            }
        }
    }

    @Test
    void dnsIsResolvedAgainForEveryNewConnection() throws Exception {
        try (LineServer server = LineServer.echo()) {
            List<String> asked = new CopyOnWriteArrayList<>();
            try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                    .resolver(host -> {
                        asked.add(host);
                        return List.of(InetAddress.getLoopbackAddress());
                    }).build())) {
                Endpoint ep = Endpoint.plain("service.test", server.port());
                Lease<Transport> a = pool.acquire(ep);
                Lease<Transport> b = pool.acquire(ep);
                a.close();
                b.close();
                pool.acquire(ep).close(); // reuse: no lookup
                assertEquals(List.of("service.test", "service.test"), asked);
            }
        }
    }

    @Test
    void serverThatNeverAnswersTheTlsHandshakeTimesOut() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept TCP, never speak TLS
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                    .connectTimeout(Duration.ofMillis(300)).connectRetryCount(1).connectRetryDelay(Duration.ofMillis(10))
                    .build())) {
                Endpoint ep = Endpoint.tls("localhost", silent.getLocalPort());
                long start = System.nanoTime();
                ConnectionTimeoutException e = assertThrows(ConnectionTimeoutException.class, () -> pool.acquire(ep));
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(2, e.attempts());
                assertEquals(Duration.ofMillis(300), e.timeout());
                assertInstanceOf(ConnectionFailedException.class, e);
                assertTrue(e.getMessage().contains("timed out after 300 ms"), e.getMessage());
                // each attempt per address is bounded by connectTimeout; generous bound for a loaded machine
                assertTrue(elapsedMs < 15_000, "took " + elapsedMs + " ms");
                assertBalanced(pool);
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
