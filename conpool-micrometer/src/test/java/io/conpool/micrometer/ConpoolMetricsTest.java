package io.conpool.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.spi.RawProtocolHandler;
import io.conpool.testing.LineServer;
import io.conpool.testing.LogCapture;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binder against a real pool talking to a real loopback server. */
@Timeout(60)
class ConpoolMetricsTest {

    private static ConnectionPool<Transport> pool(String name, PoolConfig.Builder config) {
        return ConnectionPool.builder(RawProtocolHandler.INSTANCE).name(name).config(config.build()).build();
    }

    private static String roundTrip(Transport t, String line) throws IOException {
        OutputStream out = t.output();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = t.input();
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed");
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static double gauge(MeterRegistry r, String name, Endpoint ep) {
        Gauge g = r.find(name).tag("endpoint", ep.toString()).gauge();
        assertNotNull(g, name + " for " + ep);
        return g.value();
    }

    @Test
    void gaugesCountersAndConnectTimerFollowThePool() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool("metrics", PoolConfig.builder().maxConnectionsPerEndpoint(7));
             ConpoolMetrics metrics = new ConpoolMetrics(pool, Tags.of("app", "test"))) {
            metrics.bindTo(registry);
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("a", roundTrip(l.connection(), "a"));
                assertEquals(1.0, gauge(registry, "conpool.connections.active", ep));
                assertEquals(0.0, gauge(registry, "conpool.connections.idle", ep));
            }
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("b", roundTrip(l.connection(), "b"));
            }
            assertEquals(0.0, gauge(registry, "conpool.connections.active", ep));
            assertEquals(1.0, gauge(registry, "conpool.connections.idle", ep));
            assertEquals(1.0, gauge(registry, "conpool.connections", ep));
            assertEquals(0.0, gauge(registry, "conpool.connections.pending", ep));
            assertEquals(7.0, gauge(registry, "conpool.connections.max", ep));
            assertEquals(1.0, registry.get("conpool.connections.opened").tag("endpoint", ep.toString())
                    .functionCounter().count());
            assertEquals(1.0, registry.get("conpool.connections.reused").functionCounter().count());
            Timer creation = registry.get("conpool.connections.creation").tags("pool", "metrics", "app", "test")
                    .timer();
            assertEquals(1, creation.count());
            assertTrue(creation.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
            assertEquals(1.0, registry.get("conpool.connections.cache.misses").functionCounter().count());
            assertEquals(2, registry.get("conpool.connections.acquire").timer().count());
            assertEquals(2, registry.get("conpool.connections.usage").timer().count());
            assertTrue(registry.get("conpool.connections.usage").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)
                    > 0);
            pool.clearEndpoint(ep);
            assertEquals(1.0, registry.get("conpool.connections.closed").tag("reason", "cleared").counter().count());
            assertEquals(0.0, registry.get("conpool.connections.closed").tag("reason", "idle").counter().count());
            assertEquals(100.0, registry.get("conpool.pool.max.total.connections").gauge().value());
            for (Meter m : registry.getMeters()) {
                assertEquals("metrics", m.getId().getTag("pool"), m.getId().toString());
                if (!m.getId().getName().startsWith("conpool.pool.")) {
                    assertEquals(ep.toString(), m.getId().getTag("endpoint"), m.getId().toString());
                }
            }
        }
    }

    @Test
    void prometheusScrapeNamesTheMetricsWithPoolAndEndpointLabels() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool("scraped", PoolConfig.builder());
             ConpoolMetrics metrics = new ConpoolMetrics(pool)) {
            metrics.bindTo(registry);
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> held = pool.acquire(ep);
            try (Lease<Transport> other = pool.acquire(ep)) {
                assertEquals("x", roundTrip(other.connection(), "x"));
            }
            String text = registry.scrape();
            String labels = "\\{endpoint=\"127\\.0\\.0\\.1:" + server.port() + "\",pool=\"scraped\"}";
            assertEquals(1.0, value(text, "conpool_connections_active" + labels), text);
            assertEquals(1.0, value(text, "conpool_connections_idle" + labels), text);
            assertEquals(2.0, value(text, "conpool_connections_opened_total" + labels), text);
            assertEquals(2.0, value(text, "conpool_connections_creation_seconds_count" + labels), text);
            assertEquals(0.0, value(text, "conpool_connections_timeout_total" + labels), text);
            assertTrue(text.contains("conpool_connections_closed_total{endpoint=\"127.0.0.1:" + server.port()
                    + "\",pool=\"scraped\",reason=\"idle\"}"), text);
            held.close();
        }
    }

    @Test
    void theGrafanaDashboardInDeployWorksOnTheBindersMetricsToo() throws Exception {
        java.nio.file.Path dashboard = java.nio.file.Path.of("..", "deploy", "prometheus", "grafana-conpool.json");
        String json = java.nio.file.Files.readString(dashboard);
        java.util.Set<String> queried = new java.util.TreeSet<>();
        Matcher expr = Pattern.compile("\"(?:expr|definition)\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (expr.find()) {
            Matcher name = Pattern.compile("conpool_[a-z_]+").matcher(expr.group(1));
            while (name.find()) {
                queried.add(name.group());
            }
        }
        assertTrue(queried.size() >= 10, "metrics queried by the dashboard: " + queried);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool("dashboard", PoolConfig.builder());
             ConpoolMetrics metrics = new ConpoolMetrics(pool)) {
            metrics.bindTo(registry);
            pool.acquire(Endpoint.plain("127.0.0.1", server.port())).close();
            String text = registry.scrape();
            for (String name : queried) {
                assertTrue(Pattern.compile("(?m)^" + name + "[{ ]").matcher(text).find(),
                        "the dashboard queries " + name + ", which the binder does not produce:\n" + text);
            }
        }
    }

    private static double value(String scrape, String sampleRegex) {
        Matcher m = Pattern.compile("(?m)^" + sampleRegex + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), "no sample " + sampleRegex);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void expiredEndpointPoolsTakeTheirMetersAlong() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool("expiring", PoolConfig.builder()
                     .endpointExpiry(Duration.ofMillis(200)).housekeepingPeriod(Duration.ofMillis(20)));
             ConpoolMetrics metrics = new ConpoolMetrics(pool)) {
            metrics.bindTo(registry);
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("e", roundTrip(l.connection(), "e"));
            }
            assertNotNull(registry.find("conpool.connections.active").tag("endpoint", ep.toString()).gauge());
            pool.clearEndpoint(ep); // no connection left: the endpoint pool expires after endpointExpiry
            assertTrue(LineServer.awaitCondition(() -> registry.getMeters().stream()
                            .noneMatch(m -> m.getId().getTag("endpoint") != null), Duration.ofSeconds(20)),
                    "meters left: " + registry.getMeters().stream().map(Meter::getId).toList());
            assertEquals(java.util.Set.of(), metrics.measuredEndpoints());
            try (Lease<Transport> l = pool.acquire(ep)) { // used again: meters again
                assertEquals("f", roundTrip(l.connection(), "f"));
                assertEquals(1.0, gauge(registry, "conpool.connections.active", ep));
            }
        }
    }

    @Test
    void timeoutsAndLeaksAreCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool("leaky", PoolConfig.builder().maxConnectionsPerEndpoint(1)
                     .acquireTimeout(Duration.ofMillis(30)).leakDetectionThreshold(Duration.ofMillis(50))
                     .housekeepingPeriod(Duration.ofMillis(20)));
             ConpoolMetrics metrics = new ConpoolMetrics(pool)) {
            metrics.bindTo(registry);
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> held = pool.acquire(ep)) {
                assertThrows(io.conpool.AcquireTimeoutException.class, () -> pool.acquire(ep));
                assertTrue(LineServer.awaitCondition(() -> registry.get("conpool.connections.leaks").counter().count() == 1,
                        Duration.ofSeconds(20)), "leak counted");
            }
            assertEquals(1.0, registry.get("conpool.connections.timeout").functionCounter().count());
            assertEquals(1, registry.get("conpool.connections.acquire").timer().count(), "failed acquires are not timed");
        }
    }

    @Test
    void closingTheBinderOrThePoolRemovesEveryMeter() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LineServer server = LineServer.echo()) {
            ConnectionPool<Transport> pool = pool("closing", PoolConfig.builder());
            ConpoolMetrics metrics = new ConpoolMetrics(pool);
            metrics.bindTo(registry);
            pool.acquire(Endpoint.plain("127.0.0.1", server.port())).close();
            assertTrue(registry.getMeters().size() > 10);
            pool.close();
            assertEquals(List.of(), registry.getMeters());
            assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
        }
    }

    @Test
    void inputIsValidated() {
        try (ConnectionPool<Transport> pool = pool("validated", PoolConfig.builder())) {
            assertThrows(NullPointerException.class, () -> new ConpoolMetrics(null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ConpoolMetrics(pool, Tags.of("endpoint", "x")));
            assertTrue(e.getMessage().contains("endpoint"), e.getMessage());
            ConpoolMetrics m = new ConpoolMetrics(pool);
            m.bindTo(new SimpleMeterRegistry());
            IllegalStateException twice = assertThrows(IllegalStateException.class,
                    () -> m.bindTo(new SimpleMeterRegistry()));
            assertTrue(twice.getMessage().contains("CompositeMeterRegistry"), twice.getMessage());
            assertThrows(NullPointerException.class, () -> new ConpoolMetrics(pool).bindTo(null));
        }
    }

    @Test
    void failingRegistryIsLoggedOnceAndNeverBreaksThePool() throws Exception {
        MeterRegistry broken = new SimpleMeterRegistry() {
            @Override
            protected Timer newTimer(Meter.Id id, io.micrometer.core.instrument.distribution.DistributionStatisticConfig
                    config, PauseDetector pauseDetector) {
                throw new IllegalStateException("registry is broken (test)");
            }
        };
        try (LineServer server = LineServer.echo();
             LogCapture log = LogCapture.atLeast(Level.WARNING);
             ConnectionPool<Transport> pool = pool("broken-registry", PoolConfig.builder());
             ConpoolMetrics metrics = new ConpoolMetrics(pool)) {
            metrics.bindTo(broken);
            for (int port : new int[] {server.port(), server.port()}) {
                for (String host : new String[] {"127.0.0.1", "localhost"}) {
                    try (Lease<Transport> l = pool.acquire(Endpoint.plain(host, port))) {
                        assertEquals("ok", roundTrip(l.connection(), "ok"));
                    }
                }
            }
            assertEquals(2, pool.totals().totalCreated());
            long warnings = log.records().stream()
                    .filter(r -> String.valueOf(r.getMessage()).contains("metrics of pool 'broken-registry'")).count();
            assertEquals(1, warnings, "logged once: " + log.records());
        }
    }
}
