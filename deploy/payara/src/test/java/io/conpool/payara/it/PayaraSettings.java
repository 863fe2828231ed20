package io.conpool.payara.it;

import io.conpool.deploy.it.ItSupport;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the test domain is (from the system properties the build sets: {@code payara.portbase},
 * {@code payara.asadmin}, the archives) (the shared helpers are {@link ItSupport}). Ports follow Payara's portbase
 * rule: admin = base + 48, HTTP = base + 80, JMX = base + 86.
 */
final class PayaraSettings {
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
        return ItSupport.required(name);
    }

    private static Path existing(String name) {
        return ItSupport.existing(name);
    }

    /** GETs a page of the test domain and returns its body; fails on a status other than 200. */
    static String get(String pathAndQuery) throws IOException, InterruptedException {
        return ItSupport.get(httpPort(), pathAndQuery);
    }
}
