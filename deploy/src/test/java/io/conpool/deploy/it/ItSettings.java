package io.conpool.deploy.it;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** Where the WildFly under test is (from the system properties the build sets); the rest is {@link ItSupport}. */
final class ItSettings {
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
        return ItSupport.required("jboss.home");
    }

    static File rar() {
        return new File(System.getProperty("conpool.rar", "target/deployments/conpool.rar"));
    }

    static String jmxUrl() {
        return "service:jmx:remote+http://127.0.0.1:" + managementPort();
    }

    /** GETs a page of the test server and returns its body; fails on a status other than 200. */
    static String get(String pathAndQuery) throws Exception {
        return ItSupport.get(httpPort(), pathAndQuery);
    }

    /**
     * Runs the shipped {@code deploy/wildfly/conpool.sh} against the test server.
     *
     * @param args e.g. {@code set it maxConnectionsPerEndpoint=2 --reload}
     * @return the outcome, whatever the exit code
     */
    static ItSupport.Result conpoolScript(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("bash",
                ItSupport.existing("conpool.wildfly.script").toString()));
        cmd.addAll(java.util.List.of(args));
        return ItSupport.exec(cmd, Map.of("JBOSS_HOME", jbossHome(), "CONPOOL_CONTROLLER", "127.0.0.1:" + managementPort()),
                240);
    }

    /**
     * @param context the test WAR's context root (it has {@link TrafficServlet})
     * @param name    the connection definition ({@code java:/conpool/<name>}) and engine pool name
     * @return traffic through that WAR and JMX from a separate JVM, as JConsole connects
     */
    static OperatorScenarios.Server server(String context, String name) {
        return new OperatorScenarios.Server() {
            @Override
            public Map<String, String> traffic(int requests, int threads) throws Exception {
                return ItSupport.keyValues(get("/" + context + "/traffic?name=" + name + "&requests=" + requests
                        + "&threads=" + threads));
            }

            @Override
            public Map<String, String> probe(String beanName, String... commands) throws Exception {
                return JmxProbeRunner.run(beanName, commands);
            }
        };
    }

    /** @return WildFly's own JMX client, which JConsole uses ({@code bin/client/jboss-client.jar}) */
    static Path jmxClient() {
        Path client = Path.of(jbossHome(), "bin", "client", "jboss-client.jar");
        if (!client.toFile().isFile()) {
            throw new AssertionError("WildFly's JMX client is missing: " + client);
        }
        return client;
    }
}
