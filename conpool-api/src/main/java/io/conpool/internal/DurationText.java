package io.conpool.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads and writes durations as short text: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, ISO-8601, or bare milliseconds. */
public final class DurationText {

    private DurationText() {
    }

    /**
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if the text is not a duration
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("-pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()) * 60);
            }
            if (t.endsWith("h")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()) * 3600);
            }
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "'", e);
        }
    }

    /**
     * @param d a duration
     * @return the shortest exact text for it: {@code 60s}, {@code 100ms}, {@code 5m}
     */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0 && ms >= 600_000) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
