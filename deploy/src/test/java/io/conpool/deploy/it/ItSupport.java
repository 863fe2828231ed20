package io.conpool.deploy.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the WildFly and the Payara integration tests share: the build's system properties, GETs to
 * the server under test, {@code key=value} output, bounded child processes (scripts, asadmin, the
 * separate-JVM JMX probe).
 */
public final class ItSupport {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ItSupport() {
    }

    /**
     * The outcome of a child process (its exit code and its output, stdout and stderr) or of an HTTP
     * request (its status and body).
     */
    public record Result(int exitCode, String output) {
        /** @return whether it exited with 0 */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * @param name a system property the build sets
     * @return its value
     * @throws IllegalStateException if it is not set (the test was not started by Maven)
     */
    public static String required(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests through Maven"
                    + " (mvn -B -ntp verify)");
        }
        return v;
    }

    /**
     * @param name a system property naming a file
     * @return that file
     * @throws IllegalStateException if the property is unset or the file does not exist
     */
    public static Path existing(String name) {
        Path p = Path.of(required(name));
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " (system property " + name + ") does not exist");
        }
        return p;
    }

    /**
     * GETs a page of the server under test on 127.0.0.1.
     *
     * @param port         the server's HTTP port
     * @param pathAndQuery e.g. {@code /app/traffic?requests=4}
     * @return the body
     * @throws AssertionError on a status other than 200
     * @throws IOException   if the request failed
     * @throws InterruptedException if interrupted
     */
    public static String get(int port, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /**
     * POSTs a form to the server under test on 127.0.0.1.
     *
     * @param port         the server's HTTP port
     * @param path         e.g. {@code /conpool-demo/api/load}
     * @param form         the form, e.g. {@code requests=40&threads=4}
     * @return the status and the body, whatever the status
     * @throws IOException   if the request failed
     * @throws InterruptedException if interrupted
     */
    public static Result post(int port, String path, String form) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return new Result(r.statusCode(), r.body());
    }

    /**
     * GETs a page of the server under test on 127.0.0.1, whatever the status.
     *
     * @param port         the server's HTTP port
     * @param pathAndQuery the path
     * @return the status and the body
     * @throws IOException   if the request failed
     * @throws InterruptedException if interrupted
     */
    public static Result getAny(int port, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        return new Result(r.statusCode(), r.body());
    }

    /**
     * @param text {@code key=value} lines; other lines are ignored
     * @return the pairs, in order
     */
    public static Map<String, String> keyValues(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    /**
     * Runs a command with no input, bounded in time.
     *
     * @param cmd     the command and its arguments
     * @param env     environment variables to add
     * @param seconds how long it may take
     * @return the outcome, whatever the exit code
     * @throws AssertionError if it did not finish in time (it is killed)
     * @throws IOException   if it could not be started
     * @throws InterruptedException if interrupted
     */
    public static Result exec(List<String> cmd, Map<String, String> env, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path output = Files.createTempFile("it-exec", ".out");
        try {
            Process p = pb.redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                    new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null"))).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + " s:\n"
                        + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * @param r    an outcome
     * @param what what ran, for the message
     * @return its output
     * @throws AssertionError unless it exited with 0
     */
    public static String requireOk(Result r, String what) {
        if (!r.ok()) {
            throw new AssertionError(what + " failed (exit " + r.exitCode() + "):\n" + r.output());
        }
        return r.output();
    }

    /**
     * Runs {@link RemoteJmxProbe} in a separate JVM, as JConsole or VisualVM connect.
     *
     * @param clientJars extra class path entries (a server's JMX client), may be empty
     * @param jmxUrl     the service URL
     * @param beanName   the bean the commands act on
     * @param commands   see {@link RemoteJmxProbe}
     * @return the probe's {@code key=value} output
     * @throws Exception if the probe fails or cannot run
     */
    public static Map<String, String> probe(List<Path> clientJars, String jmxUrl, String beanName, String... commands)
            throws Exception {
        List<String> cp = new ArrayList<>();
        clientJars.forEach(p -> cp.add(p.toString()));
        cp.add(new File(RemoteJmxProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", String.join(File.pathSeparator, cp), RemoteJmxProbe.class.getName(), jmxUrl, beanName));
        cmd.addAll(List.of(commands));
        return keyValues(requireOk(exec(cmd, Map.of(), 60), "JMX probe"));
    }
}
