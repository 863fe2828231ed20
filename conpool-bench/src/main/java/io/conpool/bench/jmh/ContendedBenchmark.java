package io.conpool.bench.jmh;

import io.conpool.bench.pools.PoolSpec;
import io.conpool.bench.pools.PoolUnderTest;
import io.conpool.bench.pools.Pools;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Scenario 2: more threads than connections. One endpoint limited to {@link #limit} connections;
 * the suite runs 2x and 8x that many threads. Each thread acquires (timed: the wait), holds the
 * connection for {@link #holdTokens} of CPU work, releases, and starts again at once. Reports
 * throughput and, through {@link Extras}, the wait-time distribution and how evenly the
 * threads were served.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContendedBenchmark {
    private static final LatencyCollector WAITS = new LatencyCollector();

    /** The pool under test (see {@link Pools#id()}). */
    @Param({"conpool", "commons-pool2", "hc5-strict", "hc5-lax", "hc5-segmented", "jetty-concurrent", "hikari-bag"})
    public String pool;

    /** Connections allowed on the endpoint. */
    @Param("4")
    public int limit;

    /** Work done while holding a connection, in {@link Blackhole#consumeCPU} tokens. */
    @Param("200")
    public int holdTokens;

    private ServerGroup servers;
    private PoolUnderTest under;

    /** Per-thread wait recorder. */
    @State(Scope.Thread)
    public static class Waits {
        ThreadLatency latency;

        /** Registers this thread's recorder. */
        @Setup(Level.Trial)
        public void register() {
            latency = WAITS.register();
        }
    }

    /**
     * Starts the server and the pool, and opens the {@link #limit} connections so that every
     * measured wait is for a connection held by another thread, never for a connect.
     *
     * @throws Exception if either cannot start
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        servers = new ServerGroup(1);
        under = Pools.byId(pool).create(new PoolSpec(servers.endpoints(), limit, 0, Duration.ofSeconds(60)));
        Object[] held = new Object[limit];
        for (int i = 0; i < limit; i++) {
            held[i] = under.acquire(0);
        }
        for (Object h : held) {
            under.release(h);
        }
    }

    /**
     * Keeps measurement iterations' waits, drops warm-up ones.
     *
     * @param iteration the iteration that just ended
     */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        WAITS.endIteration(iteration.getType() == IterationType.MEASUREMENT);
    }

    /**
     * Writes the wait distribution and closes everything.
     *
     * @param params the trial's parameters
     */
    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) {
        Map<String, String> m = WAITS.summary();
        m.put("limit", Integer.toString(limit));
        Extras.write(params, m);
        under.close();
        servers.close();
    }

    /**
     * One cycle: acquire (timed), hold, release.
     *
     * @param waits this thread's recorder
     * @throws Exception if the pool fails or times out
     */
    @Benchmark
    public void cycle(Waits waits) throws Exception {
        long start = System.nanoTime();
        Object h = under.acquire(0);
        waits.latency.record(System.nanoTime() - start);
        Blackhole.consumeCPU(holdTokens);
        under.release(h);
    }
}
