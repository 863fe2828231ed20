package io.conpool.bench.jmh;

import io.conpool.bench.pools.PoolSpec;
import io.conpool.bench.pools.PoolUnderTest;
import io.conpool.bench.pools.Pools;
import java.io.IOException;
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
 * Scenario 1: the acquire/release cycle when a connection is always free. One endpoint with
 * {@value #CONNECTIONS} connections allowed (at least the number of threads: 1, 8 or 32, chosen by
 * the suite), so nobody ever waits; what is measured is the pool's bookkeeping. Run with
 * {@code -prof gc} for bytes per cycle. Besides conpool with its default settings and the peers,
 * {@code conpool-check-every-reuse} measures conpool's cycle with the stale check on every reuse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UncontendedBenchmark {
    /** Connections allowed on the endpoint: at least the largest thread count. */
    public static final int CONNECTIONS = 32;

    /**
     * The pool under test (see {@link Pools#id()}); {@code conpool-check-every-reuse} is conpool with the
     * stale check forced on every reuse, its own row, not a peer.
     */
    @Param({"conpool", "conpool-check-every-reuse", "commons-pool2", "hc5-strict", "hc5-lax", "hc5-segmented", "jetty-concurrent", "hikari-bag"})
    public String pool;

    private ServerGroup servers;
    private PoolUnderTest under;

    /**
     * Starts the loopback server and the pool.
     *
     * @throws IOException if either cannot start
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        servers = new ServerGroup(1);
        under = Pools.byId(pool).create(new PoolSpec(servers.endpoints(), CONNECTIONS, 0, Duration.ofSeconds(30)));
    }

    /** Closes the pool and the server. */
    @TearDown(Level.Trial)
    public void stop() {
        under.close();
        servers.close();
    }

    /**
     * One cycle: acquire, touch, release.
     *
     * @param bh keeps the handle alive
     * @throws Exception if the pool fails (it should not)
     */
    @Benchmark
    public void cycle(Blackhole bh) throws Exception {
        Object h = under.acquire(0);
        bh.consume(h);
        under.release(h);
    }
}
