package io.conpool.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the results header says about the run: machine, JDK, library versions, load, command.
 *
 * @param mode        {@code quick} or {@code full}
 * @param runLength   forks and iteration times in words
 * @param command     the command that produced the results
 * @param machine     OS, CPU count and model, memory
 * @param jdk         the JVM that ran the forks
 * @param versions    versions of conpool, the peers and JMH
 * @param loadAtStart the 1/5/15-minute load average when the run started ("n/a" off Linux)
 * @param loadAtEnd   the same when it ended
 * @param started     when the run started (ISO-8601)
 * @param minutes     how long it took
 * @param note        the operator's remark on the run's conditions, or empty
 */
public record RunInfo(String mode, String runLength, String command, String machine, String jdk, String versions,
                      String loadAtStart, String loadAtEnd, String started, double minutes, String note) {

    /** @return OS, CPUs and memory of this machine */
    public static String describeMachine() {
        String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.+)");
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s*(\\d+) kB");
        StringBuilder sb = new StringBuilder();
        sb.append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(' ')
                .append(System.getProperty("os.arch")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs");
        if (cpu != null) {
            sb.append(" (").append(cpu.trim()).append(')');
        }
        if (mem != null) {
            sb.append(", ").append(Math.round(Long.parseLong(mem) / 1024.0 / 1024.0)).append(" GiB RAM");
        }
        return sb.toString();
    }

    /** @return the JVM's name, version and vendor */
    public static String describeJdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
    }

    /** @return the load average, or "n/a" */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Versions of the libraries, read from the jar names on the class path.
     *
     * @return e.g. {@code commons-pool2 2.13.1, httpcore5 5.4.4, ...}
     */
    public static String describeVersions() {
        String cp = System.getProperty("java.class.path", "");
        StringBuilder sb = new StringBuilder();
        for (String artifact : List.of("conpool-api", "conpool-http2", "commons-pool2", "httpcore5", "jetty-util", "jetty-server", "jetty-client", "HikariCP", "jmh-core")) {
            Matcher m = Pattern.compile("(?:^|[/\\\\])" + Pattern.quote(artifact) + "[/\\\\]([^/\\\\]+)[/\\\\]").matcher(cp);
            String version = null;
            while (m.find()) {
                if (Character.isDigit(m.group(1).charAt(0))) {
                    version = m.group(1);
                    break;
                }
            }
            if (version == null && artifact.startsWith("conpool-")) {
                version = "this build";
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(artifact).append(' ').append(version == null ? "?" : version);
        }
        return sb.toString();
    }

    private static String firstMatch(Path file, String regex) {
        try {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(file));
            return m.find() ? m.group(1) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
