package io.conpool.payara.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the test domain is (from the system properties the build sets: {@code payara.portbase},
 * {@code payara.asadmin}, the archives) and small client helpers. Ports follow Payara's portbase
 * rule: admin = base + 48, HTTP = base + 80, JMX = base + 86.
 */
final class PayaraSettings {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private PayaraSettings() {
    }

    /** @return whether this code runs in the test JVM the build started (not inside Payara) */
    static boolean inTestJvm() {
        return System.getProperty("payara.portbase") != null;
    }

    static int portbase() {
        return Integer.parseInt(required("payara.portbase"));
    }

    static int adminPort() {
        return portbase() + 48;
    }

    static int httpPort() {
        return portbase() + 80;
    }

    static int jmxPort() {
        return portbase() + 86;
    }

    /** @return the JMX service URL of the domain, as VisualVM and JConsole take it */
    static String jmxUrl() {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort() + "/jmxrmi";
    }

    static Path asadmin() {
        return existing("payara.asadmin");
    }

    static Path conpoolScript() {
        return existing("conpool.script");
    }

    static Path rar() {
        return existing("conpool.rar");
    }

    static Path demoWar() {
        return existing("conpool.demo.war");
    }

    static Path resourcesXml() {
        return existing("conpool.resources.xml");
    }

    /** @return the domain's server log */
    static Path serverLog() {
        return Path.of(required("payara.domaindir"), required("payara.domain"), "logs", "server.log");
    }

    private static String required(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven"
                    + " (mvn -B -ntp -pl deploy/payara -am verify)");
        }
        return v;
    }

    private static Path existing(String name) {
        Path p = Path.of(required(name));
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " (system property " + name + ") does not exist");
        }
        return p;
    }

    /** GETs a page of the test domain and returns its body; fails on a status other than 200. */
    static String get(String pathAndQuery) throws IOException, InterruptedException {
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
