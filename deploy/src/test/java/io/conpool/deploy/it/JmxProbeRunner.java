package io.conpool.deploy.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RemoteJmxProbe} in a separate JVM whose class path is WildFly's own JMX client
 * ({@code bin/client/jboss-client.jar}) plus the test classes: the way JConsole connects.
 */
final class JmxProbeRunner {
    private JmxProbeRunner() {
    }

    static Map<String, String> run(String beanName, String... commands) throws Exception {
        Path client = Path.of(ItSettings.jbossHome(), "bin", "client", "jboss-client.jar");
        if (!Files.isRegularFile(client)) {
            throw new AssertionError("WildFly's JMX client is missing: " + client);
        }
        String classes = new File(RemoteJmxProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", client + File.pathSeparator + classes, RemoteJmxProbe.class.getName(),
                ItSettings.jmxUrl(), beanName));
        cmd.addAll(List.of(commands));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("JMX probe did not finish in 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("JMX probe failed (exit " + p.exitValue() + "):\n" + text);
        }
        return ItSettings.keyValues(text);
    }
}
