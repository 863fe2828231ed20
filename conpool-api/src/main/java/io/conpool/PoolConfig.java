package io.conpool;

import io.conpool.internal.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Immutable pool settings, made with {@link #builder()} and validated by {@link Builder#build()}.
 *
 * <p>Every setting that has a text form can also be read from {@link Properties} or a
 * {@link Map} ({@link #fromProperties}, {@link Builder#apply(Map, String)}) and from command-line
 * flags ({@link PoolConfigArgs}); the names are the same everywhere (Java SE, CDI, JCA
 * config-properties). Durations in text are {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * ISO-8601 ({@code PT10S}), or a bare number of milliseconds.
 *
 * <p>Used as a per-endpoint override ({@link ConnectionPool#configure}), everything applies to
 * that endpoint except the pool-wide {@code maxTotalConnections}, {@code housekeepingPeriod},
 * {@code endpointExpiry} and {@code ticker}, which are always the pool's own.
 */
public final class PoolConfig {

    /** Value of {@code maxConnectionUses} and {@code maxWaitersPerEndpoint} meaning "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final int maxConnectionsPerEndpoint;
    private final int maxTotalConnections;
    private final Duration maxIdleTime;
    private final Duration maxConnectionLifetime;
    private final int maxConnectionUses;
    private final Duration connectTimeout;
    private final int connectRetryCount;
    private final Duration connectRetryDelay;
    private final Duration acquireTimeout;
    private final int maxWaitersPerEndpoint;
    private final Duration validateAfterInactivity;
    private final int minIdlePerEndpoint;
    private final Duration leakDetectionThreshold;
    private final Duration housekeepingPeriod;
    private final Duration readTimeout;
    private final Duration endpointExpiry;
    private final Predicate<? super Transport> healthCheck;
    private final Consumer<? super Endpoint> onConnectionCreated;
    private final Consumer<? super Endpoint> onConnectionClosed;
    private final Consumer<? super Endpoint> onConnectionReused;
    private final SSLContext sslContext;
    private final HostResolver resolver;
    private final Ticker ticker;

    private PoolConfig(Builder b) {
        maxConnectionsPerEndpoint = b.maxConnectionsPerEndpoint;
        maxTotalConnections = b.maxTotalConnections;
        maxIdleTime = b.maxIdleTime;
        maxConnectionLifetime = b.maxConnectionLifetime;
        maxConnectionUses = b.maxConnectionUses;
        connectTimeout = b.connectTimeout;
        connectRetryCount = b.connectRetryCount;
        connectRetryDelay = b.connectRetryDelay;
        acquireTimeout = b.acquireTimeout;
        maxWaitersPerEndpoint = b.maxWaitersPerEndpoint;
        validateAfterInactivity = b.validateAfterInactivity;
        minIdlePerEndpoint = b.minIdlePerEndpoint;
        leakDetectionThreshold = b.leakDetectionThreshold;
        housekeepingPeriod = b.housekeepingPeriod;
        readTimeout = b.readTimeout;
        endpointExpiry = b.endpointExpiry;
        healthCheck = b.healthCheck;
        onConnectionCreated = b.onConnectionCreated;
        onConnectionClosed = b.onConnectionClosed;
        onConnectionReused = b.onConnectionReused;
        sslContext = b.sslContext;
        resolver = b.resolver;
        ticker = b.ticker;
    }

    /** @return the defaults (see the README's settings table) */
    public static PoolConfig defaults() {
        return Defaults.INSTANCE;
    }

    /** Holds the defaults, built after the settings table is initialised. */
    private static final class Defaults {
        static final PoolConfig INSTANCE = new Builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Reads settings from properties named {@code prefix + settingName} (e.g. {@code conpool.maxIdleTime})
     * on top of the defaults.
     *
     * @param properties the properties
     * @param prefix     the prefix, may be empty (e.g. {@code "conpool."})
     * @return the validated configuration
     * @throws InvalidConfigException if a value does not parse or is out of range, or a key
     *                                directly under the prefix names no setting
     */
    public static PoolConfig fromProperties(Properties properties, String prefix) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return builder().apply(map, prefix).build();
    }

    /** @return maximum connections open (leased + idle + connecting) to one endpoint; default 10 */
    public int maxConnectionsPerEndpoint() {
        return maxConnectionsPerEndpoint;
    }

    /** @return maximum connections open across all endpoints of the pool; default 100 */
    public int maxTotalConnections() {
        return maxTotalConnections;
    }

    /** @return an idle connection unused for longer is closed; default 60 s */
    public Duration maxIdleTime() {
        return maxIdleTime;
    }

    /** @return a connection older than this (less up to 2.5 % random jitter) is closed; default 300 s */
    public Duration maxConnectionLifetime() {
        return maxConnectionLifetime;
    }

    /** @return a connection leased this many times is closed when returned; default {@link #UNLIMITED} */
    public int maxConnectionUses() {
        return maxConnectionUses;
    }

    /** @return per-attempt bound on TCP connect plus TLS handshake plus protocol set-up; default 10 s */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return retries after a failed connection attempt (attempts = retries + 1); default 3 */
    public int connectRetryCount() {
        return connectRetryCount;
    }

    /** @return delay before the first retry, doubled for each further retry, with jitter; default 100 ms */
    public Duration connectRetryDelay() {
        return connectRetryDelay;
    }

    /** @return how long a caller waits for a free connection; default 30 s */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** @return callers allowed to wait per endpoint, beyond which acquire fails at once; default {@link #UNLIMITED} */
    public int maxWaitersPerEndpoint() {
        return maxWaitersPerEndpoint;
    }

    /**
     * @return idle longer than this → stale check before reuse (about a microsecond: a non-blocking
     * read); zero checks every reuse; default 1 ms, so a connection reused under load pays nothing
     * and any connection idle long enough for a server to have closed it is checked
     */
    public Duration validateAfterInactivity() {
        return validateAfterInactivity;
    }

    /** @return idle connections kept open per endpoint by the housekeeper; default 0 */
    public int minIdlePerEndpoint() {
        return minIdlePerEndpoint;
    }

    /** @return a lease held longer is reported once with the acquirer's stack; zero = off (default) */
    public Duration leakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** @return how often the housekeeper runs (evictions, min idle, leak warnings); default 1 s */
    public Duration housekeepingPeriod() {
        return housekeepingPeriod;
    }

    /**
     * @return the read timeout (SO_TIMEOUT) of every leased {@code raw} connection: a read waiting
     * longer fails with {@link java.net.SocketTimeoutException} and the connection is discarded;
     * zero = wait forever; default 30 s
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * @return an endpoint pool with no connection and no caller for this long is removed (with its
     * MBean); endpoints configured explicitly never are; zero = never; default 10 min
     */
    public Duration endpointExpiry() {
        return endpointExpiry;
    }

    /** @return the user health check run on an idle connection before reuse; default accepts all */
    public Predicate<? super Transport> healthCheck() {
        return healthCheck;
    }

    /** @return hook called after a connection is created; default none */
    public Consumer<? super Endpoint> onConnectionCreated() {
        return onConnectionCreated;
    }

    /** @return hook called after a connection is closed; default none */
    public Consumer<? super Endpoint> onConnectionClosed() {
        return onConnectionClosed;
    }

    /** @return hook called when an existing connection is leased again; default none */
    public Consumer<? super Endpoint> onConnectionReused() {
        return onConnectionReused;
    }

    /** @return the SSL context for TLS endpoints, or {@code null} for the JVM default */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** @return the host resolver; default {@link HostResolver#SYSTEM} */
    public HostResolver resolver() {
        return resolver;
    }

    /** @return the monotonic clock for connection ages; default {@link Ticker#SYSTEM} */
    public Ticker ticker() {
        return ticker;
    }

    /** @return every setting and its value, one {@code name=value} per setting */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PoolConfig{");
        String sep = "";
        for (Setting s : SETTINGS) {
            sb.append(sep).append(s.name).append('=').append(s.show(this));
            sep = ", ";
        }
        sb.append(sep).append("healthCheck=").append(healthCheck == NONE_CHECK ? "none" : "custom");
        sb.append(", onConnectionCreated=").append(hookText(onConnectionCreated));
        sb.append(", onConnectionClosed=").append(hookText(onConnectionClosed));
        sb.append(", onConnectionReused=").append(hookText(onConnectionReused));
        sb.append(", tls=").append(sslContext == null ? "JVM default trust" : "custom SSLContext(" + sslContext.getProtocol() + ")");
        sb.append(", resolver=").append(resolver == HostResolver.SYSTEM ? "system" : "custom");
        sb.append(", ticker=").append(ticker == Ticker.SYSTEM ? "system" : "custom");
        return sb.append('}').toString();
    }

    private static String hookText(Consumer<?> hook) {
        return hook == NO_HOOK ? "none" : "set";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PoolConfig)) {
            return false;
        }
        PoolConfig c = (PoolConfig) o;
        for (Setting s : SETTINGS) {
            if (!Objects.equals(s.getter.apply(this), s.getter.apply(c))) {
                return false;
            }
        }
        return healthCheck == c.healthCheck && onConnectionCreated == c.onConnectionCreated
                && onConnectionClosed == c.onConnectionClosed && onConnectionReused == c.onConnectionReused
                && sslContext == c.sslContext && resolver == c.resolver && ticker == c.ticker;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Setting s : SETTINGS) {
            h = 31 * h + Objects.hashCode(s.getter.apply(this));
        }
        return h;
    }

    // ---------------------------------------------------------------- settings table

    private static final Predicate<Transport> NONE_CHECK = t -> true;
    private static final Consumer<Endpoint> NO_HOOK = e -> { };

    /** One text-configurable setting: its name, help, how to show, read and set it. */
    static final class Setting {
        final String name;
        final String flag;
        final String description;
        final boolean isDuration;
        final Function<PoolConfig, Object> getter;
        final BiConsumer<Builder, Object> setter;

        Setting(String name, String description, boolean isDuration, Function<PoolConfig, Object> getter,
                BiConsumer<Builder, Object> setter) {
            this.name = name;
            this.flag = "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            this.description = description;
            this.isDuration = isDuration;
            this.getter = getter;
            this.setter = setter;
        }

        String show(PoolConfig c) {
            Object v = getter.apply(c);
            if (v instanceof Duration) {
                Duration d = (Duration) v;
                return d.isZero() && name.equals("leakDetectionThreshold") ? "off" : DurationText.format(d);
            }
            return (Integer) v == UNLIMITED ? "unlimited" : v.toString();
        }

        void set(Builder b, Object raw) {
            Object value;
            if (isDuration) {
                value = raw instanceof Duration ? raw : raw instanceof Number
                        ? Duration.ofMillis(((Number) raw).longValue()) : parseDuration(raw.toString());
            } else {
                value = raw instanceof Number ? toInt(((Number) raw).longValue()) : parseInt(raw.toString());
            }
            setter.accept(b, value);
        }

        private int toInt(long v) {
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " = " + v + " is out of range");
            }
            return (int) v;
        }

        private int parseInt(String text) {
            String t = text.strip();
            if (t.equalsIgnoreCase("unlimited") || t.equalsIgnoreCase("unbounded")) {
                return UNLIMITED;
            }
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " = '" + text
                        + "' is not a whole number" + (name.equals("maxConnectionUses") || name.equals("maxWaitersPerEndpoint")
                        ? " or 'unlimited'" : ""));
            }
        }

        private Duration parseDuration(String text) {
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " = '" + text
                        + "' is not a duration: write e.g. 250ms, 10s, 5m, PT10S, or a number of milliseconds");
            }
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("maxConnectionsPerEndpoint", "Maximum connections open to one endpoint (leased, idle and connecting)",
                    false, c -> c.maxConnectionsPerEndpoint, (b, v) -> b.maxConnectionsPerEndpoint((Integer) v)),
            new Setting("maxTotalConnections", "Maximum connections open across all endpoints; at the cap the oldest idle connection of another endpoint is closed to make room",
                    false, c -> c.maxTotalConnections, (b, v) -> b.maxTotalConnections((Integer) v)),
            new Setting("maxIdleTime", "An idle connection unused for longer is closed",
                    true, c -> c.maxIdleTime, (b, v) -> b.maxIdleTime((Duration) v)),
            new Setting("maxConnectionLifetime", "A connection older than this (less up to 2.5% jitter) is closed",
                    true, c -> c.maxConnectionLifetime, (b, v) -> b.maxConnectionLifetime((Duration) v)),
            new Setting("maxConnectionUses", "A connection leased this many times is closed when returned ('unlimited' for no limit)",
                    false, c -> c.maxConnectionUses, (b, v) -> b.maxConnectionUses((Integer) v)),
            new Setting("connectTimeout", "Bound on one connection attempt: TCP connect, TLS handshake and protocol set-up",
                    true, c -> c.connectTimeout, (b, v) -> b.connectTimeout((Duration) v)),
            new Setting("connectRetryCount", "Retries after a failed connection attempt (attempts = retries + 1)",
                    false, c -> c.connectRetryCount, (b, v) -> b.connectRetryCount((Integer) v)),
            new Setting("connectRetryDelay", "Delay before the first retry; doubled for each further retry, with jitter",
                    true, c -> c.connectRetryDelay, (b, v) -> b.connectRetryDelay((Duration) v)),
            new Setting("acquireTimeout", "How long a caller waits for a free connection before AcquireTimeoutException",
                    true, c -> c.acquireTimeout, (b, v) -> b.acquireTimeout((Duration) v)),
            new Setting("maxWaitersPerEndpoint", "Callers allowed to wait per endpoint; more fail at once ('unlimited' for no limit)",
                    false, c -> c.maxWaitersPerEndpoint, (b, v) -> b.maxWaitersPerEndpoint((Integer) v)),
            new Setting("validateAfterInactivity", "A connection idle longer gets a stale check before reuse (0 = every reuse)",
                    true, c -> c.validateAfterInactivity, (b, v) -> b.validateAfterInactivity((Duration) v)),
            new Setting("minIdlePerEndpoint", "Idle connections the housekeeper keeps open per endpoint in use",
                    false, c -> c.minIdlePerEndpoint, (b, v) -> b.minIdlePerEndpoint((Integer) v)),
            new Setting("leakDetectionThreshold", "A lease held longer is reported once with the acquirer's stack (0 = off)",
                    true, c -> c.leakDetectionThreshold, (b, v) -> b.leakDetectionThreshold((Duration) v)),
            new Setting("housekeepingPeriod", "How often the housekeeping thread runs (evictions, min idle, leak warnings)",
                    true, c -> c.housekeepingPeriod, (b, v) -> b.housekeepingPeriod((Duration) v)),
            new Setting("readTimeout", "Read timeout of a leased raw connection; a read waiting longer fails and the connection is discarded (0 = none)",
                    true, c -> c.readTimeout, (b, v) -> b.readTimeout((Duration) v)),
            new Setting("endpointExpiry", "An endpoint pool with no connection and no caller for this long is removed; configured endpoints never are (0 = never)",
                    true, c -> c.endpointExpiry, (b, v) -> b.endpointExpiry((Duration) v)));

    /**
     * Reads a duration as the text settings do: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h},
     * ISO-8601 ({@code PT10S}), or a bare number of milliseconds. For protocol handlers and other
     * modules whose own settings should read like the pool's.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if the text is not a duration
     */
    public static Duration parseDuration(String text) {
        return DurationText.parse(text);
    }

    /** @return the names of all settings readable from text, in documentation order */
    public static List<String> settingNames() {
        List<String> names = new ArrayList<>();
        for (Setting s : SETTINGS) {
            names.add(s.name);
        }
        return Collections.unmodifiableList(names);
    }

    static Setting setting(String name) {
        for (Setting s : SETTINGS) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- builder

    /** Builds a {@link PoolConfig}; every setter checks its argument's range at {@link #build()}. */
    public static final class Builder {
        private int maxConnectionsPerEndpoint = 10;
        private int maxTotalConnections = 100;
        private Duration maxIdleTime = Duration.ofSeconds(60);
        private Duration maxConnectionLifetime = Duration.ofSeconds(300);
        private int maxConnectionUses = UNLIMITED;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int connectRetryCount = 3;
        private Duration connectRetryDelay = Duration.ofMillis(100);
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int maxWaitersPerEndpoint = UNLIMITED;
        private Duration validateAfterInactivity = Duration.ofMillis(1);
        private int minIdlePerEndpoint = 0;
        private Duration leakDetectionThreshold = Duration.ZERO;
        private Duration housekeepingPeriod = Duration.ofSeconds(1);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration endpointExpiry = Duration.ofMinutes(10);
        private Predicate<? super Transport> healthCheck = NONE_CHECK;
        private Consumer<? super Endpoint> onConnectionCreated = NO_HOOK;
        private Consumer<? super Endpoint> onConnectionClosed = NO_HOOK;
        private Consumer<? super Endpoint> onConnectionReused = NO_HOOK;
        private SSLContext sslContext;
        private HostResolver resolver = HostResolver.SYSTEM;
        private Ticker ticker = Ticker.SYSTEM;

        private Builder() {
        }

        private Builder(PoolConfig c) {
            maxConnectionsPerEndpoint = c.maxConnectionsPerEndpoint;
            maxTotalConnections = c.maxTotalConnections;
            maxIdleTime = c.maxIdleTime;
            maxConnectionLifetime = c.maxConnectionLifetime;
            maxConnectionUses = c.maxConnectionUses;
            connectTimeout = c.connectTimeout;
            connectRetryCount = c.connectRetryCount;
            connectRetryDelay = c.connectRetryDelay;
            acquireTimeout = c.acquireTimeout;
            maxWaitersPerEndpoint = c.maxWaitersPerEndpoint;
            validateAfterInactivity = c.validateAfterInactivity;
            minIdlePerEndpoint = c.minIdlePerEndpoint;
            leakDetectionThreshold = c.leakDetectionThreshold;
            housekeepingPeriod = c.housekeepingPeriod;
            readTimeout = c.readTimeout;
            endpointExpiry = c.endpointExpiry;
            healthCheck = c.healthCheck;
            onConnectionCreated = c.onConnectionCreated;
            onConnectionClosed = c.onConnectionClosed;
            onConnectionReused = c.onConnectionReused;
            sslContext = c.sslContext;
            resolver = c.resolver;
            ticker = c.ticker;
        }

        /**
         * Sets {@code maxConnectionsPerEndpoint}: maximum connections open to one endpoint (leased, idle and connecting).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxConnectionsPerEndpoint(int n) {
            maxConnectionsPerEndpoint = n;
            return this;
        }

        /**
         * Sets {@code maxTotalConnections}: maximum connections open across all endpoints; at the cap the oldest idle connection of another endpoint is closed to make room.
         *
         * @param n at least 1 and at least maxConnectionsPerEndpoint
         * @return this builder
         */
        public Builder maxTotalConnections(int n) {
            maxTotalConnections = n;
            return this;
        }

        /**
         * Sets {@code maxIdleTime}: an idle connection unused for longer is closed.
         *
         * @param d positive
         * @return this builder
         */
        public Builder maxIdleTime(Duration d) {
            maxIdleTime = d;
            return this;
        }

        /**
         * Sets {@code maxConnectionLifetime}: a connection older than this (less up to 2.5% jitter) is closed.
         *
         * @param d positive
         * @return this builder
         */
        public Builder maxConnectionLifetime(Duration d) {
            maxConnectionLifetime = d;
            return this;
        }

        /**
         * Sets {@code maxConnectionUses}: a connection leased this many times is closed when returned ('unlimited' for no limit).
         *
         * @param n at least 1, or {@link PoolConfig#UNLIMITED}
         * @return this builder
         */
        public Builder maxConnectionUses(int n) {
            maxConnectionUses = n;
            return this;
        }

        /**
         * Sets {@code connectTimeout}: bound on one connection attempt: TCP connect, TLS handshake and protocol set-up.
         *
         * @param d positive
         * @return this builder
         */
        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        /**
         * Sets {@code connectRetryCount}: retries after a failed connection attempt (attempts = retries + 1).
         *
         * @param n zero or more
         * @return this builder
         */
        public Builder connectRetryCount(int n) {
            connectRetryCount = n;
            return this;
        }

        /**
         * Sets {@code connectRetryDelay}: delay before the first retry; doubled for each further retry, with jitter.
         *
         * @param d zero or positive
         * @return this builder
         */
        public Builder connectRetryDelay(Duration d) {
            connectRetryDelay = d;
            return this;
        }

        /**
         * Sets {@code acquireTimeout}: how long a caller waits for a free connection before AcquireTimeoutException.
         *
         * @param d zero (fail at once when nothing is free) or positive
         * @return this builder
         */
        public Builder acquireTimeout(Duration d) {
            acquireTimeout = d;
            return this;
        }

        /**
         * Sets {@code maxWaitersPerEndpoint}: callers allowed to wait per endpoint; more fail at once ('unlimited' for no limit).
         *
         * @param n zero (never wait) or more, or {@link PoolConfig#UNLIMITED}
         * @return this builder
         */
        public Builder maxWaitersPerEndpoint(int n) {
            maxWaitersPerEndpoint = n;
            return this;
        }

        /**
         * Sets {@code validateAfterInactivity}: a connection idle longer gets a stale check before reuse (0 = every reuse).
         *
         * @param d zero (check every reuse) or positive
         * @return this builder
         */
        public Builder validateAfterInactivity(Duration d) {
            validateAfterInactivity = d;
            return this;
        }

        /**
         * Sets {@code minIdlePerEndpoint}: idle connections the housekeeper keeps open per endpoint in use.
         *
         * @param n zero to maxConnectionsPerEndpoint
         * @return this builder
         */
        public Builder minIdlePerEndpoint(int n) {
            minIdlePerEndpoint = n;
            return this;
        }

        /**
         * Sets {@code leakDetectionThreshold}: a lease held longer is reported once with the acquirer's stack (0 = off).
         *
         * @param d zero (off) or positive
         * @return this builder
         */
        public Builder leakDetectionThreshold(Duration d) {
            leakDetectionThreshold = d;
            return this;
        }

        /**
         * Sets {@code housekeepingPeriod}: how often the housekeeping thread runs (evictions, min idle, leak warnings).
         *
         * @param d positive
         * @return this builder
         */
        public Builder housekeepingPeriod(Duration d) {
            housekeepingPeriod = d;
            return this;
        }

        /**
         * Sets {@code readTimeout}: read timeout of a leased raw connection; a read waiting longer fails
         * and the connection is discarded (0 = none).
         *
         * @param d zero (no timeout) or positive, at most {@code Integer.MAX_VALUE} ms
         * @return this builder
         */
        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        /**
         * Sets {@code endpointExpiry}: an endpoint pool with no connection and no caller for this long is
         * removed, with its MBean; endpoints configured explicitly never are (0 = never).
         *
         * @param d zero (never) or positive
         * @return this builder
         */
        public Builder endpointExpiry(Duration d) {
            endpointExpiry = d;
            return this;
        }

        /**
         * @param check run on an idle connection before it is reused; {@code false} or an exception
         *              closes it and counts an error
         * @return this builder
         */
        public Builder healthCheck(Predicate<? super Transport> check) {
            healthCheck = check;
            return this;
        }

        /**
         * Sets the hook called after a connection is created (outside the pool's locks; a throwing hook is logged and ignored).
         *
         * @param hook called after a connection is created, outside locks
         * @return this builder
         */
        public Builder onConnectionCreated(Consumer<? super Endpoint> hook) {
            onConnectionCreated = hook;
            return this;
        }

        /**
         * Sets the hook called after a connection is closed (outside the pool's locks; a throwing hook is logged and ignored).
         *
         * @param hook called after a connection is closed, outside locks
         * @return this builder
         */
        public Builder onConnectionClosed(Consumer<? super Endpoint> hook) {
            onConnectionClosed = hook;
            return this;
        }

        /**
         * Sets the hook called when an existing connection is leased again (outside the pool's locks; a throwing hook is logged and ignored).
         *
         * @param hook called when a connection is reused, outside locks
         * @return this builder
         */
        public Builder onConnectionReused(Consumer<? super Endpoint> hook) {
            onConnectionReused = hook;
            return this;
        }

        /**
         * Sets the TLS context for TLS endpoints (trust store, client keys); hostname verification and SNI stay on.
         *
         * @param context TLS context (trust, keys), or {@code null} for the JVM default
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            sslContext = context;
            return this;
        }

        /**
         * Sets the host resolver, asked for every new connection; every address it returns is tried in order.
         *
         * @param r resolver asked for every new connection
         * @return this builder
         */
        public Builder resolver(HostResolver r) {
            resolver = r;
            return this;
        }

        /**
         * Sets the monotonic clock used for connection ages (idle time, lifetime, inactivity, lease age); tests inject a manual one.
         *
         * @param t monotonic clock for connection ages (tests)
         * @return this builder
         */
        public Builder ticker(Ticker t) {
            ticker = t;
            return this;
        }

        /**
         * Sets one text-configurable setting by name.
         *
         * @param name  a name from {@link PoolConfig#settingNames()}
         * @param value a String in text form, a Number (durations in milliseconds), or a Duration
         * @return this builder
         * @throws InvalidConfigException if the name is unknown or the value does not parse
         */
        public Builder set(String name, Object value) {
            Setting s = setting(name);
            if (s == null) {
                throw new InvalidConfigException(name, "Invalid config: unknown setting '" + name + "'; known settings: "
                        + settingNames());
            }
            if (value == null) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " has no value");
            }
            s.set(this, value);
            return this;
        }

        /**
         * Applies every entry whose key is {@code prefix + settingName}. Keys under the prefix that
         * contain a further dot (e.g. {@code prefix + "endpoint.x.host"}) belong to others and are
         * ignored; any other key under the prefix must name a setting.
         *
         * @param map    the values (String, Number or Duration)
         * @param prefix the key prefix, e.g. {@code "conpool."}; may be empty
         * @return this builder
         * @throws InvalidConfigException for an unknown key under the prefix or a bad value
         */
        public Builder apply(Map<String, ?> map, String prefix) {
            String p = prefix == null ? "" : prefix;
            for (Map.Entry<String, ?> e : map.entrySet()) {
                String key = e.getKey();
                if (!key.startsWith(p)) {
                    continue;
                }
                String name = key.substring(p.length());
                if (name.isEmpty() || name.indexOf('.') >= 0) {
                    continue;
                }
                if (setting(name) == null) {
                    if (p.isEmpty()) {
                        continue; // without a prefix, unrelated keys are expected
                    }
                    throw new InvalidConfigException(name, "Invalid config: unknown setting '" + key
                            + "'; known settings: " + settingNames());
                }
                set(name, e.getValue());
            }
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws InvalidConfigException naming the first invalid setting and its value
         */
        public PoolConfig build() {
            atLeast("maxConnectionsPerEndpoint", maxConnectionsPerEndpoint, 1);
            atLeast("maxTotalConnections", maxTotalConnections, 1);
            positive("maxIdleTime", maxIdleTime);
            positive("maxConnectionLifetime", maxConnectionLifetime);
            atLeast("maxConnectionUses", maxConnectionUses, 1);
            positive("connectTimeout", connectTimeout);
            atLeast("connectRetryCount", connectRetryCount, 0);
            notNegative("connectRetryDelay", connectRetryDelay);
            notNegative("acquireTimeout", acquireTimeout);
            atLeast("maxWaitersPerEndpoint", maxWaitersPerEndpoint, 0);
            notNegative("validateAfterInactivity", validateAfterInactivity);
            atLeast("minIdlePerEndpoint", minIdlePerEndpoint, 0);
            notNegative("leakDetectionThreshold", leakDetectionThreshold);
            positive("housekeepingPeriod", housekeepingPeriod);
            notNegative("readTimeout", readTimeout);
            if (readTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0
                    || !readTimeout.isZero() && readTimeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidConfigException("readTimeout", "Invalid config: readTimeout = "
                        + DurationText.format(readTimeout) + " must be 0 (none) or from 1ms to "
                        + Integer.MAX_VALUE + "ms (what a socket timeout can hold)");
            }
            notNegative("endpointExpiry", endpointExpiry);
            if (maxConnectionsPerEndpoint > maxTotalConnections) {
                throw new InvalidConfigException("maxConnectionsPerEndpoint", "Invalid config: maxConnectionsPerEndpoint = "
                        + maxConnectionsPerEndpoint + " is more than maxTotalConnections = " + maxTotalConnections
                        + ": raise maxTotalConnections or lower maxConnectionsPerEndpoint");
            }
            if (minIdlePerEndpoint > maxConnectionsPerEndpoint) {
                throw new InvalidConfigException("minIdlePerEndpoint", "Invalid config: minIdlePerEndpoint = "
                        + minIdlePerEndpoint + " is more than maxConnectionsPerEndpoint = " + maxConnectionsPerEndpoint);
            }
            notNull("healthCheck", healthCheck);
            notNull("onConnectionCreated", onConnectionCreated);
            notNull("onConnectionClosed", onConnectionClosed);
            notNull("onConnectionReused", onConnectionReused);
            notNull("resolver", resolver);
            notNull("ticker", ticker);
            return new PoolConfig(this);
        }

        private static void atLeast(String name, int value, int min) {
            if (value < min) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " = " + value + " must be at least " + min);
            }
        }

        private static void positive(String name, Duration d) {
            notNull(name, d);
            if (d.isNegative() || d.isZero()) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " = " + DurationText.format(d)
                        + " must be positive");
            }
        }

        private static void notNegative(String name, Duration d) {
            notNull(name, d);
            if (d.isNegative()) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " = " + DurationText.format(d)
                        + " must not be negative");
            }
        }

        private static void notNull(String name, Object o) {
            if (o == null) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " must not be null");
            }
        }
    }
}
