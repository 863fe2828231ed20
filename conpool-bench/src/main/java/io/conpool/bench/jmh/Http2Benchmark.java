package io.conpool.bench.jmh;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.bench.net.Http1Exchange;
import io.conpool.bench.net.JettyLoopbackServer;
import io.conpool.bench.net.PeerHttp2Clients;
import io.conpool.bench.net.SelfSignedTls;
import io.conpool.bench.net.Wire;
import io.conpool.http2.Http2Connection;
import io.conpool.http2.Http2ProtocolHandler;
import io.conpool.http2.Http2Request;
import io.conpool.http2.Http2Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Scenario 5: HTTP/2 vs HTTP/1.1, both pooled through conpool with the same pool settings, against
 * an embedded Jetty server in the same JVM ({@link JettyLoopbackServer}), plain TCP or TLS. Each
 * request is a {@code POST} with a {@value Wire#REQUEST_BYTES}-byte body answered with
 * {@value Wire#RESPONSE_BYTES} bytes, as in scenario 4. Per request a thread leases a connection,
 * sends, reads the whole response and returns the lease:
 * <ul>
 *   <li>{@code h2}: the {@code http2} handler ({@link Http2ProtocolHandler}); a connection is
 *       shared by up to the server's stream limit of callers, each request is a stream
 *       ({@link Http2Connection#send(Http2Request)}); h2c with prior knowledge, or h2 with ALPN;</li>
 *   <li>{@code http1.1}: the raw handler; a connection is leased exclusively, the request and
 *       response travel on its streams ({@link Http1Exchange}), keep-alive;</li>
 *   <li>{@code jetty-h2}: Jetty 12's {@code HttpClient} over its HTTP/2 transport, one client shared by
 *       all threads (it multiplexes on one connection per server), not pooled by conpool;</li>
 *   <li>{@code jdk-h2}: the JDK's {@code java.net.http.HttpClient} with {@code HTTP_2}, TLS only (it
 *       cannot speak h2c with prior knowledge); every response is checked to be HTTP/2.</li>
 * </ul>
 * One request is made during set-up, so both pools start with one connection and the h2 pool knows
 * its stream capacity before the threads start.
 * Reports requests per second and, through {@link Extras}, the latency distribution, the TCP
 * connections the server accepted during the trial ({@code server.tcp.connections}) and the
 * connections the pool opened ({@code pool.created}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Http2Benchmark {
    /** Per-endpoint (and global) connection limit of both pools: at least the number of threads. */
    public static final int POOL_LIMIT = 32;
    /** The {@code protocol} value for HTTP/2. */
    public static final String H2 = "h2";
    /** The {@code protocol} value for HTTP/1.1. */
    public static final String HTTP1 = "http1.1";
    /** The {@code protocol} value for Jetty 12's HttpClient over HTTP/2 (h2c or h2), not pooled by conpool. */
    public static final String JETTY_H2 = "jetty-h2";
    /** The {@code protocol} value for the JDK's java.net.http.HttpClient with HTTP_2 (TLS only). */
    public static final String JDK_H2 = "jdk-h2";

    private static final LatencyCollector REQUESTS = new LatencyCollector();

    /**
     * Which client: {@value #H2} (conpool's http2 handler), {@value #HTTP1} (conpool, raw handler),
     * {@value #JETTY_H2} or {@value #JDK_H2} (TLS only).
     */
    @Param({H2, HTTP1, JETTY_H2, JDK_H2})
    public String protocol;

    /** Whether the connection is TLS (h2 then negotiates with ALPN). */
    @Param({"false", "true"})
    public boolean tls;

    private JettyLoopbackServer server;
    private Endpoint endpoint;
    private ConnectionPool<Http2Connection> h2Pool;
    private ConnectionPool<Transport> http1Pool;
    private Http2Request h2Request;
    private byte[] http1Request;
    private PeerHttp2Clients.Client peer;
    private byte[] peerBody;

    /** Per-thread HTTP/1.1 reader and latency recorder. */
    @State(Scope.Thread)
    public static class Client {
        final Http1Exchange http1 = new Http1Exchange();
        ThreadLatency latency;

        /** Registers this thread's recorder. */
        @Setup(Level.Trial)
        public void register() {
            latency = REQUESTS.register();
        }
    }

    /**
     * Makes the certificate (TLS), starts the server for the protocol and the pool with its handler.
     *
     * @throws IOException if any of them cannot start
     * @throws IllegalArgumentException if {@code protocol} is not one of the four, or {@value #JDK_H2} without TLS
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        boolean http1 = isHttp1();
        SSLContext clientTls = null;
        SSLContext serverTls = null;
        if (tls) {
            SelfSignedTls certs = SelfSignedTls.generate();
            clientTls = certs.clientContext();
            serverTls = certs.serverContext();
        }
        server = JettyLoopbackServer.start(http1 ? JettyLoopbackServer.Protocol.HTTP1 : JettyLoopbackServer.Protocol.H2,
                serverTls);
        endpoint = tls ? Endpoint.tls(server.host(), server.port()) : Endpoint.plain(server.host(), server.port());
        PoolConfig.Builder cfg = PoolConfig.builder()
                .maxConnectionsPerEndpoint(POOL_LIMIT)
                .maxTotalConnections(POOL_LIMIT)
                .acquireTimeout(Duration.ofSeconds(30))
                .maxIdleTime(Duration.ofHours(1))
                .maxConnectionLifetime(Duration.ofHours(2));
        if (clientTls != null) {
            cfg.sslContext(clientTls);
        }
        if (H2.equals(protocol)) {
            h2Pool = ConnectionPool.builder(new Http2ProtocolHandler()).name("bench-h2").config(cfg.build()).build();
            h2Request = Http2Request.post(JettyLoopbackServer.PATH, Wire.request(false));
        } else if (http1) {
            http1Pool = ConnectionPool.create(cfg.build());
            http1Request = Http1Exchange.request(server.host(), server.port());
        } else {
            peerBody = Wire.request(false);
            try {
                peer = JETTY_H2.equals(protocol)
                        ? PeerHttp2Clients.jetty(server.host(), server.port(), JettyLoopbackServer.PATH, clientTls)
                        : PeerHttp2Clients.jdk(server.host(), server.port(), JettyLoopbackServer.PATH, clientTls);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }
        // One request before the threads start, for every client alike. It opens the first connection,
        // from which the pool learns the h2 connection's stream capacity: without it, a cold burst of
        // callers to a new endpoint makes the pool open one connection per caller (it cannot know yet that
        // one connection would take them all) and the h2 run would keep a start-up-dependent number of them.
        request(new Client(), false);
    }

    private boolean isHttp1() {
        if (!List.of(H2, HTTP1, JETTY_H2, JDK_H2).contains(protocol)) {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "': use " + H2 + ", " + HTTP1 + ", "
                    + JETTY_H2 + " or " + JDK_H2);
        }
        if (JDK_H2.equals(protocol) && !tls) {
            throw new IllegalArgumentException(JDK_H2 + " runs over TLS only: the JDK HttpClient cannot speak h2c"
                    + " with prior knowledge");
        }
        return HTTP1.equals(protocol);
    }

    /**
     * Keeps measurement iterations' latencies.
     *
     * @param iteration the iteration that just ended
     */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        REQUESTS.endIteration(iteration.getType() == IterationType.MEASUREMENT);
    }

    /**
     * Writes the latency distribution and the connection counts, and stops everything.
     *
     * @param params the trial's parameters
     */
    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) {
        Map<String, String> m = REQUESTS.summary();
        m.putAll(connectionCounts());
        Extras.write(params, m);
        close();
    }

    /**
     * @return {@code server.tcp.connections} (TCP connections the server accepted so far),
     *         {@code server.requests} (requests it answered) and {@code pool.created} (connections
     *         the pool opened), as text
     */
    Map<String, String> connectionCounts() {
        Map<String, String> m = new java.util.TreeMap<>(Map.of(
                "server.tcp.connections", Long.toString(server.tcpConnections()),
                "server.requests", Long.toString(server.requests())));
        ConnectionPool<?> pool = h2Pool != null ? h2Pool : http1Pool;
        if (pool != null) {
            m.put("pool.created", Long.toString(pool.stats(endpoint).totalCreated()));
        }
        return m;
    }

    /** Closes the pool and stops the server. */
    void close() {
        if (peer != null) {
            peer.close();
        }
        if (h2Pool != null) {
            h2Pool.close();
        }
        if (http1Pool != null) {
            http1Pool.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * One request and its whole response, on a leased connection.
     *
     * @param c this thread's client state
     * @throws IOException if the exchange fails or the answer is not 200 with the expected body
     */
    @Benchmark
    public void request(Client c) throws IOException {
        request(c, true);
    }

    private void request(Client c, boolean record) throws IOException {
        long start = System.nanoTime();
        if (h2Pool != null) {
            h2(c);
        } else if (http1Pool != null) {
            http1(c);
        } else {
            int n = peer.post(peerBody);
            if (n != Wire.RESPONSE_BYTES) {
                throw new IOException("expected " + Wire.RESPONSE_BYTES + " response bytes, got " + n);
            }
        }
        if (record) {
            c.latency.record(System.nanoTime() - start);
        }
    }

    private void h2(Client c) throws IOException {
        // a failed stream leaves the shared connection to the handler's health check: invalidating the
        // lease would close it under every other caller's streams
        try (Lease<Http2Connection> lease = h2Pool.acquire(endpoint)) {
            Http2Response r = lease.connection().send(h2Request);
            if (r.status() != 200 || r.body().length != Wire.RESPONSE_BYTES) {
                throw new IOException("expected 200 with " + Wire.RESPONSE_BYTES + " bytes, got " + r.status()
                        + " with " + r.body().length + " bytes");
            }
        }
    }

    private void http1(Client c) throws IOException {
        Lease<Transport> lease = http1Pool.acquire(endpoint);
        try {
            Transport t = lease.connection();
            int n = c.http1.exchange(t.input(), t.output(), http1Request);
            if (n != Wire.RESPONSE_BYTES) {
                throw new IOException("expected " + Wire.RESPONSE_BYTES + " response bytes, got " + n);
            }
            if (c.http1.serverWillClose()) {
                lease.invalidate();
            }
        } catch (IOException | RuntimeException e) {
            lease.invalidate();
            throw e;
        }
        lease.close();
    }
}
