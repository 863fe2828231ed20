package io.conpool.payara.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code asadmin} and the shipped {@code deploy/payara/conpool.sh} against the test domain
 * (admin port on 127.0.0.1), as an operator would. Each call is a separate process bounded by
 * two minutes.
 */
final class Asadmin {
    private Asadmin() {
    }

    /** The outcome of one command: its exit code and its output (stdout and stderr). */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * @param args asadmin command and its arguments, e.g. {@code deploy --name=x file}
     * @return the outcome, whatever the exit code
     */
    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PayaraSettings.asadmin().toString(),
                "--host=127.0.0.1", "--port=" + PayaraSettings.adminPort()));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Like {@link #run} but fails unless the command succeeded. */
    static String ok(String... args) throws IOException, InterruptedException {
        return requireOk(run(args), "asadmin " + String.join(" ", args));
    }

    /**
     * Runs {@code conpool.sh} with the test domain's asadmin, host and port in its environment.
     *
     * @param args e.g. {@code add it 127.0.0.1 7000 poolName=it}
     * @return the output; fails unless the script succeeded
     */
    static String conpoolScript(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", PayaraSettings.conpoolScript().toString()));
        cmd.addAll(List.of(args));
        return requireOk(exec(cmd), "conpool.sh " + String.join(" ", args));
    }

    private static String requireOk(Result r, String what) {
        if (!r.ok()) {
            throw new AssertionError(what + " failed (exit " + r.exitCode() + "):\n" + r.output());
        }
        return r.output();
    }

    /**
     * Runs any command with the test domain's asadmin, host and port in its environment.
     *
     * @param cmd the command and its arguments
     * @return the outcome, whatever the exit code
     */
    static Result exec(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ASADMIN", PayaraSettings.asadmin().toString());
        env.put("AS_ADMIN_HOST", "127.0.0.1");
        env.put("AS_ADMIN_PORT", Integer.toString(PayaraSettings.adminPort()));
        env.putIfAbsent("AS_JAVA", System.getProperty("java.home"));
        Path output = Files.createTempFile("asadmin", ".out");
        try {
            Process p = pb.redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in 120 s:\n" + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
