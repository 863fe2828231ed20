package io.conpool.http2;

import io.conpool.InvalidConfigException;
import io.conpool.PoolConfig;
import java.time.Duration;
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
 * <p>Durations accept {@code 250ms}, {@code 10s}, {@code 5m}, ISO-8601 ({@code PT1M}) or bare milliseconds.
 */
public final class Http2Options {

    /** Names of the settings, for {@link Builder#set(String, Object)} and {@link Builder#apply(Map, String)}. */
    public static final List<String> SETTING_NAMES = List.of("maxConcurrentStreams", "pingAfterInactivity",
            "pingTimeout", "responseTimeout", "streamWindow", "connectionWindow", "maxResponseHeaderListSize",
            "maxResponseBodySize");

    private static final int MIN_WINDOW = 65_535;
    private static final Http2Options DEFAULTS = builder().build();

    private final int maxConcurrentStreams;
    private final Duration pingAfterInactivity;
    private final Duration pingTimeout;
    private final Duration responseTimeout;
    private final int streamWindow;
    private final int connectionWindow;
    private final int maxResponseHeaderListSize;
    private final long maxResponseBodySize;

    private Http2Options(Builder b) {
        this.maxConcurrentStreams = b.maxConcurrentStreams;
        this.pingAfterInactivity = b.pingAfterInactivity;
        this.pingTimeout = b.pingTimeout;
        this.responseTimeout = b.responseTimeout;
        this.streamWindow = b.streamWindow;
        this.connectionWindow = b.connectionWindow;
        this.maxResponseHeaderListSize = b.maxResponseHeaderListSize;
        this.maxResponseBodySize = b.maxResponseBodySize;
    }

    /** @return the default settings */
    public static Http2Options defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads settings from properties named {@code prefix + settingName}, e.g. {@code conpool.http2.pingTimeout}.
     *
     * @param props  the properties
     * @param prefix the key prefix, e.g. {@code "conpool.http2."}
     * @return the settings, defaults where a key is absent
     * @throws InvalidConfigException for an unknown key under the prefix or a bad value
     */
    public static Http2Options fromProperties(Properties props, String prefix) {
        Builder b = builder();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                b.set(key.substring(prefix.length()), props.getProperty(key));
            }
        }
        return b.build();
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        return new Builder()
                .maxConcurrentStreams(maxConcurrentStreams)
                .pingAfterInactivity(pingAfterInactivity)
                .pingTimeout(pingTimeout)
                .responseTimeout(responseTimeout)
                .streamWindow(streamWindow)
                .connectionWindow(connectionWindow)
                .maxResponseHeaderListSize(maxResponseHeaderListSize)
                .maxResponseBodySize(maxResponseBodySize);
    }

    /** @return the cap on concurrent streams (and so pool holders) per connection */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /** @return how long without a received frame before reuse is preceded by a PING */
    public Duration pingAfterInactivity() {
        return pingAfterInactivity;
    }

    /** @return how long a PING may go unanswered before the connection counts as broken */
    public Duration pingTimeout() {
        return pingTimeout;
    }

    /** @return the bound on one request, from asking for a stream to the end of the response */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** @return the receive window per stream, bytes */
    public int streamWindow() {
        return streamWindow;
    }

    /** @return the receive window of the connection, bytes */
    public int connectionWindow() {
        return connectionWindow;
    }

    /** @return the largest accepted response header block, bytes */
    public int maxResponseHeaderListSize() {
        return maxResponseHeaderListSize;
    }

    /** @return the largest response body kept, bytes */
    public long maxResponseBodySize() {
        return maxResponseBodySize;
    }

    @Override
    public String toString() {
        return "Http2Options{maxConcurrentStreams=" + maxConcurrentStreams + ", pingAfterInactivity="
                + pingAfterInactivity.toMillis() + "ms, pingTimeout=" + pingTimeout.toMillis() + "ms, responseTimeout="
                + responseTimeout.toMillis() + "ms, streamWindow=" + streamWindow + ", connectionWindow=" + connectionWindow
                + ", maxResponseHeaderListSize=" + maxResponseHeaderListSize + ", maxResponseBodySize="
                + maxResponseBodySize + "}";
    }

    /** Builds {@link Http2Options}; every setter takes the value as is, {@link #build()} validates. */
    public static final class Builder {
        private int maxConcurrentStreams = 100;
        private Duration pingAfterInactivity = Duration.ofSeconds(10);
        private Duration pingTimeout = Duration.ofSeconds(2);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private int streamWindow = 1 << 20;
        private int connectionWindow = 8 << 20;
        private int maxResponseHeaderListSize = 64 * 1024;
        private long maxResponseBodySize = 64L << 20;

        private Builder() {
        }

        /**
         * Caps the concurrent streams per connection (the server's MAX_CONCURRENT_STREAMS applies if lower).
         *
         * @param n cap on concurrent streams per connection, at least 1
         * @return this builder
         */
        public Builder maxConcurrentStreams(int n) {
            maxConcurrentStreams = n;
            return this;
        }

        /**
         * Sets how long a connection may receive nothing before its reuse is preceded by a PING.
         *
         * @param d inactivity after which reuse is preceded by a PING, zero or more
         * @return this builder
         */
        public Builder pingAfterInactivity(Duration d) {
            pingAfterInactivity = d;
            return this;
        }

        /**
         * Sets how long such a PING may go unanswered before the connection counts as unhealthy.
         *
         * @param d how long a PING may go unanswered, more than zero
         * @return this builder
         */
        public Builder pingTimeout(Duration d) {
            pingTimeout = d;
            return this;
        }

        /**
         * Sets the bound on one request, from sending its headers to the end of its response.
         *
         * @param d bound on one request, more than zero
         * @return this builder
         */
        public Builder responseTimeout(Duration d) {
            responseTimeout = d;
            return this;
        }

        /**
         * Sets the receive flow-control window of each stream, in bytes.
         *
         * @param bytes receive window per stream, 65535..2147483647
         * @return this builder
         */
        public Builder streamWindow(int bytes) {
            streamWindow = bytes;
            return this;
        }

        /**
         * Sets the receive flow-control window of the whole connection, in bytes.
         *
         * @param bytes receive window of the connection, 65535..2147483647
         * @return this builder
         */
        public Builder connectionWindow(int bytes) {
            connectionWindow = bytes;
            return this;
        }

        /**
         * Sets the largest response header block accepted, in bytes.
         *
         * @param bytes largest accepted response header block, at least 1024
         * @return this builder
         */
        public Builder maxResponseHeaderListSize(int bytes) {
            maxResponseHeaderListSize = bytes;
            return this;
        }

        /**
         * Sets the largest response body kept in memory, in bytes.
         *
         * @param bytes largest response body kept in memory, zero or more
         * @return this builder
         */
        public Builder maxResponseBodySize(long bytes) {
            maxResponseBodySize = bytes;
            return this;
        }

        /**
         * Sets one setting from text (or a Number, or a Duration).
         *
         * @param name  one of {@link Http2Options#SETTING_NAMES}
         * @param value the value
         * @return this builder
         * @throws InvalidConfigException if the name is unknown or the value does not parse
         */
        public Builder set(String name, Object value) {
            if (value == null) {
                throw new InvalidConfigException(name, "Invalid http2 setting: " + name + " has no value");
            }
            switch (name) {
                case "maxConcurrentStreams": return maxConcurrentStreams((int) number(name, value, Integer.MAX_VALUE));
                case "pingAfterInactivity": return pingAfterInactivity(duration(name, value));
                case "pingTimeout": return pingTimeout(duration(name, value));
                case "responseTimeout": return responseTimeout(duration(name, value));
                case "streamWindow": return streamWindow((int) number(name, value, Integer.MAX_VALUE));
                case "connectionWindow": return connectionWindow((int) number(name, value, Integer.MAX_VALUE));
                case "maxResponseHeaderListSize":
                    return maxResponseHeaderListSize((int) number(name, value, Integer.MAX_VALUE));
                case "maxResponseBodySize": return maxResponseBodySize(number(name, value, Long.MAX_VALUE));
                default:
                    throw new InvalidConfigException(name, "Invalid http2 setting: unknown setting '" + name
                            + "'; known settings: " + SETTING_NAMES);
            }
        }

        /**
         * Applies every entry whose key is {@code prefix + settingName}; other keys are ignored.
         *
         * @param map    the values
         * @param prefix the key prefix, may be empty
         * @return this builder
         * @throws InvalidConfigException for a bad value
         */
        public Builder apply(Map<String, ?> map, String prefix) {
            String p = prefix == null ? "" : prefix;
            for (Map.Entry<String, ?> e : map.entrySet()) {
                if (e.getKey().startsWith(p) && SETTING_NAMES.contains(e.getKey().substring(p.length()))) {
                    set(e.getKey().substring(p.length()), e.getValue());
                }
            }
            return this;
        }

        /**
         * @return the validated settings
         * @throws InvalidConfigException naming the first setting out of range, its value and the allowed range
         */
        public Http2Options build() {
            range("maxConcurrentStreams", maxConcurrentStreams, 1, Integer.MAX_VALUE);
            notNegative("pingAfterInactivity", pingAfterInactivity);
            positive("pingTimeout", pingTimeout);
            positive("responseTimeout", responseTimeout);
            range("streamWindow", streamWindow, MIN_WINDOW, Integer.MAX_VALUE);
            range("connectionWindow", connectionWindow, MIN_WINDOW, Integer.MAX_VALUE);
            range("maxResponseHeaderListSize", maxResponseHeaderListSize, 1024, Integer.MAX_VALUE);
            range("maxResponseBodySize", maxResponseBodySize, 0, Long.MAX_VALUE);
            return new Http2Options(this);
        }

        private static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new InvalidConfigException(name, "Invalid http2 setting: " + name + "=" + value + "; it must be between "
                        + min + " and " + max);
            }
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new InvalidConfigException(name, "Invalid http2 setting: " + name + "=" + d
                        + "; it must be a duration greater than zero, e.g. 2s");
            }
        }

        private static void notNegative(String name, Duration d) {
            if (d == null || d.isNegative()) {
                throw new InvalidConfigException(name, "Invalid http2 setting: " + name + "=" + d
                        + "; it must be a duration of zero or more, e.g. 10s");
            }
        }

        private static long number(String name, Object value, long max) {
            long n;
            if (value instanceof Number) {
                n = ((Number) value).longValue();
            } else {
                try {
                    n = Long.parseLong(value.toString().strip().replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new InvalidConfigException(name, "Invalid http2 setting: " + name + "='" + value
                            + "' is not a whole number");
                }
            }
            if (n > max) {
                throw new InvalidConfigException(name, "Invalid http2 setting: " + name + "=" + n + " is larger than " + max);
            }
            return n;
        }

        private static Duration duration(String name, Object value) {
            if (value instanceof Duration) {
                return (Duration) value;
            }
            if (value instanceof Number) {
                return Duration.ofMillis(((Number) value).longValue());
            }
            try {
                return PoolConfig.parseDuration(value.toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(name, "Invalid http2 setting: " + name + "='" + value
                        + "' is not a duration; write e.g. 250ms, 10s, 5m or PT1M");
            }
        }
    }
}
