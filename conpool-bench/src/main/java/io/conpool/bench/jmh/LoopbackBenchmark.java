package io.conpool.bench.jmh;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.bench.net.ClientSockets;
import io.conpool.bench.net.LoopbackServer;
import io.conpool.bench.net.SelfSignedTls;
import io.conpool.bench.net.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
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
 * Scenario 4: real request/response traffic ({@link Wire}: 128-byte request, 1 KiB response) to a
 * loopback server started here, plain TCP or TLS (self-signed certificate made by keytool at run
 * time). Three ways to get a connection for each request:
 * <ul>
 *   <li>{@code conpool}: lease from a conpool pool (limit {@value #POOL_LIMIT}, at least the threads);</li>
 *   <li>{@code connect-per-request}: open a new connection, ask the server to close after answering;</li>
 *   <li>{@code hand-held}: one connection per thread opened once and kept by hand (the upper bound).</li>
 * </ul>
 * Reports requests per second and, through {@link Extras}, the request latency distribution.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LoopbackBenchmark {
    /** conpool's per-endpoint limit here: at least the number of threads. */
    public static final int POOL_LIMIT = 32;

    private static final LatencyCollector REQUESTS = new LatencyCollector();

    /** How each request gets its connection. */
    @Param({"conpool", "connect-per-request", "hand-held"})
    public String mode;

    /** Whether the connection is TLS. */
    @Param({"false", "true"})
    public boolean tls;

    private LoopbackServer server;
    private SSLContext clientTls;
    private ConnectionPool<Transport> pool;
    private Endpoint endpoint;

    /** Per-thread buffers, hand-held connection and latency recorder. */
    @State(Scope.Thread)
    public static class Client {
        final byte[] keepAlive = Wire.request(false);
        final byte[] close = Wire.request(true);
        final byte[] response = new byte[Wire.RESPONSE_BYTES];
        final byte[] drain = new byte[64];
        Socket held;
        ThreadLatency latency;

        /** Registers this thread's recorder. */
        @Setup(Level.Trial)
        public void register() {
            latency = REQUESTS.register();
        }

        /**
         * Closes the hand-held connection.
         *
         * @throws IOException if closing fails
         */
        @TearDown(Level.Trial)
        public void closeHeld() throws IOException {
            if (held != null) {
                held.close();
            }
        }
    }

    /**
     * Makes the certificate (TLS), starts the server and, in {@code conpool} mode, the pool.
     *
     * @throws IOException if any of them cannot start
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        if (!mode.equals("conpool") && !mode.equals("connect-per-request") && !mode.equals("hand-held")) {
            throw new IllegalArgumentException("unknown mode '" + mode + "': use conpool, connect-per-request or hand-held");
        }
        if (tls) {
            SelfSignedTls certs = SelfSignedTls.generate();
            clientTls = certs.clientContext();
            server = LoopbackServer.tls(certs.serverContext());
            endpoint = Endpoint.tls(server.host(), server.port());
        } else {
            server = LoopbackServer.plain();
            endpoint = Endpoint.plain(server.host(), server.port());
        }
        if (mode.equals("conpool")) {
            PoolConfig.Builder b = PoolConfig.builder()
                    .maxConnectionsPerEndpoint(POOL_LIMIT)
                    .maxTotalConnections(POOL_LIMIT)
                    .acquireTimeout(Duration.ofSeconds(30))
                    .maxIdleTime(Duration.ofHours(1))
                    .maxConnectionLifetime(Duration.ofHours(2));
            if (clientTls != null) {
                b.sslContext(clientTls);
            }
            pool = ConnectionPool.create(b.build());
        }
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
     * Writes the latency distribution and stops everything.
     *
     * @param params the trial's parameters
     */
    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) {
        Map<String, String> m = REQUESTS.summary();
        m.put("server.accepted", Long.toString(server.acceptedCount()));
        Extras.write(params, m);
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    /**
     * One request and its response.
     *
     * @param c this thread's client state
     * @throws IOException if the exchange fails
     */
    @Benchmark
    public void request(Client c) throws IOException {
        long start = System.nanoTime();
        switch (mode) {
            case "conpool":
                pooled(c);
                break;
            case "connect-per-request":
                connectPerRequest(c);
                break;
            default:
                handHeld(c);
                break;
        }
        c.latency.record(System.nanoTime() - start);
    }

    private void pooled(Client c) throws IOException {
        Lease<Transport> lease = pool.acquire(endpoint);
        try {
            Transport t = lease.connection();
            Wire.exchange(t.input(), t.output(), c.keepAlive, c.response);
        } catch (IOException | RuntimeException e) {
            lease.invalidate();
            throw e;
        }
        lease.close();
    }

    private void connectPerRequest(Client c) throws IOException {
        try (Socket s = ClientSockets.open(endpoint.host(), endpoint.port(), clientTls)) {
            InputStream in = s.getInputStream();
            Wire.exchange(in, s.getOutputStream(), c.close, c.response);
            // wait for the server's close, so the server (not this client) keeps the TIME_WAIT state
            while (in.read(c.drain) >= 0) {
                // nothing more is expected
            }
        }
    }

    private void handHeld(Client c) throws IOException {
        Socket s = c.held;
        if (s == null) {
            s = ClientSockets.open(endpoint.host(), endpoint.port(), clientTls);
            c.held = s;
        }
        Wire.exchange(s.getInputStream(), s.getOutputStream(), c.keepAlive, c.response);
    }
}
