package io.conpool.bench.jmh;

import io.conpool.bench.pools.PoolSpec;
import io.conpool.bench.pools.PoolUnderTest;
import io.conpool.bench.pools.Pools;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
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
 * Scenario 3: {@value #ENDPOINTS} endpoints (one loopback server each) under a global cap of
 * {@value #GLOBAL_CAP} connections, {@value #PER_ENDPOINT} per endpoint, in two key mixes ({@link #mix}):
 * {@value #HOT_MIX}, skewed the way real traffic often is ({@value #HOT_SHARE_PERCENT} % of operations go
 * to the first {@value #HOT} endpoints, the rest spread over the others), and {@value #UNIFORM_MIX}
 * (every endpoint equally likely, so no set of 50 connections covers most of the traffic). At the cap a pool must close an idle connection of another endpoint
 * to serve a caller, so connections are really opened and closed: the suite reports throughput,
 * connects per operation (counted by the servers) and the acquire-time distribution. Only pools with
 * a global limit that evicts elsewhere at the cap can run it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ManyEndpointsBenchmark {
    /** Number of endpoints. */
    public static final int ENDPOINTS = 100;
    /** Global cap on connections. */
    public static final int GLOBAL_CAP = 50;
    /** Per-endpoint limit. */
    public static final int PER_ENDPOINT = 4;
    /** Number of hot endpoints. */
    public static final int HOT = 20;
    /** Share of operations on the hot endpoints, in percent. */
    public static final int HOT_SHARE_PERCENT = 80;
    /** The {@link #mix} with {@value #HOT_SHARE_PERCENT} % of operations on {@value #HOT} endpoints. */
    public static final String HOT_MIX = "hot";
    /** The {@link #mix} that picks each endpoint with equal probability. */
    public static final String UNIFORM_MIX = "uniform";
    /** Every mix, in the report's order. */
    public static final List<String> MIXES = List.of(HOT_MIX, UNIFORM_MIX);

    private static final LatencyCollector ACQUIRES = new LatencyCollector();

    /** The pool under test (see {@link Pools#id()}); only those with a global limit that evicts. */
    @Param({"conpool", "commons-pool2", "hc5-strict"})
    public String pool;

    /** The key mix: {@value #HOT_MIX} or {@value #UNIFORM_MIX}. */
    @Param({HOT_MIX, UNIFORM_MIX})
    public String mix;

    /** Work done while holding a connection, in {@link Blackhole#consumeCPU} tokens. */
    @Param("200")
    public int holdTokens;

    private ServerGroup servers;
    private PoolUnderTest under;
    private boolean uniform;
    private long acceptedAtStart;
    private long measuredConnects;

    /** Per-thread acquire-time recorder. */
    @State(Scope.Thread)
    public static class Acquires {
        ThreadLatency latency;

        /** Registers this thread's recorder. */
        @Setup(Level.Trial)
        public void register() {
            latency = ACQUIRES.register();
        }
    }

    /**
     * Starts the servers and the pool.
     *
     * @throws IOException if they cannot start
     * @throws IllegalArgumentException if the pool cannot enforce a global cap by evicting elsewhere, or
     *                                  the mix is unknown
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        if (!MIXES.contains(mix)) {
            throw new IllegalArgumentException("mix '" + mix + "' is unknown; use one of " + MIXES);
        }
        uniform = UNIFORM_MIX.equals(mix);
        Pools kind = Pools.byId(pool);
        if (!kind.globalLimit() || !kind.evictsElsewhereAtCap()) {
            throw new IllegalArgumentException(pool + " cannot run this scenario: it has no global limit, or it does not "
                    + "close idle connections of other endpoints at the cap (callers would wait until timeout)");
        }
        servers = new ServerGroup(ENDPOINTS);
        under = kind.create(new PoolSpec(servers.endpoints(), PER_ENDPOINT, GLOBAL_CAP, Duration.ofSeconds(60)));
    }

    /** Notes the servers' accept count before the iteration. */
    @Setup(Level.Iteration)
    public void startIteration() {
        acceptedAtStart = servers.acceptedCount();
    }

    /**
     * Keeps measurement iterations' numbers.
     *
     * @param iteration the iteration that just ended
     */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        boolean measured = iteration.getType() == IterationType.MEASUREMENT;
        if (measured) {
            measuredConnects += servers.acceptedCount() - acceptedAtStart;
        }
        ACQUIRES.endIteration(measured);
    }

    /**
     * Writes the numbers and closes everything.
     *
     * @param params the trial's parameters
     */
    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) {
        Map<String, String> m = ACQUIRES.summary();
        long ops = ACQUIRES.totalOps();
        m.put("connects", Long.toString(measuredConnects));
        m.put("connects.per.op", Double.toString(ops == 0 ? 0 : measuredConnects / (double) ops));
        Extras.write(params, m);
        under.close();
        servers.close();
    }

    /**
     * Picks the endpoint of one operation.
     *
     * @param uniform whether every endpoint is equally likely; otherwise {@value #HOT_SHARE_PERCENT} % of
     *                the picks fall on the first {@value #HOT} endpoints, the rest evenly on the others
     * @param rnd     the random source
     * @return an endpoint index, 0 to {@value #ENDPOINTS} − 1
     */
    public static int pickEndpoint(boolean uniform, RandomGenerator rnd) {
        if (uniform) {
            return rnd.nextInt(ENDPOINTS);
        }
        return rnd.nextInt(100) < HOT_SHARE_PERCENT ? rnd.nextInt(HOT) : HOT + rnd.nextInt(ENDPOINTS - HOT);
    }

    /**
     * One cycle on a random endpoint of the mix: acquire (timed), hold, release.
     *
     * @param acquires this thread's recorder
     * @throws Exception if the pool fails or times out
     */
    @Benchmark
    public void cycle(Acquires acquires) throws Exception {
        int endpoint = pickEndpoint(uniform, ThreadLocalRandom.current());
        long start = System.nanoTime();
        Object h = under.acquire(endpoint);
        acquires.latency.record(System.nanoTime() - start);
        Blackhole.consumeCPU(holdTokens);
        under.release(h);
    }
}
