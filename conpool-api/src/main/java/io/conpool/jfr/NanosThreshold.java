package io.conpool.jfr;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.SettingControl;

/**
 * A JFR setting that holds a time threshold (the {@code minWait} and {@code minDuration} settings
 * of the conpool events): values in the JFR syntax {@code "<number> <unit>"} with the units
 * {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} (such as {@code "20 ms"}), or
 * {@code "0"}. When several recordings set it, the lowest value wins, so each recording gets at
 * least what it asked for. JFR creates and calls it; applications do not.
 */
public final class NanosThreshold extends SettingControl {
    private volatile long nanos;
    private volatile String text = "0 ns";

    /** Creates the setting at {@code 0 ns} (everything passes); called by JFR. */
    public NanosThreshold() {
    }

    /**
     * @param values the values the running recordings ask for
     * @return the lowest of them ({@code "0 ns"} if there is none)
     */
    @Override
    public String combine(Set<String> values) {
        String best = null;
        long min = Long.MAX_VALUE;
        for (String v : values) {
            long n = parse(v);
            if (n >= 0 && n < min) {
                min = n;
                best = v;
            }
        }
        return best == null ? "0 ns" : best;
    }

    /**
     * @param value the threshold in effect from now on; a value that does not parse means {@code 0 ns}
     */
    @Override
    public void setValue(String value) {
        long n = parse(value);
        nanos = Math.max(0, n);
        text = n < 0 ? "0 ns" : value;
    }

    /** @return the threshold in effect, as set */
    @Override
    public String getValue() {
        return text;
    }

    /**
     * @param measuredNanos a measured time in nanoseconds
     * @return whether it is at or above the threshold
     */
    public boolean reached(long measuredNanos) {
        return measuredNanos >= nanos;
    }

    /**
     * @param value text such as {@code "20 ms"}, {@code "1s"} or {@code "0"}
     * @return nanoseconds, or -1 if the text is not a time
     */
    static long parse(String value) {
        if (value == null) {
            return -1;
        }
        String s = value.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 18) {
            return -1;
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        switch (unit) {
            case "":
                return n == 0 ? 0 : -1;
            case "ns":
                return n;
            case "us":
                return TimeUnit.MICROSECONDS.toNanos(n);
            case "ms":
                return TimeUnit.MILLISECONDS.toNanos(n);
            case "s":
                return TimeUnit.SECONDS.toNanos(n);
            case "m":
                return TimeUnit.MINUTES.toNanos(n);
            case "h":
                return TimeUnit.HOURS.toNanos(n);
            default:
                return -1;
        }
    }
}
