package io.conpool.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Numbers JMH does not report (latency percentiles, fairness, connects per operation), passed from
 * the forked benchmark JVM to the suite through one small properties file per trial in the
 * directory named by the system property {@value #WORK_DIR_PROPERTY}. Without that property (JMH run
 * by hand) nothing is written.
 */
public final class Extras {
    /** System property naming the directory for the files. */
    public static final String WORK_DIR_PROPERTY = "conpool.bench.work";

    private Extras() {
    }

    /**
     * The file name of a trial: benchmark, parameters and thread count.
     *
     * @param params the trial's parameters (from JMH, in the fork or in the results)
     * @return a file-name-safe key
     */
    public static String key(BenchmarkParams params) {
        String bench = params.getBenchmark();
        int dot = bench.lastIndexOf('.', bench.lastIndexOf('.') - 1);
        StringBuilder sb = new StringBuilder(bench.substring(dot + 1));
        Map<String, String> sorted = new TreeMap<>();
        for (String k : params.getParamsKeys()) {
            sorted.put(k, params.getParam(k));
        }
        sorted.forEach((k, v) -> sb.append('_').append(k).append('=').append(v));
        sb.append("_t").append(params.getThreads());
        return sb.toString().replaceAll("[^A-Za-z0-9._=-]", "-");
    }

    /**
     * Writes a trial's numbers (in the fork).
     *
     * @param params the trial's parameters
     * @param values the numbers
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(BenchmarkParams params, Map<String, String> values) {
        String dir = System.getProperty(WORK_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        Properties p = new Properties();
        p.putAll(values);
        Path file = Path.of(dir, "extras", key(params) + ".properties");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "conpool-bench extras for " + params.getBenchmark());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /**
     * Reads a trial's numbers (in the suite).
     *
     * @param workDir the directory given to the forks
     * @param params  the trial's parameters
     * @return the numbers, empty if the fork wrote none
     */
    public static Map<String, String> read(Path workDir, BenchmarkParams params) {
        Path file = workDir.resolve("extras").resolve(key(params) + ".properties");
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
