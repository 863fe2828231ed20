package io.conpool.payara.it;

import io.conpool.deploy.it.ItSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code asadmin} and the shipped {@code deploy/payara/conpool.sh} against the test domain
 * (admin port on 127.0.0.1), as an operator would. Each call is a separate process bounded by
 * two minutes (four for the script, which may restart applications).
 */
final class Asadmin {
    private Asadmin() {
    }

    /**
     * @param args asadmin command and its arguments, e.g. {@code deploy --name=x file}
     * @return the outcome, whatever the exit code
     */
    static ItSupport.Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PayaraSettings.asadmin().toString(),
                "--host=127.0.0.1", "--port=" + PayaraSettings.adminPort()));
        cmd.addAll(List.of(args));
        return ItSupport.exec(cmd, env(), 120);
    }

    /** Like {@link #run} but fails unless the command succeeded. */
    static String ok(String... args) throws IOException, InterruptedException {
        return ItSupport.requireOk(run(args), "asadmin " + String.join(" ", args));
    }

    /**
     * Runs {@code conpool.sh} with the test domain's asadmin, host and port in its environment.
     *
     * @param args e.g. {@code add it 127.0.0.1 7000 poolName=it}
     * @return the output; fails unless the script succeeded
     */
    static String conpoolScript(String... args) throws IOException, InterruptedException {
        return ItSupport.requireOk(script(args), "conpool.sh " + String.join(" ", args));
    }

    /**
     * Runs {@code conpool.sh}, whatever its exit code.
     *
     * @param args the script's arguments
     * @return the outcome
     */
    static ItSupport.Result script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", PayaraSettings.conpoolScript().toString()));
        cmd.addAll(List.of(args));
        return ItSupport.exec(cmd, env(), 240);
    }

    /**
     * Runs any command with the test domain's asadmin, host and port in its environment.
     *
     * @param cmd the command and its arguments
     * @return the outcome, whatever the exit code
     */
    static ItSupport.Result exec(List<String> cmd) throws IOException, InterruptedException {
        return ItSupport.exec(cmd, env(), 120);
    }

    private static Map<String, String> env() {
        String asJava = System.getenv("AS_JAVA") != null ? System.getenv("AS_JAVA") : System.getProperty("java.home");
        return Map.of("ASADMIN", PayaraSettings.asadmin().toString(), "AS_ADMIN_HOST", "127.0.0.1",
                "AS_ADMIN_PORT", Integer.toString(PayaraSettings.adminPort()), "AS_JAVA", asJava);
    }
}
