package io.conpool.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one text grammar for durations: a number with a unit ({@code 250ms}, {@code 1.5s}, {@code 10s},
 * {@code 5m}, {@code 1h}, {@code 2d}; also {@code ns}, {@code us}), ISO-8601 ({@code PT10S}), or a bare
 * whole number of milliseconds. Numbers follow {@link NumberText}'s rule for {@code _}. Every step is
 * overflow-checked: a value that does not fit in a {@code long} of nanoseconds (about 292 years) is
 * reported as too large, never wrapped.
 */
public final class DurationText {
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);

    private DurationText() {
    }

    /** Why a text is not a duration; the message says which of the two it is. */
    public static final class BadDuration extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final boolean tooLarge;

        BadDuration(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        /** @return whether the text was a duration but too large to represent */
        public boolean tooLarge() {
            return tooLarge;
        }
    }

    /**
     * @param text the text
     * @return the duration
     * @throws BadDuration if the text is not a duration or does not fit in a long of nanoseconds
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p") || t.startsWith("-p") || t.startsWith("+p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                d.toNanos(); // throws ArithmeticException past ~292 years
                return d;
            } catch (ArithmeticException e) {
                throw new BadDuration("too large", true);
            } catch (DateTimeParseException e) {
                throw new BadDuration("not a duration", false);
            }
        }
        int end = t.length();
        while (end > 0 && Character.isLetter(t.charAt(end - 1))) {
            end--;
        }
        String unit = t.substring(end);
        String number = t.substring(0, end).strip();
        long nanosPerUnit;
        switch (unit) {
            case "ns": nanosPerUnit = 1L; break;
            case "us": nanosPerUnit = 1_000L; break;
            case "": case "ms": nanosPerUnit = 1_000_000L; break;
            case "s": nanosPerUnit = 1_000_000_000L; break;
            case "m": nanosPerUnit = 60_000_000_000L; break;
            case "h": nanosPerUnit = 3_600_000_000_000L; break;
            case "d": nanosPerUnit = 86_400_000_000_000L; break;
            default: throw new BadDuration("not a duration", false);
        }
        BigDecimal value = NumberText.decimal(number, !unit.isEmpty());
        if (value == null) {
            throw new BadDuration("not a duration", false);
        }
        BigDecimal nanos = value.multiply(BigDecimal.valueOf(nanosPerUnit));
        BigInteger whole;
        try {
            whole = nanos.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new BadDuration("not a duration: finer than a nanosecond", false);
        }
        if (whole.compareTo(MAX_NANOS) > 0 || whole.compareTo(MIN_NANOS) < 0) {
            throw new BadDuration("too large", true);
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    /**
     * @param d a duration
     * @return the shortest exact text for it that {@link #parse} reads back: {@code 60s},
     *         {@code 100ms}, {@code 10m}, {@code 2h}, {@code 365d}, {@code 1500us}
     */
    public static String format(Duration d) {
        if (d.getNano() % 1_000_000 != 0 || d.abs().getSeconds() > Long.MAX_VALUE / 1000 - 1) {
            try {
                long ns = d.toNanos();
                return ns % 1000 == 0 ? ns / 1000 + "us" : ns + "ns";
            } catch (ArithmeticException e) {
                return d.toString(); // ISO-8601, beyond any range a setting allows
            }
        }
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0 && Math.abs(ms) >= 600_000) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
