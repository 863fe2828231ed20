package io.conpool.http2;

import io.conpool.InvalidConfigException;
import io.conpool.PoolConfig;
import io.conpool.Setting;
import io.conpool.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Settings of the {@code http2} protocol handler, immutable and validated at {@link Builder#build()}.
 *
 * <table>
 *   <caption>settings, defaults and meaning</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>maxConcurrentStreams</td><td>100</td><td>cap on streams per connection; the pool shares a connection
 *       among min(this, the server's SETTINGS_MAX_CONCURRENT_STREAMS) holders</td></tr>
 *   <tr><td>pingAfterInactivity</td><td>10s</td><td>before reusing a connection that received nothing for this
 *       long, send a PING and wait for the answer</td></tr>
 *   <tr><td>pingTimeout</td><td>2s</td><td>a PING unanswered this long makes the connection unhealthy</td></tr>
 *   <tr><td>responseTimeout</td><td>30s</td><td>bound on one request: waiting for a stream slot and flow-control
 *       window, sending, and receiving the whole response</td></tr>
 *   <tr><td>streamWindow</td><td>1048576</td><td>receive window per stream in bytes (our SETTINGS_INITIAL_WINDOW_SIZE)</td></tr>
 *   <tr><td>connectionWindow</td><td>8388608</td><td>receive window of the whole connection in bytes</td></tr>
 *   <tr><td>maxResponseHeaderListSize</td><td>65536</td><td>largest decoded response header block in bytes</td></tr>
 *   <tr><td>maxResponseBodySize</td><td>67108864</td><td>largest response body kept in memory, in bytes; a bigger one
 *       resets the stream and fails the request</td></tr>
 * </table>
 *
 * <p>Each setting is a {@link Setting} in {@link #SETTINGS}, read from text with the same grammar and
 * rules as the pool's own settings: durations {@code 250ms}, {@code 10s}, {@code 5m}, ISO-8601
 * ({@code PT1M}) or bare milliseconds, numbers with {@code _} between digits, unknown names rejected.
 * In the resource adapter they are connection-definition properties prefixed {@code http2.}
 * ({@code http2.maxConcurrentStreams}).
 */
public final class Http2Options {

    private static final Duration POSITIVE = Duration.ofNanos(1);
    private static final int MIN_WINDOW = 65_535;
    private static final Settings.Declaration DECLARE = Settings.declare("http2");

    /** {@code maxConcurrentStreams}: see {@link #maxConcurrentStreams()}. */
    public static final Setting<Integer> MAX_CONCURRENT_STREAMS = DECLARE.add(Setting
            .ofInt("maxConcurrentStreams", 100, 1, Integer.MAX_VALUE).withUnit("streams").withScope(Setting.Scope.POOL)
            .withDoc("Cap on streams per connection; a connection is shared by min(this, the server's MAX_CONCURRENT_STREAMS) holders"));
    /** {@code pingAfterInactivity}: see {@link #pingAfterInactivity()}. */
    public static final Setting<Duration> PING_AFTER_INACTIVITY = DECLARE.add(Setting
            .ofDuration("pingAfterInactivity", Duration.ofSeconds(10), Duration.ZERO, PoolConfig.MAX_DURATION)
            .withScope(Setting.Scope.POOL)
            .withDoc("Before reusing a connection that received nothing for this long, send a PING and wait for the answer"));
    /** {@code pingTimeout}: see {@link #pingTimeout()}. */
    public static final Setting<Duration> PING_TIMEOUT = DECLARE.add(Setting
            .ofDuration("pingTimeout", Duration.ofSeconds(2), POSITIVE, PoolConfig.MAX_DURATION).withScope(Setting.Scope.POOL)
            .withDoc("A PING unanswered this long makes the connection unhealthy"));
    /** {@code responseTimeout}: see {@link #responseTimeout()}. */
    public static final Setting<Duration> RESPONSE_TIMEOUT = DECLARE.add(Setting
            .ofDuration("responseTimeout", Duration.ofSeconds(30), POSITIVE, PoolConfig.MAX_DURATION)
            .withScope(Setting.Scope.POOL)
            .withDoc("Bound on one request: waiting for a stream slot and window, sending, and receiving the whole response"));
    /** {@code streamWindow}: see {@link #streamWindow()}. */
    public static final Setting<Integer> STREAM_WINDOW = DECLARE.add(Setting
            .ofInt("streamWindow", 1 << 20, MIN_WINDOW, Integer.MAX_VALUE).withUnit("bytes").withScope(Setting.Scope.POOL)
            .withDoc("Receive window per stream in bytes (our SETTINGS_INITIAL_WINDOW_SIZE)"));
    /** {@code connectionWindow}: see {@link #connectionWindow()}. */
    public static final Setting<Integer> CONNECTION_WINDOW = DECLARE.add(Setting
            .ofInt("connectionWindow", 8 << 20, MIN_WINDOW, Integer.MAX_VALUE).withUnit("bytes").withScope(Setting.Scope.POOL)
            .withDoc("Receive window of the whole connection in bytes"));
    /** {@code maxResponseHeaderListSize}: see {@link #maxResponseHeaderListSize()}. */
    public static final Setting<Integer> MAX_RESPONSE_HEADER_LIST_SIZE = DECLARE.add(Setting
            .ofInt("maxResponseHeaderListSize", 64 * 1024, 1024, Integer.MAX_VALUE).withUnit("bytes")
            .withScope(Setting.Scope.POOL).withDoc("Largest decoded response header block in bytes"));
    /** {@code maxResponseBodySize}: see {@link #maxResponseBodySize()}. */
    public static final Setting<Long> MAX_RESPONSE_BODY_SIZE = DECLARE.add(Setting
            .ofLong("maxResponseBodySize", 64L << 20, 0, Long.MAX_VALUE).withUnit("bytes").withScope(Setting.Scope.POOL)
            .withDoc("Largest response body kept in memory, in bytes; a bigger one resets the stream and fails the request"));

    /** Every setting of the handler, in documentation order. */
    public static final Settings SETTINGS = DECLARE.done();

    /** Names of the settings, for {@link Builder#set(String, Object)} and {@link Builder#apply(Map, String)}. */
    public static final List<String> SETTING_NAMES = SETTINGS.names();

    private static final Http2Options DEFAULTS = builder().build();

    private final Object[] values;

    private Http2Options(Builder b) {
        this.values = b.values.clone();
    }

    /** @return the default settings */
    public static Http2Options defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder(SETTINGS.defaults());
    }

    /**
     * Reads settings from properties named {@code prefix + settingName}, e.g. {@code conpool.http2.pingTimeout}.
     *
     * @param props  the properties
     * @param prefix the key prefix, e.g. {@code "conpool.http2."}
     * @return the settings, defaults where a key is absent
     * @throws InvalidConfigException for an unknown key under the prefix (the nearest known name is
     *                                suggested) or a bad value
     */
    public static Http2Options fromProperties(Properties props, String prefix) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            map.put(key, props.getProperty(key));
        }
        return builder().apply(map, prefix).build();
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        return new Builder(values.clone());
    }

    /**
     * @param setting one of {@link #SETTINGS}
     * @param <T>     its type
     * @return its value
     * @throws IllegalArgumentException if it is not one of {@link #SETTINGS}
     */
    public <T> T get(Setting<T> setting) {
        return setting.type().cast(values[own(setting)]);
    }

    private static int own(Setting<?> setting) {
        if (!SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(setting + " is not an http2 setting");
        }
        return setting.index();
    }

    /** @return the cap on concurrent streams (and so pool holders) per connection */
    public int maxConcurrentStreams() {
        return (Integer) values[MAX_CONCURRENT_STREAMS.index()];
    }

    /** @return how long without a received frame before reuse is preceded by a PING */
    public Duration pingAfterInactivity() {
        return (Duration) values[PING_AFTER_INACTIVITY.index()];
    }

    /** @return how long a PING may go unanswered before the connection counts as broken */
    public Duration pingTimeout() {
        return (Duration) values[PING_TIMEOUT.index()];
    }

    /** @return the bound on one request, from asking for a stream to the end of the response */
    public Duration responseTimeout() {
        return (Duration) values[RESPONSE_TIMEOUT.index()];
    }

    /** @return the receive window per stream, bytes */
    public int streamWindow() {
        return (Integer) values[STREAM_WINDOW.index()];
    }

    /** @return the receive window of the connection, bytes */
    public int connectionWindow() {
        return (Integer) values[CONNECTION_WINDOW.index()];
    }

    /** @return the largest accepted response header block, bytes */
    public int maxResponseHeaderListSize() {
        return (Integer) values[MAX_RESPONSE_HEADER_LIST_SIZE.index()];
    }

    /** @return the largest response body kept, bytes */
    public long maxResponseBodySize() {
        return (Long) values[MAX_RESPONSE_BODY_SIZE.index()];
    }

    /** @return every setting and its value, {@code Http2Options{name=value, ...}} */
    @Override
    public String toString() {
        return "Http2Options{" + SETTINGS.describe(values) + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Http2Options && Arrays.equals(values, ((Http2Options) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** Builds {@link Http2Options}; every setter takes the value as is, {@link #build()} validates. */
    public static final class Builder {
        private final Object[] values;

        private Builder(Object[] values) {
            this.values = values;
        }

        /**
         * Sets any setting of {@link Http2Options#SETTINGS}; checked at {@link #build()}.
         *
         * @param setting one of {@link Http2Options#SETTINGS}
         * @param value   its value
         * @param <T>     its type
         * @return this builder
         * @throws IllegalArgumentException if it is not one of {@link Http2Options#SETTINGS}
         */
        public <T> Builder set(Setting<T> setting, T value) {
            values[own(setting)] = value;
            return this;
        }

        /**
         * Caps the concurrent streams per connection (the server's MAX_CONCURRENT_STREAMS applies if lower).
         *
         * @param n cap on concurrent streams per connection, at least 1
         * @return this builder
         */
        public Builder maxConcurrentStreams(int n) {
            return set(MAX_CONCURRENT_STREAMS, n);
        }

        /**
         * Sets how long a connection may receive nothing before its reuse is preceded by a PING.
         *
         * @param d inactivity after which reuse is preceded by a PING, zero or more
         * @return this builder
         */
        public Builder pingAfterInactivity(Duration d) {
            return set(PING_AFTER_INACTIVITY, d);
        }

        /**
         * Sets how long such a PING may go unanswered before the connection counts as unhealthy.
         *
         * @param d how long a PING may go unanswered, more than zero
         * @return this builder
         */
        public Builder pingTimeout(Duration d) {
            return set(PING_TIMEOUT, d);
        }

        /**
         * Sets the bound on one request, from sending its headers to the end of its response.
         *
         * @param d bound on one request, more than zero
         * @return this builder
         */
        public Builder responseTimeout(Duration d) {
            return set(RESPONSE_TIMEOUT, d);
        }

        /**
         * Sets the receive flow-control window of each stream, in bytes.
         *
         * @param bytes receive window per stream, 65535..2147483647
         * @return this builder
         */
        public Builder streamWindow(int bytes) {
            return set(STREAM_WINDOW, bytes);
        }

        /**
         * Sets the receive flow-control window of the whole connection, in bytes.
         *
         * @param bytes receive window of the connection, 65535..2147483647
         * @return this builder
         */
        public Builder connectionWindow(int bytes) {
            return set(CONNECTION_WINDOW, bytes);
        }

        /**
         * Sets the largest response header block accepted, in bytes.
         *
         * @param bytes largest accepted response header block, at least 1024
         * @return this builder
         */
        public Builder maxResponseHeaderListSize(int bytes) {
            return set(MAX_RESPONSE_HEADER_LIST_SIZE, bytes);
        }

        /**
         * Sets the largest response body kept in memory, in bytes.
         *
         * @param bytes largest response body kept in memory, zero or more
         * @return this builder
         */
        public Builder maxResponseBodySize(long bytes) {
            return set(MAX_RESPONSE_BODY_SIZE, bytes);
        }

        /**
         * Sets one setting from text (or a Number, or a Duration).
         *
         * @param name  one of {@link Http2Options#SETTING_NAMES}
         * @param value the value
         * @return this builder
         * @throws InvalidConfigException if the name is unknown or the value does not parse or is out of range
         */
        public Builder set(String name, Object value) {
            Setting<?> s = SETTINGS.get(name);
            values[s.index()] = s.parse(value);
            return this;
        }

        /**
         * Applies every entry whose key is {@code prefix + settingName}; keys not under the prefix, and
         * keys under it with a further dot, are left alone; any other key under the prefix must name
         * a setting (the same rule as {@link PoolConfig.Builder#apply}).
         *
         * @param map    the values
         * @param prefix the key prefix, may be empty
         * @return this builder
         * @throws InvalidConfigException for an unknown key under the prefix or a bad value
         */
        public Builder apply(Map<String, ?> map, String prefix) {
            SETTINGS.select(map, prefix).forEach(this::set);
            return this;
        }

        /**
         * @return the validated settings
         * @throws InvalidConfigException naming the first setting out of range, its value and the allowed range
         */
        public Http2Options build() {
            for (Setting<?> s : SETTINGS.list()) {
                check(s);
            }
            return new Http2Options(this);
        }

        private <T> void check(Setting<T> s) {
            Object v = values[s.index()];
            s.check(v == null ? null : s.type().cast(v));
        }
    }
}
