package io.conpool.deploy.it;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the test server is (from the system properties the build sets) and small client helpers. */
final class ItSettings {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ItSettings() {
    }

    static int offset() {
        return Integer.parseInt(System.getProperty("it.port.offset", "0"));
    }

    static int httpPort() {
        return 8080 + offset();
    }

    static int managementPort() {
        return 9990 + offset();
    }

    static String jbossHome() {
        return System.getProperty("jboss.home");
    }

    static File rar() {
        return new File(System.getProperty("conpool.rar", "target/deployments/conpool.rar"));
    }

    static String jmxUrl() {
        return "service:jmx:remote+http://127.0.0.1:" + managementPort();
    }

    /** GETs a page of the test server and returns its body; fails on a status other than 200. */
    static String get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Parses {@code key=value} lines. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
