package io.conpool;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads pool settings from command-line flags: {@code --max-connections-per-endpoint=20} or
 * {@code --max-connections-per-endpoint 20}, one flag per setting of {@link PoolConfig#settingNames()}
 * (camelCase turned into dashes). {@code --help} asks for {@link #helpText()}.
 */
public final class PoolConfigArgs {

    /**
     * The outcome of parsing.
     *
     * @param config        the configuration: defaults overridden by the flags given
     * @param remaining     the arguments that are not pool flags, in order
     * @param helpRequested whether {@code --help} or {@code -h} was given
     */
    public record Parsed(PoolConfig config, List<String> remaining, boolean helpRequested) {
        /**
         * Copies the list.
         *
         * @param config        the configuration
         * @param remaining     the arguments that are not pool flags
         * @param helpRequested whether help was asked for
         */
        public Parsed {
            remaining = List.copyOf(remaining);
        }
    }

    private PoolConfigArgs() {
    }

    /**
     * Parses flags on top of the defaults.
     *
     * @param args the command-line arguments
     * @return the configuration, the arguments that were not pool flags, and whether help was asked for
     * @throws InvalidConfigException if a pool flag has no value, a bad value, or the result is invalid
     */
    public static Parsed parse(String... args) {
        return parse(PoolConfig.defaults(), args);
    }

    /**
     * Parses flags on top of a base configuration.
     *
     * @param base the configuration the flags override
     * @param args the command-line arguments
     * @return the parse result
     * @throws InvalidConfigException if a pool flag has no value, a bad value, or the result is invalid
     */
    public static Parsed parse(PoolConfig base, String... args) {
        PoolConfig.Builder b = base.toBuilder();
        List<String> rest = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
                continue;
            }
            String flag = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            Setting<?> s = PoolConfig.SETTINGS.byFlag(flag);
            if (s == null) {
                rest.add(a);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new InvalidConfigException(s.name(), "Invalid config: flag " + flag + " needs a value, e.g. "
                            + flag + "=" + s.show(s.defaultValue()) + " (" + s.allowed() + ")");
                }
                value = args[++i];
            }
            b.set(s.name(), value);
        }
        return new Parsed(b.build(), rest, help);
    }

    /** @return one line per flag with its description and default, for {@code --help} */
    public static String helpText() {
        return PoolConfig.SETTINGS.helpText("Connection pool options (durations: 250ms, 10s, 5m, PT1M or milliseconds):");
    }
}
