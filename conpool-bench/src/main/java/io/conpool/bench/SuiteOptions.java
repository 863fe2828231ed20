package io.conpool.bench;

import io.conpool.bench.pools.Pools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The suite's command-line options: {@code --mode=quick|full}, {@code --out=FILE},
 * {@code --only=SCENARIO,...}, {@code --pools=POOL,...}, {@code --work=DIR}. Empty values mean the
 * default, so Maven can pass unset properties through.
 *
 * @param mode      quick or full
 * @param out       the markdown file to write
 * @param scenarios scenarios to run
 * @param pools     pool names to run (conpool is always among them; its variants are not, the
 *                  scenarios that show one add it themselves)
 * @param work      directory for JMH's JSON results and the forks' extras
 * @param note      a remark on the run's conditions for the results header (may be empty)
 */
public record SuiteOptions(String mode, Path out, Set<String> scenarios, List<String> pools, Path work, String note) {
    /** Every scenario, in run order. */
    public static final List<String> SCENARIOS = List.of("uncontended", "contended", "endpoints", "loopback", "h2", "stale");

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "Usage: BenchSuite [--mode=quick|full] [--out=FILE] [--only=SCENARIO,...] [--pools=POOL,...] [--work=DIR]",
            "  --mode   quick (default): 1 fork, 1 x 1 s warm-up, 2 x 1 s measurement per benchmark (a few minutes in all)",
            "           full: 2 forks, 3 x 2 s warm-up, 5 x 2 s measurement per benchmark",
            "  --out    markdown results file (default target/bench/RESULTS.md)",
            "  --only   scenarios: " + String.join(",", SCENARIOS) + " (default: all)",
            "  --pools  pools: " + String.join(",", Pools.selectableIds()) + " (default: all; conpool always runs,",
            "           and scenario 1 always runs conpool-check-every-reuse, conpool with the stale check on every reuse)",
            "  --work   directory for raw JMH results (default target/bench)",
            "  --note   a remark on the conditions of the run, printed in the results header");

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException naming the bad option and what is allowed
     */
    public static SuiteOptions parse(String... args) {
        String mode = "quick";
        Path out = null;
        Path work = Path.of("target", "bench");
        Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
        List<String> pools = new ArrayList<>(Pools.selectableIds());
        String note = "";
        for (String arg : args) {
            if (arg == null || arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1).trim();
            switch (name) {
                case "--mode":
                    if (!value.isEmpty()) {
                        if (!value.equals("quick") && !value.equals("full")) {
                            throw new IllegalArgumentException("--mode=" + value + ": use quick or full");
                        }
                        mode = value;
                    }
                    break;
                case "--out":
                    if (!value.isEmpty()) {
                        out = Path.of(value);
                    }
                    break;
                case "--work":
                    if (!value.isEmpty()) {
                        work = Path.of(value);
                    }
                    break;
                case "--only":
                    if (!value.isEmpty()) {
                        scenarios = new LinkedHashSet<>();
                        for (String s : split(value)) {
                            if (!SCENARIOS.contains(s)) {
                                throw new IllegalArgumentException("--only: unknown scenario '" + s + "'; use "
                                        + String.join(", ", SCENARIOS));
                            }
                            scenarios.add(s);
                        }
                    }
                    break;
                case "--pools":
                    if (!value.isEmpty()) {
                        pools = new ArrayList<>();
                        pools.add(Pools.CONPOOL.id());
                        for (String p : split(value)) {
                            Pools pool = Pools.byId(p); // throws naming the known pools
                            if (pool.conpoolVariant()) {
                                throw new IllegalArgumentException("--pools: '" + p + "' is a conpool variant that "
                                        + "scenario 1 always runs, not a pool to select; use "
                                        + String.join(", ", Pools.selectableIds()));
                            }
                            String id = pool.id();
                            if (!pools.contains(id)) {
                                pools.add(id);
                            }
                        }
                    }
                    break;
                case "--note":
                    note = value;
                    break;
                case "--help":
                case "-h":
                    throw new IllegalArgumentException(USAGE);
                default:
                    throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        if (out == null) {
            out = work.resolve("RESULTS.md");
        }
        return new SuiteOptions(mode, out, scenarios, List.copyOf(pools), work, note);
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** @return whether this is the quick (smoke) mode */
    public boolean quick() {
        return mode.equals("quick");
    }

    /** @return the Maven command that reproduces this run, without machine-specific paths */
    public String command() {
        StringBuilder sb = new StringBuilder("mvn -B -ntp -Pbench -pl conpool-bench -am verify -DskipTests -Dbench.mode=")
                .append(mode);
        if (!scenarios.equals(new LinkedHashSet<>(SCENARIOS))) {
            sb.append(" -Dbench.only=").append(String.join(",", scenarios));
        }
        if (!pools.equals(Pools.selectableIds())) {
            sb.append(" -Dbench.pools=").append(String.join(",", pools));
        }
        sb.append(" -Dbench.out=").append(out.getFileName());
        if (!note.isBlank()) {
            sb.append(" -Dbench.note=\"").append(note).append('"');
        }
        return sb.toString();
    }
}
