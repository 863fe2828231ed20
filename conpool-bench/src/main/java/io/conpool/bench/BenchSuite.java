package io.conpool.bench;

import io.conpool.bench.jmh.ContendedBenchmark;
import io.conpool.bench.jmh.Extras;
import io.conpool.bench.jmh.Http2Benchmark;
import io.conpool.bench.jmh.LoopbackBenchmark;
import io.conpool.bench.jmh.ManyEndpointsBenchmark;
import io.conpool.bench.jmh.StaleCheckBenchmark;
import io.conpool.bench.jmh.UncontendedBenchmark;
import io.conpool.bench.pools.Pools;
import io.conpool.bench.report.Measured;
import io.conpool.bench.report.ResultsReport;
import io.conpool.bench.report.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the six benchmark scenarios with JMH, conpool and its peers in the same run, and writes
 * the markdown results table ({@link ResultsReport}). Quick mode smoke-runs everything in a few
 * minutes; full mode is for numbers to publish. See {@link SuiteOptions#USAGE}.
 */
public final class BenchSuite {
    /** Uncontended scenario: thread counts, each a run of its own. */
    static final int[] UNCONTENDED_THREADS = {1, 8, 32};
    /** Contended scenario: connections allowed on the endpoint; threads are 2x and 8x this. */
    static final int CONTENDED_LIMIT = 4;
    /** Many-endpoints scenario: threads. */
    static final int ENDPOINTS_THREADS = 8;
    /** Loopback scenario: client threads. */
    static final int LOOPBACK_THREADS = 4;
    /** HTTP/2 scenario: client threads, each a run of its own (as many as scenario 4, and 4x that). */
    static final int[] HTTP2_THREADS = {4, 16};

    private final SuiteOptions options;
    private final List<Measured> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private BenchSuite(SuiteOptions options) {
        this.options = options;
    }

    /**
     * @param args see {@link SuiteOptions#USAGE}
     * @throws Exception if JMH cannot run or the results cannot be written
     */
    public static void main(String[] args) throws Exception {
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new BenchSuite(options).run();
    }

    private void run() throws RunnerException, IOException {
        Instant started = Instant.now();
        String loadAtStart = RunInfo.loadAverage();
        Files.createDirectories(options.work());
        if (options.scenarios().contains("uncontended")) {
            // conpool with the check on every reuse: its own row, right after conpool, never a peer
            List<String> pools = new ArrayList<>(options.pools());
            pools.add(pools.indexOf(Pools.CONPOOL.id()) + 1, Pools.CONPOOL_CHECK_EVERY_REUSE.id());
            for (int t : UNCONTENDED_THREADS) {
                runPools(UncontendedBenchmark.class, "cycle", pools, t, true, Map.of());
            }
        }
        if (options.scenarios().contains("contended")) {
            for (int factor : new int[] {2, 8}) {
                runPools(ContendedBenchmark.class, "cycle", options.pools(), factor * CONTENDED_LIMIT, false,
                        Map.of("limit", new String[] {Integer.toString(CONTENDED_LIMIT)}));
            }
        }
        if (options.scenarios().contains("endpoints")) {
            List<String> capable = new ArrayList<>();
            for (String id : options.pools()) {
                Pools p = Pools.byId(id);
                if (p.globalLimit() && p.evictsElsewhereAtCap()) {
                    capable.add(id);
                } else {
                    notes.add("scenario 3, " + id + ": skipped, " + (p.globalLimit()
                            ? "it does not close idle connections of other endpoints at the global cap (callers wait until timeout)"
                            : "it has no global limit"));
                }
            }
            runPools(ManyEndpointsBenchmark.class, "cycle", capable, ENDPOINTS_THREADS, false,
                    Map.of("mix", ManyEndpointsBenchmark.MIXES.toArray(String[]::new)));
        }
        if (options.scenarios().contains("loopback")) {
            run(LoopbackBenchmark.class, "request", LOOPBACK_THREADS, false,
                    Map.of("mode", new String[] {"conpool", "hand-held", "connect-per-request"},
                            "tls", new String[] {"false", "true"}), 6);
        }
        if (options.scenarios().contains("h2")) {
            // the JDK client runs over TLS only (no h2c with prior knowledge), so plain and TLS are separate runs
            for (int t : HTTP2_THREADS) {
                run(Http2Benchmark.class, "request", t, false,
                        Map.of("protocol", new String[] {Http2Benchmark.H2, Http2Benchmark.JETTY_H2, Http2Benchmark.HTTP1},
                                "tls", new String[] {"false"}), 3, "-plain");
                run(Http2Benchmark.class, "request", t, false,
                        Map.of("protocol", new String[] {Http2Benchmark.H2, Http2Benchmark.JETTY_H2, Http2Benchmark.JDK_H2,
                                Http2Benchmark.HTTP1}, "tls", new String[] {"true"}), 4, "-tls");
            }
        }
        if (options.scenarios().contains("stale")) {
            run(StaleCheckBenchmark.class, "check", 1, true,
                    Map.of("mode", new String[] {"no-check", "check-every-reuse", "default", "timed-read-1ms"},
                            "tls", new String[] {"false", "true"}), 8);
        }
        Instant ended = Instant.now();
        RunInfo info = new RunInfo(options.mode(), runLengthText(), options.command(), RunInfo.describeMachine(),
                RunInfo.describeJdk(), RunInfo.describeVersions(), loadAtStart, RunInfo.loadAverage(),
                started.truncatedTo(ChronoUnit.SECONDS).toString(),
                (ended.toEpochMilli() - started.toEpochMilli()) / 60_000.0, options.note());
        String markdown = new ResultsReport(info, results, notes).markdown();
        Path out = options.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.writeString(out, markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("conpool-bench: results written to " + out);
    }

    /**
     * Runs {@code benchmark} once per pool and per combination of {@code others}' values.
     */
    private void runPools(Class<?> benchmark, String method, List<String> pools, int threads, boolean gc,
                          Map<String, String[]> others) throws RunnerException {
        if (pools.isEmpty()) {
            return;
        }
        Map<String, String[]> params = new LinkedHashMap<>();
        params.put("pool", pools.toArray(String[]::new));
        int expected = pools.size();
        for (Map.Entry<String, String[]> e : others.entrySet()) {
            params.put(e.getKey(), e.getValue());
            expected *= e.getValue().length;
        }
        run(benchmark, method, threads, gc, params, expected);
    }

    private void run(Class<?> benchmark, String method, int threads, boolean gc, Map<String, String[]> params,
                     int expected) throws RunnerException {
        run(benchmark, method, threads, gc, params, expected, "");
    }

    private void run(Class<?> benchmark, String method, int threads, boolean gc, Map<String, String[]> params,
                     int expected, String fileSuffix) throws RunnerException {
        String name = benchmark.getSimpleName();
        Path json = options.work().resolve("jmh-" + name + "-t" + threads + fileSuffix + ".json");
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + java.util.regex.Pattern.quote(benchmark.getName() + "." + method) + "$")
                .threads(threads)
                .shouldFailOnError(false)
                .jvmArgsAppend("-Xms1g", "-Xmx1g", "-D" + Extras.WORK_DIR_PROPERTY + "=" + options.work().toAbsolutePath())
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        params.forEach(b::param);
        if (options.quick()) {
            b.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        } else {
            b.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        if (gc) {
            b.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> runs = new Runner(b.build()).run();
        for (RunResult r : runs) {
            results.add(toMeasured(r));
        }
        if (runs.size() < expected) {
            notes.add(name + " with " + threads + " threads: " + (expected - runs.size()) + " of " + expected
                    + " trials failed (see the JMH log for the exception)");
        }
    }

    private Measured toMeasured(RunResult r) {
        BenchmarkParams p = r.getParams();
        String bench = p.getBenchmark();
        String simple = bench.substring(0, bench.lastIndexOf('.'));
        simple = simple.substring(simple.lastIndexOf('.') + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (String k : p.getParamsKeys()) {
            params.put(k, p.getParam(k));
        }
        Map<String, Double> secondary = new LinkedHashMap<>();
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            secondary.put(e.getKey(), e.getValue().getScore());
        }
        Result<?> primary = r.getPrimaryResult();
        return new Measured(simple, params, p.getThreads(), primary.getScore(), primary.getScoreError(),
                primary.getScoreUnit(), secondary, Extras.read(options.work(), p));
    }

    private String runLengthText() {
        return options.quick()
                ? "1 fork, 1 × 1 s warm-up and 2 × 1 s measurement iterations per benchmark"
                : "2 forks, 3 × 2 s warm-up and 5 × 2 s measurement iterations per benchmark";
    }
}
