package io.conpool.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one text grammar for numbers in settings: an optional sign, digits, and {@code _} allowed only
 * between two digits (as in Java source: {@code 1_000_000}, not {@code _1}, {@code 1_} or {@code 1_.5}).
 * Whole numbers are read exactly and checked against the {@code long} range; nothing wraps.
 */
public final class NumberText {

    private NumberText() {
    }

    /**
     * @param text the text, surrounding blanks ignored
     * @return the value, or {@code null} if the text is not a whole number
     */
    public static BigInteger whole(String text) {
        BigDecimal d = decimal(text.strip(), false);
        return d == null ? null : d.toBigIntegerExact();
    }

    /**
     * @param text          the text, without surrounding blanks
     * @param allowFraction whether a fraction ({@code 1.5}) is allowed
     * @return the value, or {@code null} if the text does not follow the grammar
     */
    static BigDecimal decimal(String text, boolean allowFraction) {
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        StringBuilder digits = new StringBuilder(n).append(text, 0, i);
        boolean any = false;
        boolean point = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                any = true;
            } else if (c == '_') {
                boolean between = i > 0 && i + 1 < n && isDigit(text.charAt(i - 1)) && isDigit(text.charAt(i + 1));
                if (!between) {
                    return null;
                }
            } else if (c == '.' && allowFraction && !point && any && i + 1 < n && isDigit(text.charAt(i + 1))) {
                digits.append(c);
                point = true;
            } else {
                return null;
            }
        }
        return any ? new BigDecimal(digits.toString()) : null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
