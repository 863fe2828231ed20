package io.conpool;

import io.conpool.internal.DurationText;
import io.conpool.internal.NumberText;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Describes one text-configurable setting: its name, type, default, allowed range, unit, one-line
 * documentation, scope, whether it can be changed on a running pool, and whether it is a secret.
 * {@link PoolConfig} and protocol handlers (such as {@code Http2Options}) declare their settings as a
 * {@link Settings} list of these; building, validation, text parsing (properties, flags, resource
 * adapter, JMX), printing and the documentation all walk that list, so every surface reads and
 * reports a setting the same way.
 *
 * <p>Text grammar, the same everywhere: whole numbers with {@code _} allowed between digits
 * ({@code 1_000}); durations as a number and a unit ({@code 250ms}, {@code 1.5s}, {@code 10s},
 * {@code 5m}, {@code 1h}, {@code 2d}, also {@code us} and {@code ns}), ISO-8601 ({@code PT10S}) or a
 * bare number of milliseconds; booleans {@code true}/{@code false}; plus each setting's own words
 * ({@code unlimited}, {@code off}). Every conversion is overflow-checked; a failure is an
 * {@link InvalidConfigException} naming the setting, the value (masked for a secret) and what is allowed.
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies.
 *
 * @param <T> the value type: {@link Integer}, {@link Long}, {@link Duration}, {@link Boolean} or {@link String}
 */
public final class Setting<T> {

    /** Where a setting applies. */
    public enum Scope {
        /** Pool-wide: the pool's own value applies to every endpoint; a per-endpoint override is ignored. */
        POOL,
        /** Per endpoint: may differ between endpoints ({@code pool.configure(endpoint, config)}). */
        ENDPOINT
    }

    /** The masked form of a secret's value wherever it would be shown. */
    public static final String MASK = "****";

    private enum Kind { INT, LONG, DURATION, BOOLEAN, TEXT }

    private final String name;
    private final Kind kind;
    private final Class<T> type;
    private final T defaultValue;
    private final T min;
    private final T max;
    private final String unit;
    private final String doc;
    private final Scope scope;
    private final boolean liveWritable;
    private final boolean secret;
    private final Map<String, T> words;
    private final int index;

    private Setting(String name, Kind kind, Class<T> type, T defaultValue, T min, T max, String unit, String doc,
                    Scope scope, boolean liveWritable, boolean secret, Map<String, T> words, int index) {
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.unit = unit;
        this.doc = doc;
        this.scope = scope;
        this.liveWritable = liveWritable;
        this.secret = secret;
        this.words = words;
        this.index = index;
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[a-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("a setting name is a camelCase identifier, not '" + name + "'");
        }
    }

    /**
     * @param name         camelCase name, as in properties
     * @param defaultValue the default, within the range
     * @param min          the smallest allowed value
     * @param max          the largest allowed value
     * @return a whole-number setting (endpoint scope, not live-writable, not secret, no documentation yet)
     * @throws IllegalArgumentException if the name is not camelCase or the default is out of range
     */
    public static Setting<Integer> ofInt(String name, int defaultValue, int min, int max) {
        return create(name, Kind.INT, Integer.class, defaultValue, min, max, "");
    }

    /**
     * @param name         camelCase name
     * @param defaultValue the default, within the range
     * @param min          the smallest allowed value
     * @param max          the largest allowed value
     * @return a whole-number setting of type long
     * @throws IllegalArgumentException if the name is not camelCase or the default is out of range
     */
    public static Setting<Long> ofLong(String name, long defaultValue, long min, long max) {
        return create(name, Kind.LONG, Long.class, defaultValue, min, max, "");
    }

    /**
     * @param name         camelCase name
     * @param defaultValue the default, within the range
     * @param min          the shortest allowed value
     * @param max          the longest allowed value
     * @return a duration setting
     * @throws IllegalArgumentException if the name is not camelCase or the default is out of range
     */
    public static Setting<Duration> ofDuration(String name, Duration defaultValue, Duration min, Duration max) {
        return create(name, Kind.DURATION, Duration.class, defaultValue, min, max, "duration");
    }

    /**
     * @param name         camelCase name
     * @param defaultValue the default
     * @return a {@code true}/{@code false} setting
     */
    public static Setting<Boolean> ofBoolean(String name, boolean defaultValue) {
        return create(name, Kind.BOOLEAN, Boolean.class, defaultValue, null, null, "");
    }

    /**
     * @param name         camelCase name
     * @param defaultValue the default, may be empty
     * @return a free-text setting (for a password or token, add {@link #withSecret()})
     */
    public static Setting<String> ofText(String name, String defaultValue) {
        return create(name, Kind.TEXT, String.class, defaultValue, null, null, "");
    }

    private static <T> Setting<T> create(String name, Kind kind, Class<T> type, T dflt, T min, T max, String unit) {
        checkName(name);
        Setting<T> s = new Setting<>(name, kind, type, Objects.requireNonNull(dflt, "default"), min, max, unit, "",
                Scope.ENDPOINT, false, false, Map.of(), -1);
        String problem = s.rangeProblem(dflt);
        if (problem != null) {
            throw new IllegalArgumentException("default of " + name + " " + problem);
        }
        return s;
    }

    private Setting<T> copy(String newUnit, String newDoc, Scope newScope, boolean newLive, boolean newSecret,
                            Map<String, T> newWords, int newIndex) {
        return new Setting<>(name, kind, type, defaultValue, min, max, newUnit, newDoc, newScope, newLive, newSecret,
                newWords, newIndex);
    }

    /**
     * @param text one line: what the setting does (shown in help, JMX and the README)
     * @return a copy with that documentation
     */
    public Setting<T> withDoc(String text) {
        return copy(unit, Objects.requireNonNull(text, "text"), scope, liveWritable, secret, words, index);
    }

    /**
     * @param text the unit of a number, e.g. {@code bytes}, {@code connections}
     * @return a copy with that unit
     */
    public Setting<T> withUnit(String text) {
        return copy(Objects.requireNonNull(text, "text"), doc, scope, liveWritable, secret, words, index);
    }

    /**
     * @param s where the setting applies
     * @return a copy with that scope
     */
    public Setting<T> withScope(Scope s) {
        return copy(unit, doc, Objects.requireNonNull(s, "scope"), liveWritable, secret, words, index);
    }

    /** @return a copy marked as changeable on a running pool (JMX writes it) */
    public Setting<T> withLiveWrites() {
        return copy(unit, doc, scope, true, secret, words, index);
    }

    /** @return a copy marked secret: its value is never printed, logged, or shown in JMX */
    public Setting<T> withSecret() {
        return copy(unit, doc, scope, liveWritable, true, words, index);
    }

    /**
     * @param word  a word accepted for a value, e.g. {@code unlimited}; the first word given for a
     *              value is also how that value is printed
     * @param value the value it stands for
     * @return a copy that accepts the word
     */
    public Setting<T> withWord(String word, T value) {
        Map<String, T> w = new LinkedHashMap<>(words);
        w.put(word.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
        return copy(unit, doc, scope, liveWritable, secret, java.util.Collections.unmodifiableMap(w), index);
    }

    Setting<T> at(int position) {
        return copy(unit, doc, scope, liveWritable, secret, words, position);
    }

    /** @return the name, as in properties ({@code maxIdleTime}) */
    public String name() {
        return name;
    }

    /** @return the value type */
    public Class<T> type() {
        return type;
    }

    /** @return whether the value is a {@link Duration} */
    public boolean isDuration() {
        return kind == Kind.DURATION;
    }

    /** @return the default value */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return the smallest allowed value, or {@code null} for booleans and text */
    public T min() {
        return min;
    }

    /** @return the largest allowed value, or {@code null} for booleans and text */
    public T max() {
        return max;
    }

    /** @return the unit: {@code duration} for durations, otherwise as declared (may be empty) */
    public String unit() {
        return unit;
    }

    /** @return the one-line documentation */
    public String doc() {
        return doc;
    }

    /** @return where the setting applies */
    public Scope scope() {
        return scope;
    }

    /** @return whether it may be changed on a running pool (and so is writable in JMX) */
    public boolean isLiveWritable() {
        return liveWritable;
    }

    /** @return whether its value is a secret, never shown */
    public boolean isSecret() {
        return secret;
    }

    /** @return its position in the {@link Settings} list that declared it, or -1 before that */
    public int index() {
        return index;
    }

    /** @return the command-line flag: the name in dashes, {@code --max-idle-time} */
    public String flag() {
        return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** @return the placeholder of a value in help text: {@code N}, {@code DURATION}, {@code true|false}, {@code TEXT} */
    public String placeholder() {
        switch (kind) {
            case DURATION: return "DURATION";
            case BOOLEAN: return "true|false";
            case TEXT: return "TEXT";
            default: return "N";
        }
    }

    /** @return what values are allowed, in words: {@code a duration from 1ns to 365d}, ... */
    public String allowed() {
        StringBuilder sb = new StringBuilder();
        switch (kind) {
            case BOOLEAN: return "true or false";
            case TEXT: return "any text";
            case DURATION:
                if (Duration.ofNanos(1).equals(min)) {
                    sb.append("a positive duration, at most ").append(plain(max));
                    return withWords(sb);
                }
                sb.append("a duration from ");
                break;
            default:
                sb.append("a whole number from ");
        }
        if (words.containsValue(max)) {
            sb.append(plain(min)).append(" up");
        } else {
            sb.append(plain(min)).append(" to ").append(plain(max));
        }
        return withWords(sb);
    }

    private String withWords(StringBuilder sb) {
        if (!words.isEmpty()) {
            sb.append(", or ");
            String sep = "";
            for (String w : words.keySet()) {
                sb.append(sep).append('\'').append(w).append('\'');
                sep = " or ";
            }
        }
        return sb.toString();
    }

    /**
     * Converts a value from text or another Java form and checks its range.
     *
     * @param raw a String in the text grammar; a {@link Number} (for durations: milliseconds); a
     *            {@link Duration}; a {@link Boolean}; or a value of {@link #type()}
     * @return the value
     * @throws InvalidConfigException if it does not convert or is out of range; the message names
     *                                this setting, the value (masked if secret) and what is allowed
     */
    public T parse(Object raw) {
        if (raw == null) {
            throw fail("Invalid config: " + name + " has no value; allowed: " + allowed());
        }
        return check(convert(raw));
    }

    private T convert(Object raw) {
        if (raw instanceof String) { // words first: a text setting's word ('none') stands for its value too
            String text = ((String) raw).strip();
            T word = words.get(text.toLowerCase(Locale.ROOT));
            if (word != null) {
                return word;
            }
        }
        if (type.isInstance(raw)) {
            return type.cast(raw);
        }
        switch (kind) {
            case TEXT:
                return type.cast(raw.toString());
            case BOOLEAN:
                if (raw instanceof String && ((String) raw).strip().equalsIgnoreCase("true")) {
                    return type.cast(Boolean.TRUE);
                }
                if (raw instanceof String && ((String) raw).strip().equalsIgnoreCase("false")) {
                    return type.cast(Boolean.FALSE);
                }
                throw notA("true or false", raw);
            case DURATION:
                if (raw instanceof Number) {
                    return type.cast(Duration.ofMillis(wholeNumber(raw)));
                }
                if (!(raw instanceof CharSequence)) {
                    throw notA("a duration", raw);
                }
                try {
                    return type.cast(DurationText.parse(raw.toString()));
                } catch (DurationText.BadDuration e) {
                    if (e.tooLarge()) {
                        throw fail("Invalid config: " + name + " = '" + shown(raw) + "' is too large: allowed "
                                + allowed());
                    }
                    throw fail("Invalid config: " + name + " = '" + shown(raw)
                            + "' is not a duration: write e.g. 250ms, 10s, 5m, PT10S, or a number of milliseconds"
                            + " (" + allowed() + ")");
                }
            default:
                long v = wholeNumber(raw);
                if (kind == Kind.INT) {
                    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                        throw fail("Invalid config: " + name + " = " + shown(raw) + " is out of range: allowed "
                                + allowed());
                    }
                    return type.cast((int) v);
                }
                return type.cast(v);
        }
    }

    private long wholeNumber(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        BigInteger big;
        if (raw instanceof BigInteger) {
            big = (BigInteger) raw;
        } else if (raw instanceof Number) {
            double d = ((Number) raw).doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw notA("a whole number", raw);
            }
            big = new java.math.BigDecimal(d).toBigInteger();
        } else {
            big = NumberText.whole(raw.toString());
            if (big == null) {
                throw notA(kind == Kind.DURATION ? "a duration" : "a whole number", raw);
            }
        }
        if (big.bitLength() > 63) {
            throw fail("Invalid config: " + name + " = '" + shown(raw) + "' is too large: allowed " + allowed());
        }
        return big.longValue();
    }

    private InvalidConfigException notA(String what, Object raw) {
        String extra = words.isEmpty() ? "" : " or " + String.join(" or ", words.keySet().stream().map(w -> "'" + w + "'")
                .toArray(String[]::new));
        return fail("Invalid config: " + name + " = '" + shown(raw) + "' is not " + what + extra + " (allowed: "
                + allowed() + ")");
    }

    /**
     * Checks a value against the range.
     *
     * @param value the value
     * @return the value
     * @throws InvalidConfigException if it is null or out of range, naming this setting and the value
     */
    public T check(T value) {
        if (value == null) {
            throw fail("Invalid config: " + name + " must not be null");
        }
        String problem = rangeProblem(value);
        if (problem != null) {
            throw fail("Invalid config: " + name + " = " + show(value) + " " + problem);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private String rangeProblem(T value) {
        if (min == null || words.containsValue(value)) {
            return null;
        }
        Comparable<T> v = (Comparable<T>) value;
        if (v.compareTo(min) < 0) {
            String lower;
            if (kind == Kind.DURATION && isZero(min)) {
                lower = "must not be negative";
            } else if (kind == Kind.DURATION && min.equals(Duration.ofNanos(1))) {
                lower = "must be positive";
            } else {
                lower = "must be at least " + format(min);
            }
            return lower + (words.isEmpty() ? "" : " (allowed: " + allowed() + ")");
        }
        if (v.compareTo(max) > 0) {
            return "must be at most " + format(max) + " (allowed: " + allowed() + ")";
        }
        return null;
    }

    private static boolean isZero(Object o) {
        return o instanceof Duration ? ((Duration) o).isZero() : o instanceof Number && ((Number) o).longValue() == 0;
    }

    private static String plain(Object value) {
        return value instanceof Duration ? DurationText.format((Duration) value) : String.valueOf(value);
    }

    /**
     * @param value a value of this setting
     * @return its text in the grammar {@link #parse} reads back (a word such as {@code unlimited} where
     *         one stands for it). For a secret this is the real value: print {@link #show} instead.
     */
    public String format(Object value) {
        if (value == null) {
            return "null";
        }
        for (Map.Entry<String, T> w : words.entrySet()) {
            if (w.getValue().equals(value)) {
                return w.getKey();
            }
        }
        return value instanceof Duration ? DurationText.format((Duration) value) : value.toString();
    }

    /**
     * @param value a value of this setting
     * @return its text for people (toString, messages, logs, JMX): {@link #format}, or {@link #MASK} for a secret
     */
    public String show(Object value) {
        return secret ? MASK : format(value);
    }

    private String shown(Object raw) {
        return secret ? MASK : String.valueOf(raw);
    }

    private InvalidConfigException fail(String message) {
        return new InvalidConfigException(name, message);
    }

    /** @return {@code Setting[name: type = default]} */
    @Override
    public String toString() {
        return "Setting[" + name + ": " + type.getSimpleName() + " = " + show(defaultValue) + "]";
    }
}
