package io.conpool.payara.it;

import io.conpool.deploy.it.RemoteJmxProbe;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RemoteJmxProbe} in a separate JVM that has nothing but the JDK and the probe on its
 * class path, connected to the domain's JMX port with the URL VisualVM and JConsole take
 * ({@code service:jmx:rmi:///jndi/rmi://127.0.0.1:<portbase+86>/jmxrmi}, user admin, no password).
 */
final class SeparateJvmJmx {
    private SeparateJvmJmx() {
    }

    /**
     * @param beanName the MBean the commands act on
     * @param commands {@code read}, {@code set:Attr=int}, {@code clear}, {@code query:pattern}, {@code threads}
     * @return the probe's {@code key=value} output
     */
    static Map<String, String> run(String beanName, String... commands) throws Exception {
        String probe = new File(RemoteJmxProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", probe, RemoteJmxProbe.class.getName(), PayaraSettings.jmxUrl(), beanName));
        cmd.addAll(List.of(commands));
        Path output = Files.createTempFile("jmx-probe", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("JMX probe did not finish in 60 s:\n" + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("JMX probe failed (exit " + p.exitValue() + "):\n" + text);
            }
            return PayaraSettings.keyValues(text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
