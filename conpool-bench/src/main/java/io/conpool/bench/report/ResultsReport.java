package io.conpool.bench.report;

import io.conpool.bench.jmh.ManyEndpointsBenchmark;
import io.conpool.bench.pools.Pools;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the measured trials into the markdown results page: a header saying how and where it was
 * measured, the targets as ratios (met or not), then one table per scenario.
 */
public final class ResultsReport {
    /** Benchmark names as in {@link Measured#benchmark()}. */
    public static final String UNCONTENDED = "UncontendedBenchmark";
    /** Scenario 2. */
    public static final String CONTENDED = "ContendedBenchmark";
    /** Scenario 3. */
    public static final String ENDPOINTS = "ManyEndpointsBenchmark";
    /** Scenario 4. */
    public static final String LOOPBACK = "LoopbackBenchmark";
    /** Scenario 5. */
    public static final String HTTP2 = "Http2Benchmark";
    /** Scenario 6. */
    public static final String STALE = "StaleCheckBenchmark";
    /** The stale-check target: nanoseconds per check. */
    static final double STALE_CHECK_TARGET_NANOS = 2000;
    /** The allocation target per uncontended cycle, in bytes: what the reliability issue left (stretch: 0). */
    static final double CYCLE_BYTES_TARGET = 40;
    /** Scenario 1's target: conpool ÷ Jetty's ConcurrentPool at every thread count. */
    static final double UNCONTENDED_VS_JETTY = 1.0;
    /** Scenario 1's target: conpool ÷ HikariCP's ConcurrentBag at every thread count (stretch: 1.0). */
    static final double UNCONTENDED_VS_HIKARI = 0.5;
    /** Scenario 2's target: conpool ÷ HikariCP's ConcurrentBag. */
    static final double CONTENDED_VS_HIKARI = 0.5;
    /** Scenario 2's target: conpool ÷ HttpCore 5's StrictConnPool. */
    static final double CONTENDED_VS_STRICT = 2.0;
    /** Scenario 2's target: p99.9 wait ÷ the FIFO ideal, at most. */
    static final double CONTENDED_P999_VS_FIFO = 2.0;
    /** Scenario 3's target: conpool ÷ HttpCore 5's StrictConnPool, in each mix. */
    static final double ENDPOINTS_VS_STRICT = 1.2;
    /** Scenario 4's target: conpool ÷ a connection held by hand, plain and TLS. */
    static final double LOOPBACK_VS_HAND_HELD = 0.95;
    /** The thread counts scenario 1's targets cover. */
    static final List<Integer> UNCONTENDED_TARGET_THREADS = List.of(1, 8, 32);
    /** The thread counts scenario 2's targets cover (limit 4). */
    static final List<Integer> CONTENDED_TARGET_THREADS = List.of(8, 32);

    private static final String CONPOOL = Pools.CONPOOL.id();
    private static final String CHECK_EVERY_REUSE = Pools.CONPOOL_CHECK_EVERY_REUSE.id();

    private final RunInfo info;
    private final List<Measured> results;
    private final List<String> notes;

    /**
     * @param info    how and where the run happened
     * @param results every trial that produced a result
     * @param notes   skipped or failed trials, one line each
     */
    public ResultsReport(RunInfo info, List<Measured> results, List<String> notes) {
        this.info = info;
        this.results = List.copyOf(results);
        this.notes = List.copyOf(notes);
    }

    /** @return the whole page */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        header(sb);
        targets(sb);
        uncontended(sb);
        contended(sb);
        endpoints(sb);
        loopback(sb);
        http2(sb);
        staleCheck(sb);
        if (!notes.isEmpty()) {
            sb.append("\n## Not measured\n\n");
            for (String n : notes) {
                sb.append("- ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ header and targets

    private void header(StringBuilder sb) {
        sb.append("# conpool-bench results\n\n");
        if (info.mode().equals("quick")) {
            sb.append("> **Quick mode: a smoke run, not a measurement to quote.** ").append(info.runLength())
                    .append(". Short runs on a shared machine are noisy (compare the load averages below); "
                            + "run the full mode on a quiet machine for numbers to rely on.\n\n");
        } else {
            sb.append("> Full mode: ").append(info.runLength()).append(".\n\n");
        }
        if (!info.note().isBlank()) {
            sb.append("> Note: ").append(info.note()).append("\n\n");
        }
        sb.append("| | |\n|---|---|\n");
        sb.append("| command | `").append(info.command()).append("` |\n");
        sb.append("| started | ").append(info.started()).append(String.format(Locale.ROOT, " (took %.1f min)", info.minutes()))
                .append(" |\n");
        sb.append("| machine | ").append(info.machine()).append(" |\n");
        sb.append("| load average (1/5/15 min) | at start ").append(info.loadAtStart()).append("; at end ")
                .append(info.loadAtEnd()).append(" |\n");
        sb.append("| JDK | ").append(info.jdk()).append(" |\n");
        sb.append("| versions | ").append(info.versions()).append(" |\n\n");
        sb.append("Every pool holds real loopback TCP connections (see the README: the same semantics for every pool); "
                + "ratios are conpool ÷ the named peer, measured in the same run.\n");
    }

    private void targets(StringBuilder sb) {
        sb.append("\n## Targets\n\n");
        sb.append("Issue 11's targets, conpool with its default settings (stale check included) ÷ the named peer in "
                + "this run. A row spanning several thread counts or mixes is met only if every one of them is measured "
                + "and meets it.\n\n");
        sb.append("| target | measured | met |\n|---|---|---|\n");
        // scenario 1: throughput against two peers, allocation
        uncontendedTarget(sb, Pools.JETTY, UNCONTENDED_VS_JETTY, "");
        uncontendedTarget(sb, Pools.HIKARI, UNCONTENDED_VS_HIKARI, " (stretch 1.0×)");
        Check alloc = new Check();
        for (int t : UNCONTENDED_TARGET_THREADS) {
            Optional<Measured> mine = find(UNCONTENDED, CONPOOL, t);
            if (mine.isPresent() && !Double.isNaN(mine.get().bytesPerOp())) {
                double bytes = mine.get().bytesPerOp();
                // as printed: JMH's normalised allocation adds a few thousandths of a byte
                alloc.add(t + " t: " + num(bytes, 1) + " B", bytes < CYCLE_BYTES_TARGET + 0.05);
            } else {
                alloc.missing(t + " t");
            }
        }
        row(sb, "uncontended cycle allocates ≤ " + num(CYCLE_BYTES_TARGET, 0) + " B (stretch 0 B), at "
                + threadList(UNCONTENDED_TARGET_THREADS) + " threads", alloc);
        // scenario 2: per thread count
        for (int t : CONTENDED_TARGET_THREADS) {
            contendedTargets(sb, t);
        }
        // scenario 3: per mix
        for (String mix : ManyEndpointsBenchmark.MIXES) {
            Optional<Measured> mine = findEndpoints(CONPOOL, mix);
            Optional<Measured> strict = findEndpoints(Pools.HC5_STRICT.id(), mix);
            Check c = new Check();
            if (mine.isPresent() && strict.isPresent()) {
                double r = mine.get().score() / strict.get().score();
                c.add(ratio(r) + " (" + num(mine.get().score(), 1) + " vs " + num(strict.get().score(), 1) + " ops/ms)",
                        r >= ENDPOINTS_VS_STRICT);
            }
            row(sb, "100 endpoints, global cap 50, " + mix + " mix: ≥ " + factor(ENDPOINTS_VS_STRICT) + " "
                    + Pools.HC5_STRICT.id(), c);
        }
        // scenario 4
        loopbackTarget(sb, false, "connect-per-request", 5.0, "loopback plain: ≥ 5× connect-per-request");
        loopbackTarget(sb, true, "connect-per-request", 20.0, "loopback TLS: ≥ 20× connect-per-request");
        loopbackTarget(sb, false, "hand-held", LOOPBACK_VS_HAND_HELD,
                "loopback plain: ≥ " + factor(LOOPBACK_VS_HAND_HELD) + " hand-held connection");
        loopbackTarget(sb, true, "hand-held", LOOPBACK_VS_HAND_HELD,
                "loopback TLS: ≥ " + factor(LOOPBACK_VS_HAND_HELD) + " hand-held connection");
        // scenario 6
        for (boolean tls : new boolean[] {false, true}) {
            double cost = staleCheckNanos(tls);
            row(sb, "stale check ≤ 2 µs (" + (tls ? "TLS" : "plain") + ")",
                    Double.isNaN(cost) ? null : micros(cost) + " µs per check", Double.isNaN(cost) ? null
                            : cost <= STALE_CHECK_TARGET_NANOS);
        }
    }

    /** One row: conpool's uncontended throughput ÷ {@code peer}'s at each target thread count, ≥ {@code goal}. */
    private void uncontendedTarget(StringBuilder sb, Pools peer, double goal, String stretch) {
        Check c = new Check();
        for (int t : UNCONTENDED_TARGET_THREADS) {
            Optional<Measured> mine = find(UNCONTENDED, CONPOOL, t);
            Optional<Measured> theirs = find(UNCONTENDED, peer.id(), t);
            if (mine.isPresent() && theirs.isPresent()) {
                double r = mine.get().score() / theirs.get().score();
                c.add(t + " t: " + ratio(r) + " (" + num(mine.get().score(), 1) + " vs " + num(theirs.get().score(), 1)
                        + " ops/µs)", r >= goal);
            } else {
                c.missing(t + " t");
            }
        }
        row(sb, "uncontended cycle ≥ " + factor(goal) + " " + peer.id() + stretch + ", at "
                + threadList(UNCONTENDED_TARGET_THREADS) + " threads", c);
    }

    /** The four contended rows at {@code threads}: against Hikari's bag, against hc5-strict, max wait, p99.9. */
    private void contendedTargets(StringBuilder sb, int threads) {
        Optional<Measured> mine = find(CONTENDED, CONPOOL, threads);
        String at = "contended, " + threads + " threads, limit " + mine.map(m -> m.param("limit")).orElse("4") + ": ";
        for (Pools peer : List.of(Pools.HIKARI, Pools.HC5_STRICT)) {
            double goal = peer == Pools.HIKARI ? CONTENDED_VS_HIKARI : CONTENDED_VS_STRICT;
            Optional<Measured> theirs = find(CONTENDED, peer.id(), threads);
            Check c = new Check();
            if (mine.isPresent() && theirs.isPresent()) {
                double r = mine.get().score() / theirs.get().score();
                c.add(ratio(r) + " (" + num(mine.get().score(), 3) + " vs " + num(theirs.get().score(), 3) + " ops/µs)",
                        r >= goal);
            }
            row(sb, at + "throughput ≥ " + factor(goal) + " " + peer.id(), c);
        }
        Check max = new Check();
        Optional<Measured> bestMax = results.stream()
                .filter(m -> m.benchmark().equals(CONTENDED) && m.threads() == threads && isPeer(m))
                .filter(m -> !Double.isNaN(m.extra("latency.max")))
                .min(Comparator.comparingDouble(m -> m.extra("latency.max")));
        if (mine.isPresent() && !Double.isNaN(mine.get().extra("latency.max")) && bestMax.isPresent()) {
            double ours = mine.get().extra("latency.max");
            double theirs = bestMax.get().extra("latency.max");
            max.add(micros(ours) + " µs vs " + micros(theirs) + " µs (" + bestMax.get().param("pool") + ")", ours <= theirs);
        }
        row(sb, at + "max wait ≤ the best peer's max wait", max);
        Check fifo = new Check();
        if (mine.isPresent()) {
            double ideal = fifoIdealNanos(mine.get());
            double r = mine.get().extra("latency.p999") / ideal;
            if (!Double.isNaN(r)) {
                fifo.add(ratio(r) + " (p99.9 " + micros(mine.get().extra("latency.p999")) + " µs, ideal " + micros(ideal)
                        + " µs)", r <= CONTENDED_P999_VS_FIFO);
            }
        }
        row(sb, at + "p99.9 wait ≤ " + factor(CONTENDED_P999_VS_FIFO) + " the FIFO ideal", fifo);
    }

    /**
     * A target's measurements and verdict: met only if something was measured, every measured part meets it
     * and no part is missing; missed as soon as one part misses it.
     */
    private static final class Check {
        private final List<String> parts = new ArrayList<>();
        private boolean measured;
        private boolean missed;
        private boolean incomplete;

        void add(String text, boolean met) {
            parts.add(text);
            measured = true;
            missed |= !met;
        }

        void missing(String what) {
            parts.add(what + ": not measured");
            incomplete = true;
        }

        /** @return the measured column, or null when nothing was measured */
        String text() {
            return measured ? String.join("; ", parts) : null;
        }

        /** @return met, missed, or null when undecided (nothing measured, or a part missing and none missed) */
        Boolean met() {
            if (!measured) {
                return null;
            }
            return missed ? Boolean.FALSE : incomplete ? null : Boolean.TRUE;
        }
    }

    private static void row(StringBuilder sb, String target, Check check) {
        row(sb, target, check.text(), check.met());
    }

    private static String threadList(List<Integer> threads) {
        List<String> s = threads.stream().map(String::valueOf).toList();
        return s.size() == 1 ? s.get(0)
                : String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    /** A target factor as the issue writes it: 1.0×, 0.5×, 1.2×, 0.95×. */
    static String factor(double goal) {
        String one = num(goal, 1);
        return (Double.parseDouble(one) == goal ? one : num(goal, 2)) + "×";
    }

    /** check-every-reuse minus no-check, in ns: what one stale check adds to a cycle; NaN when not measured. */
    double staleCheckNanos(boolean tls) {
        Optional<Measured> with = findStale("check-every-reuse", tls);
        Optional<Measured> without = findStale("no-check", tls);
        return with.isPresent() && without.isPresent() ? with.get().score() - without.get().score() : Double.NaN;
    }

    private void loopbackTarget(StringBuilder sb, boolean tls, String baseline, double goal, String label) {
        Optional<Measured> mine = findLoopback("conpool", tls);
        Optional<Measured> base = findLoopback(baseline, tls);
        if (mine.isPresent() && base.isPresent()) {
            double r = mine.get().score() / base.get().score();
            row(sb, label, ratio(r) + " (" + num(mine.get().score(), 0) + " vs " + num(base.get().score(), 0) + " req/s)",
                    r >= goal);
        } else {
            row(sb, label, null, null);
        }
    }

    private static void row(StringBuilder sb, String target, String measured, Boolean met) {
        sb.append("| ").append(target).append(" | ").append(measured == null ? "not measured" : measured).append(" | ")
                .append(met == null ? "–" : met ? "**yes**" : "**no**").append(" |\n");
    }

    // ------------------------------------------------------------------ scenario tables

    private void uncontended(StringBuilder sb) {
        List<Integer> threads = threadCounts(UNCONTENDED);
        if (threads.isEmpty()) {
            return;
        }
        sb.append("\n## 1. Uncontended acquire/release cycle\n\n");
        sb.append("One endpoint, 32 connections allowed (≥ threads), nobody waits. Throughput in cycles per µs "
                + "(higher is better, ± 99.9 % CI), allocation in bytes per cycle from `-prof gc`. `"
                + CHECK_EVERY_REUSE + "` is the uncontended cycle with the check forced on every reuse "
                + "(conpool with `validateAfterInactivity = 0`, everything else as `conpool`): its own row, not a peer, "
                + "in no ratio.\n\n");
        sb.append("| pool |");
        for (int t : threads) {
            sb.append(' ').append(t).append(" t ops/µs | ").append(t).append(" t B/op |");
        }
        sb.append("\n|---|");
        sb.append("---:|---:|".repeat(threads.size()));
        sb.append('\n');
        for (String pool : pools(UNCONTENDED)) {
            sb.append("| ").append(pool).append(" |");
            for (int t : threads) {
                Optional<Measured> m = find(UNCONTENDED, pool, t);
                sb.append(' ').append(m.map(x -> scoreWithError(x, 2)).orElse("–")).append(" | ")
                        .append(m.map(x -> num(x.bytesPerOp(), 1)).orElse("–")).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nconpool ÷ fastest peer:");
        for (int t : threads) {
            Optional<Measured> mine = find(UNCONTENDED, CONPOOL, t);
            Optional<Measured> best = bestPeer(UNCONTENDED, t, p -> true);
            if (mine.isPresent() && best.isPresent()) {
                sb.append(' ').append(t).append(" t ").append(ratio(mine.get().score() / best.get().score()))
                        .append(" (").append(best.get().param("pool")).append(");");
            }
        }
        sb.append('\n');
        StringBuilder check = new StringBuilder();
        for (int t : threads) {
            Optional<Measured> mine = find(UNCONTENDED, CONPOOL, t);
            Optional<Measured> every = find(UNCONTENDED, CHECK_EVERY_REUSE, t);
            if (mine.isPresent() && every.isPresent()) {
                check.append(' ').append(t).append(" t ").append(ratio(every.get().score() / mine.get().score()))
                        .append(';');
            }
        }
        if (check.length() > 0) {
            sb.append("\ncheck on every reuse ÷ default settings:").append(check).append('\n');
        }
    }

    private void contended(StringBuilder sb) {
        List<Integer> threads = threadCounts(CONTENDED);
        if (threads.isEmpty()) {
            return;
        }
        sb.append("\n## 2. Contended: more threads than connections\n\n");
        sb.append("One endpoint; each thread acquires, holds the connection for a fixed amount of CPU work, releases, "
                + "and starts again. Wait = time inside acquire. FIFO ideal = (threads − limit) ÷ throughput: what every "
                + "wait would be if callers were served strictly in turn at the measured rate. Share = the least and the "
                + "most served thread's operations relative to an even split (1.00–1.00 is perfectly fair).\n");
        for (int t : threads) {
            Measured any = results.stream().filter(m -> m.benchmark().equals(CONTENDED) && m.threads() == t)
                    .findFirst().orElseThrow();
            sb.append("\n### ").append(t).append(" threads, limit ").append(any.param("limit")).append(", hold ")
                    .append(any.param("holdTokens")).append(" CPU tokens\n\n");
            sb.append("| pool | ops/µs | wait p50 µs | p99 µs | p99.9 µs | max µs | FIFO ideal µs | p99.9 ÷ ideal | share min–max |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String pool : pools(CONTENDED)) {
                Optional<Measured> m = find(CONTENDED, pool, t);
                if (m.isEmpty()) {
                    continue;
                }
                Measured x = m.get();
                double ideal = fifoIdealNanos(x);
                sb.append("| ").append(pool).append(strictMark(pool)).append(" | ").append(scoreWithError(x, 3)).append(" | ")
                        .append(micros(x.extra("latency.p50"))).append(" | ")
                        .append(micros(x.extra("latency.p99"))).append(" | ")
                        .append(micros(x.extra("latency.p999"))).append(" | ")
                        .append(micros(x.extra("latency.max"))).append(" | ")
                        .append(micros(ideal)).append(" | ")
                        .append(ratio(x.extra("latency.p999") / ideal)).append(" | ")
                        .append(num(x.extra("share.min"), 2)).append("–").append(num(x.extra("share.max"), 2)).append(" |\n");
            }
            Optional<Measured> mine = find(CONTENDED, CONPOOL, t);
            if (mine.isPresent()) {
                StringBuilder line = new StringBuilder();
                for (Pools peer : List.of(Pools.HIKARI, Pools.HC5_STRICT)) {
                    find(CONTENDED, peer.id(), t).ifPresent(p -> line.append("conpool ÷ ").append(peer.id()).append(": ")
                            .append(ratio(mine.get().score() / p.score())).append("; "));
                }
                bestPeer(CONTENDED, t, Pools::strictLimit).ifPresent(p -> line.append("conpool ÷ best strict-limit peer (")
                        .append(p.param("pool")).append("): ").append(ratio(mine.get().score() / p.score())).append("; "));
                if (line.length() > 0) {
                    sb.append('\n').append(line, 0, line.length() - 2).append('\n');
                }
            }
        }
        sb.append("\n† not a strict limit (may exceed it briefly), so not a \"strict-limit peer\".\n");
    }

    private void endpoints(StringBuilder sb) {
        List<Measured> ms = results.stream().filter(m -> m.benchmark().equals(ENDPOINTS)).toList();
        if (ms.isEmpty()) {
            return;
        }
        sb.append("\n## 3. 100 endpoints under a global cap of 50\n\n");
        sb.append("4 per endpoint, ").append(ms.get(0).threads()).append(" threads, two key mixes: `hot`, 80 % of "
                + "operations on 20 hot endpoints; `uniform`, every endpoint equally likely. At the cap a pool must close "
                + "an idle connection elsewhere, so real connects happen; connects/op is counted by the servers (lower = "
                + "better reuse). Acquire time includes those connects.\n\n");
        sb.append("| mix | pool | ops/ms | connects/op | acquire p50 µs | p99 µs | p99.9 µs | max µs | conpool ÷ this |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String mix : ManyEndpointsBenchmark.MIXES) {
            Optional<Measured> mine = findEndpoints(CONPOOL, mix);
            for (String pool : pools(ENDPOINTS)) {
                Optional<Measured> m = findEndpoints(pool, mix);
                if (m.isEmpty()) {
                    continue;
                }
                Measured x = m.get();
                sb.append("| ").append(mix).append(" | ").append(pool).append(" | ").append(scoreWithError(x, 1)).append(" | ")
                        .append(num(x.extra("connects.per.op"), 3)).append(" | ")
                        .append(micros(x.extra("latency.p50"))).append(" | ")
                        .append(micros(x.extra("latency.p99"))).append(" | ")
                        .append(micros(x.extra("latency.p999"))).append(" | ")
                        .append(micros(x.extra("latency.max"))).append(" | ")
                        .append(CONPOOL.equals(pool) ? "" : mine.map(c -> ratio(c.score() / x.score())).orElse("–"))
                        .append(" |\n");
            }
        }
        sb.append("\nPools without a global limit that evicts elsewhere (hc5-lax, hc5-segmented, jetty-concurrent, "
                + "hikari-bag) cannot run this scenario; see the README.\n");
    }

    private void loopback(StringBuilder sb) {
        List<Measured> ms = results.stream().filter(m -> m.benchmark().equals(LOOPBACK)).toList();
        if (ms.isEmpty()) {
            return;
        }
        sb.append("\n## 4. Real loopback server: requests/s and latency\n\n");
        sb.append(ms.get(0).threads()).append(" client threads, 128-byte request, 1 KiB response, server in the same JVM "
                + "(so client and server share the CPUs).\n\n");
        sb.append("| transport | connection | req/s | p50 µs | p99 µs | p99.9 µs | max µs | conpool ÷ this |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (boolean tls : new boolean[] {false, true}) {
            Optional<Measured> mine = findLoopback("conpool", tls);
            for (String mode : List.of("conpool", "hand-held", "connect-per-request")) {
                Optional<Measured> m = findLoopback(mode, tls);
                if (m.isEmpty()) {
                    continue;
                }
                Measured x = m.get();
                sb.append("| ").append(tls ? "TLS" : "plain").append(" | ").append(mode).append(" | ")
                        .append(scoreWithError(x, 0)).append(" | ")
                        .append(micros(x.extra("latency.p50"))).append(" | ")
                        .append(micros(x.extra("latency.p99"))).append(" | ")
                        .append(micros(x.extra("latency.p999"))).append(" | ")
                        .append(micros(x.extra("latency.max"))).append(" | ")
                        .append(mine.map(c -> ratio(c.score() / x.score())).orElse("–")).append(" |\n");
            }
        }
    }

    /** Scenario 5's clients in table order: conpool's http2 handler, the peers, conpool HTTP/1.1. */
    private static final List<String> HTTP2_CLIENTS = List.of("h2", "jetty-h2", "jdk-h2", "http1.1");

    private static String http2ClientName(String protocol, boolean tls) {
        switch (protocol) {
            case "h2":
                return tls ? "conpool h2" : "conpool h2c";
            case "jetty-h2":
                return tls ? "Jetty HttpClient h2" : "Jetty HttpClient h2c";
            case "jdk-h2":
                return "JDK HttpClient h2";
            default:
                return "conpool HTTP/1.1";
        }
    }

    private void http2(StringBuilder sb) {
        List<Integer> threads = threadCounts(HTTP2);
        if (threads.isEmpty()) {
            return;
        }
        sb.append("\n## 5. HTTP/2 vs HTTP/1.1 over the pool\n\n");
        sb.append("Against an embedded Jetty server in the same JVM: POST with a 128-byte body, 1 KiB response. conpool h2: "
                + "the `http2` handler, callers share a connection as streams (h2c with prior knowledge; h2 with ALPN over "
                + "TLS), a lease per request. Jetty HttpClient (12.1, HTTP/2 transport) and the JDK's java.net.http.HttpClient "
                + "(HTTP_2, TLS only: it cannot speak h2c with prior knowledge; every response checked to be HTTP/2): one "
                + "client object shared by all threads, a blocking send per request. conpool HTTP/1.1: the raw handler, one "
                + "exclusive keep-alive connection per caller (pool limit 32). TCP connections = connections the server "
                + "accepted during the whole trial (warm-up included).\n\n");
        sb.append("| transport | threads | client | req/s | p50 µs | p99 µs | p99.9 µs | max µs | TCP connections | conpool h2 ÷ this |\n");
        sb.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder targets = new StringBuilder();
        for (boolean tls : new boolean[] {false, true}) {
            for (int t : threads) {
                Optional<Measured> mine = findHttp2("h2", tls, t);
                for (String client : HTTP2_CLIENTS) {
                    Optional<Measured> m = findHttp2(client, tls, t);
                    if (m.isEmpty()) {
                        continue;
                    }
                    Measured x = m.get();
                    String ratio = !"h2".equals(client) && mine.isPresent() ? ratio(mine.get().score() / x.score()) : "";
                    sb.append("| ").append(tls ? "TLS" : "plain").append(" | ").append(t).append(" | ")
                            .append(http2ClientName(client, tls)).append(" | ")
                            .append(scoreWithError(x, 0)).append(" | ")
                            .append(micros(x.extra("latency.p50"))).append(" | ")
                            .append(micros(x.extra("latency.p99"))).append(" | ")
                            .append(micros(x.extra("latency.p999"))).append(" | ")
                            .append(micros(x.extra("latency.max"))).append(" | ")
                            .append(connections(x)).append(" | ")
                            .append(ratio).append(" |\n");
                }
                if (mine.isEmpty()) {
                    continue;
                }
                Optional<Measured> bestPeer = List.of("jetty-h2", "jdk-h2").stream()
                        .map(c -> findHttp2(c, tls, t)).flatMap(Optional::stream)
                        .max(Comparator.comparingDouble(Measured::score));
                if (bestPeer.isPresent()) {
                    double r = mine.get().score() / bestPeer.get().score();
                    targets.append("| ").append(tls ? "TLS" : "plain").append(", ").append(t)
                            .append(" threads: conpool h2 ≥ 1.5× the fastest other HTTP/2 client | ").append(ratio(r))
                            .append(" (vs ").append(http2ClientName(bestPeer.get().param("protocol"), tls)).append(") | ")
                            .append(r >= 1.5 ? "**yes**" : "**no**").append(" |\n");
                }
                Optional<Measured> h1 = findHttp2("http1.1", tls, t);
                if (t >= 16 && h1.isPresent()) {
                    double r = mine.get().score() / h1.get().score();
                    double tcp = mine.get().extra("server.tcp.connections");
                    targets.append("| ").append(tls ? "TLS" : "plain").append(", ").append(t)
                            .append(" threads: conpool h2 ≥ 0.9× conpool HTTP/1.1, on 1 connection | ").append(ratio(r))
                            .append(", ").append(connections(mine.get())).append(" vs ").append(connections(h1.get()))
                            .append(" connections | ").append(r >= 0.9 && tcp == 1 ? "**yes**" : "**no**").append(" |\n");
                }
            }
        }
        if (targets.length() > 0) {
            sb.append("\n| scenario 5 target | measured | met |\n|---|---|---|\n").append(targets);
        }
        sb.append("\nReading it: HTTP/2 serves every caller over one TCP connection (per endpoint, up to the server's "
                + "stream limit) where HTTP/1.1 needs one per concurrent caller; that is the resource it saves (sockets, "
                + "server connections, TLS handshakes, slow-start on real networks). Per request it does more work: "
                + "HPACK and framing on both sides, a reader thread per connection that hands each response to its caller "
                + "(a thread wake-up), and one socket whose writes all callers share. On loopback, where a connection costs "
                + "nothing after the handshake and the client and server share the CPUs, that extra work is what the "
                + "HTTP/1.1 ratio shows; it says nothing about a network with real round trips.\n");
    }

    private void staleCheck(StringBuilder sb) {
        if (results.stream().noneMatch(m -> m.benchmark().equals(STALE))) {
            return;
        }
        sb.append("\n## 6. The stale check\n\n");
        sb.append("One connection to a loopback server that sends nothing unasked, one thread. Time per acquire/release "
                + "cycle with the check off (`validateAfterInactivity` 1 h), on every reuse (`0`) and with the default "
                + "(`1ms`: back-to-back reuse is not checked); the difference between the first two is one check. "
                + "`timed-read-1ms` is the check conpool used before: a read with a 1 ms timeout, per check. "
                + "Allocation per operation from `-prof gc`.\n\n");
        sb.append("| transport | operation | ns/op | B/op |\n|---|---|---:|---:|\n");
        for (boolean tls : new boolean[] {false, true}) {
            for (String mode : List.of("no-check", "check-every-reuse", "default", "timed-read-1ms")) {
                Optional<Measured> m = findStale(mode, tls);
                if (m.isPresent()) {
                    sb.append("| ").append(tls ? "TLS" : "plain").append(" | ").append(mode).append(" | ")
                            .append(scoreWithError(m.get(), 0)).append(" | ").append(num(m.get().bytesPerOp(), 1))
                            .append(" |\n");
                }
            }
        }
        sb.append('\n');
        for (boolean tls : new boolean[] {false, true}) {
            double cost = staleCheckNanos(tls);
            Optional<Measured> timed = findStale("timed-read-1ms", tls);
            if (!Double.isNaN(cost)) {
                sb.append("- ").append(tls ? "TLS" : "plain").append(": one check costs ").append(micros(cost))
                        .append(" µs");
                timed.ifPresent(t -> sb.append(", the timed read ").append(micros(t.score())).append(" µs (")
                        .append(ratio(t.score() / cost)).append(")"));
                sb.append(".\n");
            }
        }
    }

    private Optional<Measured> findStale(String mode, boolean tls) {
        return results.stream().filter(m -> m.benchmark().equals(STALE) && mode.equals(m.param("mode"))
                && Boolean.toString(tls).equals(m.param("tls"))).findFirst();
    }

    /** The TCP connections the server counted, and the pool's count when it differs. */
    static String connections(Measured m) {
        double server = m.extra("server.tcp.connections");
        double pool = m.extra("pool.created");
        if (Double.isNaN(server)) {
            return Double.isNaN(pool) ? "–" : num(pool, 0) + " (pool)";
        }
        return Double.isNaN(pool) || pool == server ? num(server, 0)
                : num(server, 0) + " (pool opened " + num(pool, 0) + ")";
    }

    // ------------------------------------------------------------------ lookups

    private List<Integer> threadCounts(String benchmark) {
        return results.stream().filter(m -> m.benchmark().equals(benchmark)).map(Measured::threads)
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
    }

    private List<String> pools(String benchmark) {
        List<String> out = new ArrayList<>();
        for (String id : Pools.ids()) {
            if (results.stream().anyMatch(m -> m.benchmark().equals(benchmark) && id.equals(m.param("pool")))) {
                out.add(id);
            }
        }
        return out;
    }

    private Optional<Measured> find(String benchmark, String pool, int threads) {
        return results.stream().filter(m -> m.benchmark().equals(benchmark) && pool.equals(m.param("pool"))
                && m.threads() == threads).findFirst();
    }

    private Optional<Measured> findEndpoints(String pool, String mix) {
        return results.stream().filter(m -> m.benchmark().equals(ENDPOINTS) && pool.equals(m.param("pool"))
                && mix.equals(m.param("mix"))).findFirst();
    }

    private Optional<Measured> findLoopback(String mode, boolean tls) {
        return results.stream().filter(m -> m.benchmark().equals(LOOPBACK) && mode.equals(m.param("mode"))
                && Boolean.toString(tls).equals(m.param("tls"))).findFirst();
    }

    private Optional<Measured> findHttp2(String protocol, boolean tls, int threads) {
        return results.stream().filter(m -> m.benchmark().equals(HTTP2) && protocol.equals(m.param("protocol"))
                && Boolean.toString(tls).equals(m.param("tls")) && m.threads() == threads).findFirst();
    }

    private Optional<Measured> bestPeer(String benchmark, int threads, java.util.function.Predicate<Pools> filter) {
        return results.stream()
                .filter(m -> m.benchmark().equals(benchmark) && m.threads() == threads)
                .filter(ResultsReport::isPeer)
                .filter(m -> filter.test(Pools.byId(m.param("pool"))))
                .max(Comparator.comparingDouble(Measured::score));
    }

    /** Whether {@code m} measured a peer: neither conpool nor one of its variants. */
    private static boolean isPeer(Measured m) {
        return m.param("pool") != null && !Pools.byId(m.param("pool")).conpool();
    }

    /** (threads − limit) ÷ throughput, in ns; NaN when not computable. */
    static double fifoIdealNanos(Measured m) {
        String limit = m.param("limit");
        if (limit == null || m.score() <= 0) {
            return Double.NaN;
        }
        int waiting = m.threads() - Integer.parseInt(limit);
        return waiting <= 0 ? Double.NaN : waiting / m.score() * 1000.0; // score in ops/us
    }

    private static String strictMark(String pool) {
        return Pools.byId(pool).strictLimit() ? "" : " †";
    }

    // ------------------------------------------------------------------ formatting

    private static String scoreWithError(Measured m, int digits) {
        if (Double.isNaN(m.error()) || m.error() == 0) {
            return num(m.score(), digits);
        }
        return num(m.score(), digits) + " ± " + num(m.error(), digits);
    }

    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "–" : String.format(Locale.ROOT, "%.2f×", r);
    }

    static String micros(double nanos) {
        if (Double.isNaN(nanos)) {
            return "–";
        }
        double us = nanos / 1000.0;
        return us >= 100 ? String.format(Locale.ROOT, "%.0f", us) : String.format(Locale.ROOT, "%.2f", us);
    }

    static String num(double v, int digits) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
