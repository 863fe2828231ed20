package io.conpool.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report computes the target ratios from the measurements and says plainly whether each is met. */
class ResultsReportTest {
    private static final RunInfo INFO = new RunInfo("quick", "1 fork", "mvn ...", "test machine", "test jdk",
            "versions", "1 / 1 / 1", "2 / 2 / 2", "2026-01-01T00:00:00Z", 1.5, "other builds were running");

    private static Measured uncontended(String pool, int threads, double score, double bytes) {
        return new Measured(ResultsReport.UNCONTENDED, Map.of("pool", pool), threads, score, 0.1, "ops/us",
                Map.of("gc.alloc.rate.norm", bytes), Map.of());
    }

    private static Measured contended(String pool, int threads, double score, long p999) {
        return new Measured(ResultsReport.CONTENDED, Map.of("pool", pool, "limit", "4", "holdTokens", "200"), threads,
                score, Double.NaN, "ops/us", Map.of(), Map.of("latency.p50", "1000", "latency.p99", "2000",
                "latency.p999", Long.toString(p999), "latency.max", "9000", "share.min", "0.9", "share.max", "1.1"));
    }

    private static Measured loopback(String mode, boolean tls, double rps) {
        return new Measured(ResultsReport.LOOPBACK, Map.of("mode", mode, "tls", Boolean.toString(tls)), 4, rps,
                Double.NaN, "ops/s", Map.of(), Map.of("latency.p50", "50000"));
    }

    private static String targetRow(String markdown, String startsWith) {
        return markdown.lines().filter(l -> l.startsWith("| " + startsWith)).findFirst().orElse("<missing>");
    }

    @Test
    void ratiosAgainstTheRightPeerAndMetOrNot() {
        List<Measured> ms = new ArrayList<>();
        for (int t : new int[] {1, 8, 32}) {
            ms.add(uncontended("conpool", t, 10, 32.005)); // what -prof gc reports for one 32-byte object
            ms.add(uncontended("hikari-bag", t, 20, 0));
            ms.add(uncontended("hc5-strict", t, 5, 400));
        }
        // 32 threads = 8 x limit 4: best strict peer is hc5-strict (hc5-lax is faster but not strict)
        ms.add(contended("conpool", 32, 0.3, 200_000));
        ms.add(contended("hc5-strict", 32, 0.1, 900_000));
        ms.add(contended("hc5-lax", 32, 0.5, 900_000));
        ms.add(loopback("conpool", false, 60_000));
        ms.add(loopback("connect-per-request", false, 10_000));
        ms.add(loopback("hand-held", false, 100_000));
        String md = new ResultsReport(INFO, ms, List.of("scenario 3, hikari-bag: skipped")).markdown();

        assertTrue(targetRow(md, "uncontended cycle").contains("0.50× (vs hikari-bag)"), targetRow(md, "uncontended cycle"));
        assertTrue(targetRow(md, "uncontended cycle").endsWith("**no** |"));
        assertTrue(targetRow(md, "uncontended ≤ 64").endsWith("**yes** |"), targetRow(md, "uncontended ≤ 64"));
        List<Measured> fat = List.of(uncontended("conpool", 1, 10, 72.005), uncontended("hikari-bag", 1, 20, 0));
        String fatRow = targetRow(new ResultsReport(INFO, fat, List.of()).markdown(), "uncontended ≤ 64");
        assertTrue(fatRow.contains("72.0 B") && fatRow.endsWith("**no** |"), fatRow);
        String strict = targetRow(md, "contended 8× (32 threads)");
        assertTrue(strict.contains("3.00× (vs hc5-strict)") && strict.endsWith("**yes** |"), strict);
        // ideal = (32 - 4) / 0.3 ops/us = 93.33 us; p99.9 = 200 us -> 2.14x, not met
        String fifo = targetRow(md, "contended 8×: p99.9");
        assertTrue(fifo.contains("2.14×") && fifo.endsWith("**no** |"), fifo);
        assertTrue(targetRow(md, "loopback plain: ≥ 5×").contains("6.00×"));
        assertTrue(targetRow(md, "loopback plain: ≥ 0.9×").endsWith("**no** |"));
        assertTrue(targetRow(md, "loopback TLS: ≥ 20×").contains("not measured"));
        assertTrue(md.contains("Quick mode") && md.contains("other builds were running"));
        assertTrue(md.contains("- scenario 3, hikari-bag: skipped"));
    }

    private static Measured http2(String protocol, boolean tls, int threads, double rps, long tcp, long created) {
        return new Measured(ResultsReport.HTTP2, Map.of("protocol", protocol, "tls", Boolean.toString(tls)), threads, rps,
                Double.NaN, "ops/s", Map.of(), Map.of("latency.p50", "80000", "latency.p99", "400000",
                "server.tcp.connections", Long.toString(tcp), "pool.created", Long.toString(created)));
    }

    @Test
    void http2SectionShowsConnectionsRatiosAndTargets() {
        List<Measured> ms = List.of(
                http2("h2", false, 16, 30_000, 1, 1), http2("jetty-h2", false, 16, 15_000, 1, 1),
                http2("http1.1", false, 16, 40_000, 16, 16),
                http2("h2", true, 4, 20_000, 2, 3), http2("jetty-h2", true, 4, 10_000, 1, 1),
                http2("jdk-h2", true, 4, 16_000, 1, 1), http2("http1.1", true, 4, 10_000, 4, 4));
        String md = new ResultsReport(INFO, ms, List.of()).markdown();
        assertTrue(md.contains("## 5. HTTP/2 vs HTTP/1.1 over the pool"), md);
        String h2c = targetRow(md, "plain | 16 | conpool h2c");
        assertTrue(h2c.contains("| 30000 |") && h2c.contains("| 1 |") && h2c.endsWith("|  |"), h2c);
        assertTrue(targetRow(md, "plain | 16 | Jetty HttpClient h2c").endsWith("| 2.00× |"));
        String h1 = targetRow(md, "plain | 16 | conpool HTTP/1.1");
        assertTrue(h1.contains("| 16 |") && h1.endsWith("| 0.75× |"), h1);
        String h2 = targetRow(md, "TLS | 4 | conpool h2");
        assertTrue(h2.contains("2 (pool opened 3)"), h2);
        assertTrue(targetRow(md, "TLS | 4 | JDK HttpClient h2").endsWith("| 1.25× |"));
        // targets: vs the fastest peer (JDK over TLS at 4 threads: 1.25x, not met; Jetty plain at 16: 2x, met)
        String peerTls = targetRow(md, "TLS, 4 threads: conpool h2 ≥ 1.5×");
        assertTrue(peerTls.contains("1.25× (vs JDK HttpClient h2)") && peerTls.endsWith("**no** |"), peerTls);
        assertTrue(targetRow(md, "plain, 16 threads: conpool h2 ≥ 1.5×").endsWith("**yes** |"));
        String h1Target = targetRow(md, "plain, 16 threads: conpool h2 ≥ 0.9×");
        assertTrue(h1Target.contains("0.75×, 1 vs 16 connections") && h1Target.endsWith("**no** |"), h1Target);
        assertTrue(!md.contains("TLS, 4 threads: conpool h2 ≥ 0.9×"), "the HTTP/1.1 target is for 16 threads");
        assertTrue(!md.contains("## 4."), "no loopback results, no loopback section");
    }

    private static Measured stale(String mode, boolean tls, double nanos) {
        return new Measured(ResultsReport.STALE, Map.of("mode", mode, "tls", Boolean.toString(tls)), 1, nanos, 1.0,
                "ns/op", Map.of("gc.alloc.rate.norm", 40.0), Map.of());
    }

    @Test
    void staleCheckCostIsTheDifferenceBetweenCheckingEveryReuseAndNever() {
        List<Measured> ms = List.of(stale("no-check", false, 80), stale("check-every-reuse", false, 1_080),
                stale("default", false, 85), stale("timed-read-1ms", false, 1_100_000),
                stale("no-check", true, 90), stale("check-every-reuse", true, 2_590));
        String md = new ResultsReport(INFO, ms, List.of()).markdown();
        assertTrue(md.contains("## 6. The stale check"), md);
        String plain = targetRow(md, "stale check ≤ 2 µs (plain)");
        assertTrue(plain.contains("1.00 µs per check") && plain.endsWith("**yes** |"), plain);
        String tls = targetRow(md, "stale check ≤ 2 µs (TLS)");
        assertTrue(tls.contains("2.50 µs per check") && tls.endsWith("**no** |"), tls);
        assertTrue(md.contains("- plain: one check costs 1.00 µs, the timed read 1100 µs (1100.00×)."), md);
        assertTrue(md.contains("| plain | default | 85 ± 1 | 40.0 |"), md);
    }

    @Test
    void fifoIdealIsWaitingThreadsOverThroughput() {
        Measured m = contended("conpool", 8, 0.5, 1);
        assertEquals(8_000.0, ResultsReport.fifoIdealNanos(m), 1e-9); // (8 - 4) / 0.5 per us = 8 us
    }
}
