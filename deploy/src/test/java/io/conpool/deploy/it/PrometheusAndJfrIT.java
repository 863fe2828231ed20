package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Observability of the pool inside WildFly: the test server runs with the Prometheus JMX exporter
 * agent and the shipped rules (arquillian.xml: in {@code moduleOptions}, as {@code MODULE_OPTS});
 * its {@code /metrics} is scraped while traffic runs and, when quiet, equals the MBeans read over
 * the management port; and the adapter's JFR events reach a recording inside the server.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(ItServerSetup.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusAndJfrIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(name = "war", order = 2, testable = false)
    static WebArchive war() {
        return Deployments.war("observe", JfrServlet.class)
                .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: deployment.conpool.rar,jdk.jfr\n"));
    }

    private static Map<String, String> traffic(int requests, int threads) throws Exception {
        return ItSupport.keyValues(ItSettings.get("/observe/traffic?name=it&requests=" + requests + "&threads=" + threads));
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ItMetricsPort.port()
                + "/metrics")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String labels() {
        return "{endpoint=\"127.0.0.1:" + ItServerSetup.backend.port() + "\",pool=\"it\"}";
    }

    /** @return the sample's value, or -1 if the scrape has none */
    private static double sample(String scrape, String metric) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric + labels()) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    @Order(1)
    void metricsScrapedDuringTrafficAndEqualToTheMBeansWhenQuiet() throws Exception {
        assertEquals("10", traffic(10, 1).get("ok"), "warm-up");
        double before = sample(scrape(), "conpool_connections_reused_total");
        assertTrue(before >= 0, "the exporter names the it pool's endpoint");
        CompletableFuture<Map<String, String>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return traffic(4000, 4);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Double> during = new ArrayList<>();
        while (!run.isDone()) {
            String s = scrape();
            double active = sample(s, "conpool_connections_active");
            assertTrue(active >= 0 && active <= ItServerSetup.LIMIT, "active " + active);
            assertTrue(sample(s, "conpool_connections") <= ItServerSetup.LIMIT, "open within the limit");
            if (!run.isDone()) {
                during.add(sample(s, "conpool_connections_reused_total"));
            }
        }
        Map<String, String> result = run.get();
        assertEquals("4000", result.get("ok"), result.toString());
        double after = Double.parseDouble(result.get("mbean.TotalReused"));
        assertTrue(during.stream().anyMatch(v -> v > before && v < after),
                "a scrape during the traffic shows it in progress: before " + before + ", during " + during
                        + ", after " + after);
        for (int i = 1; i < during.size(); i++) {
            assertTrue(during.get(i) >= during.get(i - 1), "a counter never goes down: " + during);
        }

        // quiet: the exporter's numbers are the MBeans', read over the management port as JConsole does
        String s = scrape();
        Map<String, String> jmx = JmxProbeRunner.run("io.conpool:type=EndpointPool,pool=it,endpoint="
                + ObjectName.quote("127.0.0.1:" + ItServerSetup.backend.port()), "read");
        assertEquals(Double.parseDouble(jmx.get("read.Active")), sample(s, "conpool_connections_active"), s);
        assertEquals(Double.parseDouble(jmx.get("read.Idle")), sample(s, "conpool_connections_idle"));
        assertEquals(Double.parseDouble(jmx.get("read.TotalCreated")), sample(s, "conpool_connections_opened_total"));
        assertEquals(Double.parseDouble(jmx.get("read.TotalReused")), sample(s, "conpool_connections_reused_total"));
        assertEquals(Double.parseDouble(jmx.get("read.TotalClosed")), sample(s, "conpool_connections_closed_total"));
        assertEquals(Double.parseDouble(jmx.get("read.MaxConnectionsPerEndpoint")), sample(s, "conpool_connections_max"));
        assertEquals(Double.parseDouble(result.get("mbean.Errors")), sample(s, "conpool_connections_errors_total"));
        assertEquals(Double.parseDouble(result.get("mbean.AcquireTimeouts")),
                sample(s, "conpool_connections_timeout_total"));
        assertEquals(Double.parseDouble(result.get("mbean.CacheMisses")),
                sample(s, "conpool_connections_cache_misses_total"));
        assertTrue(s.contains("jvm_memory_used_bytes"), "the agent's JVM metrics come too");
    }

    @Test
    @Order(2)
    void jfrEventsOfTheAdaptersPoolReachARecordingInsideTheServer() throws Exception {
        assertEquals("true", ItSupport.keyValues(ItSettings.get("/observe/jfr?action=start")).get("started"));
        JmxProbeRunner.run("io.conpool:type=EndpointPool,pool=it,endpoint="
                + ObjectName.quote("127.0.0.1:" + ItServerSetup.backend.port()), "clear"); // new connections next
        assertEquals("20", traffic(20, 2).get("ok"));
        Map<String, String> jfr = ItSupport.keyValues(ItSettings.get("/observe/jfr?action=stop&pool=it&expect=1"));
        assertTrue(Integer.parseInt(jfr.get("count.Connect")) >= 1, jfr.toString());
        assertEquals("127.0.0.1:" + ItServerSetup.backend.port(), jfr.get("connect.endpoint"), jfr.toString());
        assertEquals("127.0.0.1:" + ItServerSetup.backend.port(), jfr.get("connect.address"), jfr.toString());
        assertEquals("1", jfr.get("connect.attempts"), jfr.toString());
        assertEquals("null", jfr.get("connect.error"), jfr.toString());
        assertTrue(Long.parseLong(jfr.get("connect.connectTimeNanos")) > 0, jfr.toString());
    }
}
