package io.conpool.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.bench.net.ClientSockets;
import io.conpool.bench.net.Http1Exchange;
import io.conpool.bench.net.JettyLoopbackServer;
import io.conpool.bench.net.Wire;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 5's set-up does what the results table claims: the benchmark's own start, request and
 * counting code, driven by several threads at once, gets correct answers from the embedded Jetty
 * server; HTTP/2 callers share one TCP connection (h2c and h2 with ALPN); HTTP/1.1 callers each
 * use their own connection; the server's TCP count agrees with the pool's.
 */
@Timeout(120)
class Http2ScenarioTest {
    private static final int REQUESTS_PER_THREAD = 50;
    /** The benchmark's set-up makes one request (so the h2 pool knows its stream capacity). */
    private static final int SETUP_REQUESTS = 1;

    /** Runs the benchmark method from {@code threads} threads, all starting together. */
    private static Map<String, String> drive(String protocol, boolean tls, int threads) throws Exception {
        Http2Benchmark bench = new Http2Benchmark();
        bench.protocol = protocol;
        bench.tls = tls;
        bench.start();
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier together = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(exec.submit(() -> {
                    Http2Benchmark.Client c = new Http2Benchmark.Client();
                    c.register();
                    together.await(30, TimeUnit.SECONDS);
                    for (int r = 0; r < REQUESTS_PER_THREAD; r++) {
                        bench.request(c);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS); // rethrows a failed exchange
            }
            return bench.connectionCounts();
        } finally {
            exec.shutdownNow();
            bench.close();
        }
    }

    private static long count(Map<String, String> m, String key) {
        return Long.parseLong(m.get(key));
    }

    @Test
    void h2cCallersShareOneConnection() throws Exception {
        Map<String, String> m = drive(Http2Benchmark.H2, false, 16);
        assertEquals(16L * REQUESTS_PER_THREAD + SETUP_REQUESTS, count(m, "server.requests"), m.toString());
        assertEquals(count(m, "pool.created"), count(m, "server.tcp.connections"), m.toString());
        assertEquals(1, count(m, "server.tcp.connections"), "16 concurrent h2c callers share one connection: " + m);
    }

    @Test
    void h2OverTlsWithAlpnSharesOneConnection() throws Exception {
        Map<String, String> m = drive(Http2Benchmark.H2, true, 4);
        assertEquals(4L * REQUESTS_PER_THREAD + SETUP_REQUESTS, count(m, "server.requests"), m.toString());
        assertEquals(1, count(m, "server.tcp.connections"), m.toString());
        assertEquals(1, count(m, "pool.created"), m.toString());
    }

    @Test
    void http1CallersEachUseTheirOwnConnectionPlainAndTls() throws Exception {
        for (boolean tls : new boolean[] {false, true}) {
            Map<String, String> m = drive(Http2Benchmark.HTTP1, tls, 4);
            assertEquals(4L * REQUESTS_PER_THREAD + SETUP_REQUESTS, count(m, "server.requests"), "tls=" + tls + ": " + m);
            long tcp = count(m, "server.tcp.connections");
            assertEquals(count(m, "pool.created"), tcp, "tls=" + tls + ": " + m);
            // exclusive leases: never more connections than callers, and kept alive (not one per request)
            assertTrue(tcp >= 1 && tcp <= 4, "tls=" + tls + ": " + m);
        }
    }

    @Test
    void peerHttp2ClientsGetCorrectAnswersOverHttp2() throws Exception {
        for (boolean tls : new boolean[] {false, true}) {
            Map<String, String> m = drive(Http2Benchmark.JETTY_H2, tls, 4);
            assertEquals(4L * REQUESTS_PER_THREAD + SETUP_REQUESTS, count(m, "server.requests"), "jetty tls=" + tls + ": " + m);
            assertTrue(count(m, "server.tcp.connections") >= 1, m.toString());
        }
        // the JDK client: every response is checked to be HTTP_2 by PeerHttp2Clients
        Map<String, String> m = drive(Http2Benchmark.JDK_H2, true, 4);
        assertEquals(4L * REQUESTS_PER_THREAD + SETUP_REQUESTS, count(m, "server.requests"), "jdk: " + m);
    }

    @Test
    void theJdkClientIsRefusedOnPlainTextAndUnknownClientsAreNamed() {
        Http2Benchmark bench = new Http2Benchmark();
        bench.protocol = Http2Benchmark.JDK_H2;
        bench.tls = false;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bench::start);
        assertTrue(e.getMessage().contains("TLS only"), e.getMessage());
        bench.protocol = "okhttp";
        e = assertThrows(IllegalArgumentException.class, bench::start);
        assertTrue(e.getMessage().contains("okhttp"), e.getMessage());
    }

    @Test
    void http1ExchangeRejectsAnErrorStatusNamingIt() throws Exception {
        try (JettyLoopbackServer server = JettyLoopbackServer.start(JettyLoopbackServer.Protocol.HTTP1, null);
             Socket s = ClientSockets.open(server.host(), server.port(), null)) {
            byte[] shortBody = ("POST " + JettyLoopbackServer.PATH + " HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\n\r\nabc")
                    .getBytes(StandardCharsets.US_ASCII);
            Http1Exchange http1 = new Http1Exchange();
            IOException e = assertThrows(IOException.class,
                    () -> http1.exchange(s.getInputStream(), s.getOutputStream(), shortBody));
            assertTrue(e.getMessage().contains("400"), e.getMessage());
            assertEquals(0, server.requests());
        }
        // and a good request on a fresh connection is answered with exactly the response size
        try (JettyLoopbackServer server = JettyLoopbackServer.start(JettyLoopbackServer.Protocol.HTTP1, null);
             Socket s = ClientSockets.open(server.host(), server.port(), null)) {
            Http1Exchange http1 = new Http1Exchange();
            byte[] request = Http1Exchange.request(server.host(), server.port());
            for (int i = 0; i < 3; i++) {
                assertEquals(Wire.RESPONSE_BYTES, http1.exchange(s.getInputStream(), s.getOutputStream(), request));
            }
            assertEquals(3, server.requests());
            assertEquals(1, server.tcpConnections());
        }
    }
}
