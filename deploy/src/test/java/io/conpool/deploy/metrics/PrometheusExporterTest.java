package io.conpool.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.deploy.it.MiniJson;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped exporter rules ({@code deploy/prometheus/conpool-jmx-exporter.yaml}) in the real
 * {@code jmx_prometheus_javaagent} of a separate JVM whose pool has MBeans: every mapped attribute
 * comes out under its metric name with the MBean's value, and the Grafana dashboard queries only
 * metrics and labels that the exporter produces.
 */
@Timeout(120)
class PrometheusExporterTest {
    private static final Path RULES = Path.of(System.getProperty("jmx.exporter.rules",
            "prometheus/conpool-jmx-exporter.yaml"));
    private static final Path DASHBOARD = Path.of(System.getProperty("grafana.dashboard",
            "prometheus/grafana-conpool.json"));
    private static Process jvm;
    private static String scrape;
    private static final Map<String, String> mbeans = new HashMap<>();

    @BeforeAll
    static void startAJvmWithTheAgentAndScrapeIt() throws Exception {
        Path agent = Path.of(System.getProperty("jmx.exporter.agent", "target/agents/jmx_prometheus_javaagent.jar"));
        assertTrue(Files.isRegularFile(agent), "the build copies the agent to " + agent.toAbsolutePath());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String cp = codeOf(ConnectionPool.class) + File.pathSeparator + codeOf(ExporterProbe.class);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent.toAbsolutePath() + "=127.0.0.1:" + port + ":" + RULES.toAbsolutePath(),
                "-cp", cp, ExporterProbe.class.getName()));
        jvm = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            seen.append(line).append('\n');
            if (line.startsWith("mbean ")) {
                int eq = line.lastIndexOf('=');
                mbeans.put(line.substring(6, eq), line.substring(eq + 1));
            }
        }
        assertTrue(line != null, "the probe JVM ended before READY:\n" + seen);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        scrape = r.body();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jvm != null) {
            jvm.getOutputStream().close();
            if (!jvm.waitFor(20, TimeUnit.SECONDS)) {
                jvm.destroyForcibly();
            }
        }
    }

    private static Path codeOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static double sample(String metric, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric + labels) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), "no sample " + metric + labels + " in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    private static double mbean(String endpoint, String attribute) {
        String name = "io.conpool:type=EndpointPool,pool=probe,endpoint=" + javax.management.ObjectName.quote(endpoint);
        String v = mbeans.get(name + "|" + attribute);
        assertTrue(v != null, "no MBean value " + name + "|" + attribute + " in " + mbeans.keySet());
        return Double.parseDouble(v);
    }

    @Test
    void everyMappedAttributeIsExportedWithTheMBeansValue() {
        Map<String, String> rules = Map.ofEntries(Map.entry("conpool_connections_active", "Active"),
                Map.entry("conpool_connections_idle", "Idle"), Map.entry("conpool_connections_pending", "Waiting"),
                Map.entry("conpool_connections_connecting", "Connecting"), Map.entry("conpool_connections", "Open"),
                Map.entry("conpool_connections_max", "MaxConnectionsPerEndpoint"),
                Map.entry("conpool_connections_opened_total", "TotalCreated"),
                Map.entry("conpool_connections_reused_total", "TotalReused"),
                Map.entry("conpool_connections_cache_misses_total", "CacheMisses"),
                Map.entry("conpool_connections_closed_total", "TotalClosed"),
                Map.entry("conpool_connections_errors_total", "Errors"),
                Map.entry("conpool_connections_timeout_total", "AcquireTimeouts"));
        Set<String> endpoints = new TreeSet<>();
        mbeans.keySet().stream().filter(k -> k.contains("type=EndpointPool"))
                .forEach(k -> endpoints.add(k.replaceAll(".*endpoint=\"([^\"]+)\".*", "$1")));
        assertEquals(2, endpoints.size(), endpoints.toString());
        for (String endpoint : endpoints) {
            String labels = "{endpoint=\"" + endpoint + "\",pool=\"probe\"}";
            rules.forEach((metric, attribute) -> assertEquals(mbean(endpoint, attribute), sample(metric, labels),
                    metric + labels + " vs MBean " + attribute));
        }
        String plain = endpoints.stream().filter(e -> !e.endsWith("/tls")).findFirst().orElseThrow();
        String labels = "{endpoint=\"" + plain + "\",pool=\"probe\"}";
        assertEquals(1.0, sample("conpool_connections_active", labels));
        assertEquals(1.0, sample("conpool_connections_idle", labels));
        assertEquals(2.0, sample("conpool_connections_opened_total", labels));
        assertEquals(1.0, sample("conpool_connections_reused_total", labels));
        assertEquals(6.0, sample("conpool_connections_max", labels));
        String tls = endpoints.stream().filter(e -> e.endsWith("/tls")).findFirst().orElseThrow();
        assertEquals(1.0, sample("conpool_connections_errors_total", "{endpoint=\"" + tls + "\",pool=\"probe\"}"));
        assertEquals(42.0, sample("conpool_pool_max_total_connections", "{pool=\"probe\"}"));
        assertTrue(scrape.contains("# TYPE conpool_connections_opened_total counter")
                || scrape.contains("# TYPE conpool_connections_opened counter"), "counters are typed counter");
    }

    @Test
    void theDashboardQueriesOnlyMetricsAndLabelsTheExporterProduces() throws Exception {
        Map<String, Object> dashboard = MiniJson.object(Files.readString(DASHBOARD));
        assertEquals("conpool-jmx", dashboard.get("uid"));
        List<String> queries = new ArrayList<>();
        collect(dashboard, queries);
        assertTrue(queries.size() >= 10, "queries: " + queries);
        Set<String> names = new TreeSet<>();
        for (String q : queries) {
            Matcher m = Pattern.compile("conpool_[a-z_]+").matcher(q);
            while (m.find()) {
                names.add(m.group());
            }
            Matcher label = Pattern.compile("([a-z_]+)=~").matcher(q);
            while (label.find()) {
                assertTrue(Set.of("instance", "pool", "endpoint").contains(label.group(1)),
                        "label " + label.group(1) + " in " + q);
            }
        }
        assertTrue(names.size() >= 10, names.toString());
        for (String name : names) {
            assertTrue(Pattern.compile("(?m)^" + name + "\\{").matcher(scrape).find(),
                    "the dashboard queries " + name + ", which the exporter does not produce");
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<String> queries) {
        if (node instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
                if ((e.getKey().equals("expr") || e.getKey().equals("definition")) && e.getValue() instanceof String) {
                    queries.add((String) e.getValue());
                } else {
                    collect(e.getValue(), queries);
                }
            }
        } else if (node instanceof List) {
            for (Object o : (List<Object>) node) {
                collect(o, queries);
            }
        }
    }
}
