package io.conpool.bench.jmh;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.bench.net.LoopbackServer;
import io.conpool.bench.net.SelfSignedTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scenario 6: what the stale check costs. One connection to a loopback server that never sends
 * anything unasked (plain or TLS), so every check finds it healthy:
 * <ul>
 *   <li>{@code no-check}: conpool's acquire/release cycle with the check off
 *       ({@code validateAfterInactivity} 1 h), the baseline;</li>
 *   <li>{@code check-every-reuse}: the same cycle with {@code validateAfterInactivity=0}: the
 *       difference to the baseline is one check;</li>
 *   <li>{@code default}: the cycle with the default settings (the check runs only after 1 ms idle,
 *       so back-to-back reuse pays nothing);</li>
 *   <li>{@code timed-read-1ms}: the check conpool used before, a read with a 1 ms timeout on the
 *       connection's socket (what a healthy connection costs with it).</li>
 * </ul>
 * Average time per operation; run with {@code -prof gc} for bytes per cycle.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StaleCheckBenchmark {

    /** What one operation is (see the class comment). */
    @Param({"no-check", "check-every-reuse", "default", "timed-read-1ms"})
    public String mode;

    /** Whether the connection is TLS. */
    @Param({"false", "true"})
    public boolean tls;

    private LoopbackServer server;
    private ConnectionPool<Transport> pool;
    private Endpoint endpoint;
    private Socket socket;
    private InputStream input;

    /**
     * Starts the server and the pool, and opens the one connection.
     *
     * @throws IOException if any of them cannot start
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        PoolConfig.Builder b = PoolConfig.builder().maxConnectionsPerEndpoint(1)
                .maxIdleTime(Duration.ofHours(1)).maxConnectionLifetime(Duration.ofHours(2));
        switch (mode) {
            case "no-check", "timed-read-1ms" -> b.validateAfterInactivity(Duration.ofHours(1));
            case "check-every-reuse" -> b.validateAfterInactivity(Duration.ZERO);
            case "default" -> { }
            default -> throw new IllegalArgumentException("unknown mode '" + mode
                    + "': use no-check, check-every-reuse, default or timed-read-1ms");
        }
        if (tls) {
            SelfSignedTls certs = SelfSignedTls.generate();
            server = LoopbackServer.tls(certs.serverContext());
            endpoint = Endpoint.tls(server.host(), server.port());
            b.sslContext(certs.clientContext());
        } else {
            server = LoopbackServer.plain();
            endpoint = Endpoint.plain(server.host(), server.port());
        }
        pool = ConnectionPool.create(b.build());
        try (Lease<Transport> l = pool.acquire(endpoint)) {
            socket = l.connection().socket();
            input = socket.getInputStream();
        }
    }

    /** Closes the pool and the server. */
    @TearDown(Level.Trial)
    public void stop() {
        pool.close();
        server.close();
    }

    /**
     * One operation: an acquire/release cycle, or one timed read.
     *
     * @param bh keeps the lease alive
     * @throws Exception if the pool fails (it should not)
     */
    @Benchmark
    public void check(Blackhole bh) throws Exception {
        if (input != null && mode.equals("timed-read-1ms")) {
            timedRead(bh);
            return;
        }
        Lease<Transport> l = pool.acquire(endpoint);
        bh.consume(l);
        l.close();
    }

    /** The old check, on the pooled connection's socket while the pool does not use it. */
    private void timedRead(Blackhole bh) throws IOException {
        socket.setSoTimeout(1);
        try {
            bh.consume(input.read());
        } catch (SocketTimeoutException healthy) {
            bh.consume(healthy);
        } finally {
            socket.setSoTimeout(0);
        }
    }
}
