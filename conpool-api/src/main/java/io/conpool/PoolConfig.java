package io.conpool;

import io.conpool.internal.DurationText;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Immutable pool settings, made with {@link #builder()} and validated by {@link Builder#build()}.
 *
 * <p>Every setting that has a text form can also be read from {@link Properties} or a
 * {@link Map} ({@link #fromProperties}, {@link Builder#apply(Map, String)}) and from command-line
 * flags ({@link PoolConfigArgs}); the names are the same everywhere (Java SE, CDI, JCA
 * config-properties). Durations in text are {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * ISO-8601 ({@code PT10S}), or a bare number of milliseconds. Each setting is described by a
 * {@link Setting} in {@link #SETTINGS}; building, validation, text parsing and printing walk that list.
 *
 * <p>Used as a per-endpoint override ({@link ConnectionPool#configure}), everything applies to
 * that endpoint except the pool-wide {@code maxTotalConnections}, {@code housekeepingPeriod},
 * {@code endpointExpiry} and {@code ticker}, which are always the pool's own.
 */
public final class PoolConfig {

    /** Value of {@code maxConnectionUses} and {@code maxWaitersPerEndpoint} meaning "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /**
     * The upper bound of most duration settings: 365 days. A year is longer than any pool timer
     * needs, and its 3.2e16 ns leave a factor of about 290 before a {@code long} of nanoseconds
     * overflows, so deadlines ({@code now + d}), lifetimes with jitter and backoff never overflow at
     * run time.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    /**
     * The upper bound of {@code connectTimeout} and {@code readTimeout}: 24 days, because socket
     * timeouts are an {@code int} of milliseconds (at most about 24.8 days).
     */
    public static final Duration MAX_SOCKET_TIMEOUT = Duration.ofDays(24);

    private static final Duration POSITIVE = Duration.ofNanos(1);
    private static final Settings.Declaration DECLARE = Settings.declare("PoolConfig");

    /** {@code maxConnectionsPerEndpoint}: see {@link #maxConnectionsPerEndpoint()}. */
    public static final Setting<Integer> MAX_CONNECTIONS_PER_ENDPOINT = DECLARE.add(Setting
            .ofInt("maxConnectionsPerEndpoint", 10, 1, Integer.MAX_VALUE).withUnit("connections").withLiveWrites()
            .withDoc("Maximum connections open to one endpoint (leased, idle and connecting)"));
    /** {@code maxTotalConnections}: see {@link #maxTotalConnections()}. */
    public static final Setting<Integer> MAX_TOTAL_CONNECTIONS = DECLARE.add(Setting
            .ofInt("maxTotalConnections", 100, 1, Integer.MAX_VALUE).withUnit("connections").withScope(Setting.Scope.POOL)
            .withDoc("Maximum connections open across all endpoints; at the cap the oldest idle connection of another endpoint is closed to make room"));
    /** {@code maxIdleTime}: see {@link #maxIdleTime()}. */
    public static final Setting<Duration> MAX_IDLE_TIME = DECLARE.add(Setting
            .ofDuration("maxIdleTime", Duration.ofSeconds(60), POSITIVE, MAX_DURATION).withLiveWrites()
            .withDoc("An idle connection unused for longer is closed"));
    /** {@code maxConnectionLifetime}: see {@link #maxConnectionLifetime()}. */
    public static final Setting<Duration> MAX_CONNECTION_LIFETIME = DECLARE.add(Setting
            .ofDuration("maxConnectionLifetime", Duration.ofSeconds(300), POSITIVE, MAX_DURATION).withLiveWrites()
            .withDoc("A connection older than this (less up to 2.5% jitter) is closed"));
    /** {@code maxConnectionUses}: see {@link #maxConnectionUses()}. */
    public static final Setting<Integer> MAX_CONNECTION_USES = DECLARE.add(Setting
            .ofInt("maxConnectionUses", UNLIMITED, 1, UNLIMITED).withWord("unlimited", UNLIMITED)
            .withWord("unbounded", UNLIMITED).withUnit("leases").withLiveWrites()
            .withDoc("A connection leased this many times is closed when returned ('unlimited' for no limit)"));
    /** {@code connectTimeout}: see {@link #connectTimeout()}. */
    public static final Setting<Duration> CONNECT_TIMEOUT = DECLARE.add(Setting
            .ofDuration("connectTimeout", Duration.ofSeconds(10), POSITIVE, MAX_SOCKET_TIMEOUT).withLiveWrites()
            .withDoc("Bound on one connection attempt: TCP connect, TLS handshake and protocol set-up"));
    /** {@code connectRetryCount}: see {@link #connectRetryCount()}. */
    public static final Setting<Integer> CONNECT_RETRY_COUNT = DECLARE.add(Setting
            .ofInt("connectRetryCount", 3, 0, 1000).withUnit("retries").withLiveWrites()
            .withDoc("Retries after a failed connection attempt (attempts = retries + 1)"));
    /** {@code connectRetryDelay}: see {@link #connectRetryDelay()}. */
    public static final Setting<Duration> CONNECT_RETRY_DELAY = DECLARE.add(Setting
            .ofDuration("connectRetryDelay", Duration.ofMillis(100), Duration.ZERO, MAX_DURATION).withLiveWrites()
            .withDoc("Delay before the first retry; doubled for each further retry, with jitter, at most 10s"));
    /** {@code acquireTimeout}: see {@link #acquireTimeout()}. */
    public static final Setting<Duration> ACQUIRE_TIMEOUT = DECLARE.add(Setting
            .ofDuration("acquireTimeout", Duration.ofSeconds(30), Duration.ZERO, MAX_DURATION).withLiveWrites()
            .withDoc("How long a caller waits for a free connection before AcquireTimeoutException"));
    /** {@code maxWaitersPerEndpoint}: see {@link #maxWaitersPerEndpoint()}. */
    public static final Setting<Integer> MAX_WAITERS_PER_ENDPOINT = DECLARE.add(Setting
            .ofInt("maxWaitersPerEndpoint", UNLIMITED, 0, UNLIMITED).withWord("unlimited", UNLIMITED)
            .withWord("unbounded", UNLIMITED).withUnit("callers").withLiveWrites()
            .withDoc("Callers allowed to wait per endpoint; more fail at once ('unlimited' for no limit)"));
    /** {@code validateAfterInactivity}: see {@link #validateAfterInactivity()}. */
    public static final Setting<Duration> VALIDATE_AFTER_INACTIVITY = DECLARE.add(Setting
            .ofDuration("validateAfterInactivity", Duration.ofMillis(1), Duration.ZERO, MAX_DURATION).withLiveWrites()
            .withDoc("A connection idle longer gets a stale check before reuse (0 = every reuse)"));
    /** {@code minIdlePerEndpoint}: see {@link #minIdlePerEndpoint()}. */
    public static final Setting<Integer> MIN_IDLE_PER_ENDPOINT = DECLARE.add(Setting
            .ofInt("minIdlePerEndpoint", 0, 0, Integer.MAX_VALUE).withUnit("connections").withLiveWrites()
            .withDoc("Idle connections the housekeeper keeps open per endpoint in use"));
    /** {@code leakDetectionThreshold}: see {@link #leakDetectionThreshold()}. */
    public static final Setting<Duration> LEAK_DETECTION_THRESHOLD = DECLARE.add(Setting
            .ofDuration("leakDetectionThreshold", Duration.ZERO, Duration.ZERO, MAX_DURATION)
            .withWord("off", Duration.ZERO).withLiveWrites()
            .withDoc("A lease held longer is reported once with the acquirer's stack (0 = off)"));
    /** {@code housekeepingPeriod}: see {@link #housekeepingPeriod()}. */
    public static final Setting<Duration> HOUSEKEEPING_PERIOD = DECLARE.add(Setting
            .ofDuration("housekeepingPeriod", Duration.ofSeconds(1), POSITIVE, MAX_DURATION).withScope(Setting.Scope.POOL)
            .withDoc("The longest the housekeeping thread sleeps; it also wakes when a connection is due to expire (evictions, min idle, leak warnings)"));
    /** {@code readTimeout}: see {@link #readTimeout()}. */
    public static final Setting<Duration> READ_TIMEOUT = DECLARE.add(Setting
            .ofDuration("readTimeout", Duration.ofSeconds(30), Duration.ZERO, MAX_SOCKET_TIMEOUT)
            .withWord("off", Duration.ZERO).withLiveWrites()
            .withDoc("Read timeout (SO_TIMEOUT) of every leased raw connection: a read waiting longer fails and the connection is discarded (0 = none)"));
    /** {@code endpointExpiry}: see {@link #endpointExpiry()}. */
    public static final Setting<Duration> ENDPOINT_EXPIRY = DECLARE.add(Setting
            .ofDuration("endpointExpiry", Duration.ofMinutes(10), Duration.ZERO, MAX_DURATION)
            .withWord("off", Duration.ZERO).withScope(Setting.Scope.POOL)
            .withDoc("An endpoint pool with no connection and no caller for this long is removed, with its MBean; configured endpoints never are (0 = never)"));

    /** {@code tlsTrustStore}: see {@link #tlsTrustStore()}. */
    public static final Setting<String> TLS_TRUST_STORE = DECLARE.add(Setting.ofText("tlsTrustStore", "").withWord("none", "")
            .withUnit("file")
            .withDoc("File of the CA certificates that TLS endpoints' certificates must chain to (empty = the JVM's default trust)"));
    /** {@code tlsTrustStoreType}: see {@link #tlsTrustStoreType()}. */
    public static final Setting<String> TLS_TRUST_STORE_TYPE = DECLARE.add(Setting.ofText("tlsTrustStoreType", "auto")
            .withDoc("Format of tlsTrustStore: PKCS12, JKS, PEM, or auto (PEM if the file is text, else PKCS12 or JKS)"));
    /** {@code tlsTrustStorePassword}: see {@link #tlsTrustStorePassword()}. */
    public static final Setting<String> TLS_TRUST_STORE_PASSWORD = DECLARE.add(Setting.ofText("tlsTrustStorePassword", "")
            .withSecret()
            .withDoc("Password of tlsTrustStore, checks its integrity (empty = none; PEM has none)"));
    /** {@code tlsKeyStore}: see {@link #tlsKeyStore()}. */
    public static final Setting<String> TLS_KEY_STORE = DECLARE.add(Setting.ofText("tlsKeyStore", "").withWord("none", "")
            .withUnit("file")
            .withDoc("File of the client certificate and its private key, for servers that require one (empty = no client certificate)"));
    /** {@code tlsKeyStoreType}: see {@link #tlsKeyStoreType()}. */
    public static final Setting<String> TLS_KEY_STORE_TYPE = DECLARE.add(Setting.ofText("tlsKeyStoreType", "auto")
            .withDoc("Format of tlsKeyStore: PKCS12, JKS, PEM (unencrypted PKCS#8 key and its chain), or auto"));
    /** {@code tlsKeyStorePassword}: see {@link #tlsKeyStorePassword()}. */
    public static final Setting<String> TLS_KEY_STORE_PASSWORD = DECLARE.add(Setting.ofText("tlsKeyStorePassword", "")
            .withSecret()
            .withDoc("Password of tlsKeyStore and of the key in it"));
    /** {@code tlsKeyAlias}: see {@link #tlsKeyAlias()}. */
    public static final Setting<String> TLS_KEY_ALIAS = DECLARE.add(Setting.ofText("tlsKeyAlias", "").withWord("none", "")
            .withDoc("Alias of the client key in tlsKeyStore (empty = the store's only key)"));
    /** {@code tlsProtocols}: see {@link #tlsProtocols()}. */
    public static final Setting<String> TLS_PROTOCOLS = DECLARE.add(Setting.ofText("tlsProtocols", "TLSv1.3,TLSv1.2")
            .withDoc("TLS versions offered, comma-separated; only TLSv1.3 and TLSv1.2 are allowed"));
    /** {@code tlsCipherSuites}: see {@link #tlsCipherSuites()}. */
    public static final Setting<String> TLS_CIPHER_SUITES = DECLARE.add(Setting.ofText("tlsCipherSuites", "").withWord("default", "")
            .withDoc("Cipher suites offered, comma-separated JSSE names (empty = the JVM's defaults); weak suites are refused"));

    /** Every setting that has a text form, in documentation order. */
    public static final Settings SETTINGS = DECLARE.done();

    private final Object[] values;
    private final Predicate<? super Transport> healthCheck;
    private final Consumer<? super Endpoint> onConnectionCreated;
    private final Consumer<? super Endpoint> onConnectionClosed;
    private final Consumer<? super Endpoint> onConnectionReused;
    private final SSLContext sslContext;
    private final HostResolver resolver;
    private final Ticker ticker;

    private PoolConfig(Builder b) {
        values = b.values.clone();
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

    /**
     * The value of any setting of {@link #SETTINGS}.
     *
     * @param setting one of {@link #SETTINGS}
     * @param <T>     its type
     * @return its value
     * @throws IllegalArgumentException if the setting is not one of {@link #SETTINGS}
     */
    public <T> T get(Setting<T> setting) {
        return setting.type().cast(values[own(setting)]);
    }

    private static int own(Setting<?> setting) {
        if (!SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(setting + " is not a PoolConfig setting");
        }
        return setting.index();
    }

    /** @return maximum connections open (leased + idle + connecting) to one endpoint; default 10 */
    public int maxConnectionsPerEndpoint() {
        return (Integer) values[MAX_CONNECTIONS_PER_ENDPOINT.index()];
    }

    /** @return maximum connections open across all endpoints of the pool; default 100 */
    public int maxTotalConnections() {
        return (Integer) values[MAX_TOTAL_CONNECTIONS.index()];
    }

    /** @return an idle connection unused for longer is closed; default 60 s */
    public Duration maxIdleTime() {
        return (Duration) values[MAX_IDLE_TIME.index()];
    }

    /** @return a connection older than this (less up to 2.5 % random jitter) is closed; default 300 s */
    public Duration maxConnectionLifetime() {
        return (Duration) values[MAX_CONNECTION_LIFETIME.index()];
    }

    /** @return a connection leased this many times is closed when returned; default {@link #UNLIMITED} */
    public int maxConnectionUses() {
        return (Integer) values[MAX_CONNECTION_USES.index()];
    }

    /** @return per-attempt bound on TCP connect plus TLS handshake plus protocol set-up; default 10 s */
    public Duration connectTimeout() {
        return (Duration) values[CONNECT_TIMEOUT.index()];
    }

    /** @return retries after a failed connection attempt (attempts = retries + 1), 0..1000; default 3 */
    public int connectRetryCount() {
        return (Integer) values[CONNECT_RETRY_COUNT.index()];
    }

    /** @return delay before the first retry, doubled for each further retry, with jitter; default 100 ms */
    public Duration connectRetryDelay() {
        return (Duration) values[CONNECT_RETRY_DELAY.index()];
    }

    /** @return how long a caller waits for a free connection; default 30 s */
    public Duration acquireTimeout() {
        return (Duration) values[ACQUIRE_TIMEOUT.index()];
    }

    /** @return callers allowed to wait per endpoint, beyond which acquire fails at once; default {@link #UNLIMITED} */
    public int maxWaitersPerEndpoint() {
        return (Integer) values[MAX_WAITERS_PER_ENDPOINT.index()];
    }

    /**
     * @return idle longer than this → stale check before reuse (about a microsecond: a non-blocking
     * read); zero checks every reuse; default 1 ms, so a connection reused under load pays nothing
     * and any connection idle long enough for a server to have closed it is checked
     */
    public Duration validateAfterInactivity() {
        return (Duration) values[VALIDATE_AFTER_INACTIVITY.index()];
    }

    /** @return idle connections kept open per endpoint by the housekeeper; default 0 */
    public int minIdlePerEndpoint() {
        return (Integer) values[MIN_IDLE_PER_ENDPOINT.index()];
    }

    /** @return a lease held longer is reported once with the acquirer's stack; zero = off (default) */
    public Duration leakDetectionThreshold() {
        return (Duration) values[LEAK_DETECTION_THRESHOLD.index()];
    }

    /** @return how often the housekeeper runs (evictions, min idle, leak warnings); default 1 s */
    public Duration housekeepingPeriod() {
        return (Duration) values[HOUSEKEEPING_PERIOD.index()];
    }

    /**
     * @return the read timeout (SO_TIMEOUT) of every leased {@code raw} connection: a read waiting
     * longer fails with {@link java.net.SocketTimeoutException} and the connection is discarded;
     * zero = wait forever; otherwise 1 ms to 24 days; default 30 s
     */
    public Duration readTimeout() {
        return (Duration) values[READ_TIMEOUT.index()];
    }

    /**
     * @return an endpoint pool with no connection and no caller for this long is removed (with its
     * MBean); endpoints configured explicitly never are; zero = never; pool-wide; default 10 min
     */
    public Duration endpointExpiry() {
        return (Duration) values[ENDPOINT_EXPIRY.index()];
    }

    /** @return the trust store file for TLS endpoints; empty (default) = the JVM's default trust */
    public String tlsTrustStore() {
        return (String) values[TLS_TRUST_STORE.index()];
    }

    /** @return the trust store's format: {@code auto} (default), {@code PKCS12}, {@code JKS} or {@code PEM} */
    public String tlsTrustStoreType() {
        return (String) values[TLS_TRUST_STORE_TYPE.index()];
    }

    /** @return the trust store's password (a secret: never print it); empty (default) = none */
    public String tlsTrustStorePassword() {
        return (String) values[TLS_TRUST_STORE_PASSWORD.index()];
    }

    /** @return the key store file holding the client certificate; empty (default) = none */
    public String tlsKeyStore() {
        return (String) values[TLS_KEY_STORE.index()];
    }

    /** @return the key store's format: {@code auto} (default), {@code PKCS12}, {@code JKS} or {@code PEM} */
    public String tlsKeyStoreType() {
        return (String) values[TLS_KEY_STORE_TYPE.index()];
    }

    /** @return the key store's and key's password (a secret: never print it); empty (default) = none */
    public String tlsKeyStorePassword() {
        return (String) values[TLS_KEY_STORE_PASSWORD.index()];
    }

    /** @return the alias of the client key; empty (default) = the store's only key */
    public String tlsKeyAlias() {
        return (String) values[TLS_KEY_ALIAS.index()];
    }

    /** @return the TLS versions offered, in order of preference; default TLSv1.3 then TLSv1.2 */
    public List<String> tlsProtocols() {
        return TlsChecks.list((String) values[TLS_PROTOCOLS.index()]);
    }

    /** @return the cipher suites offered; empty (default) = the JVM's defaults */
    public List<String> tlsCipherSuites() {
        return TlsChecks.list((String) values[TLS_CIPHER_SUITES.index()]);
    }

    /**
     * @return whether trust or key material comes from files ({@code tlsTrustStore} or
     * {@code tlsKeyStore} is set); the pool then loads them when it is built or configured
     */
    public boolean hasTlsFiles() {
        return !tlsTrustStore().isBlank() || !tlsKeyStore().isBlank();
    }

    /**
     * Reads the TLS files this configuration names ({@code tlsTrustStore}, {@code tlsKeyStore}) to
     * check them, keeping nothing: for checking a configuration before anything is built from it.
     * A pool reads them again when it is built or configured.
     *
     * @throws InvalidConfigException naming the setting and the file: missing, unreadable, wrong
     *                                password or format, alias not in the store, no or several keys
     */
    public void checkTlsFiles() {
        io.conpool.internal.TlsContexts.check(this);
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

    /** @return every setting and its value, one {@code name=value} per setting (secrets masked) */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PoolConfig{").append(SETTINGS.describe(values));
        sb.append(", healthCheck=").append(healthCheck == NONE_CHECK ? "none" : "custom");
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
        return Arrays.equals(values, c.values) && healthCheck == c.healthCheck
                && onConnectionCreated == c.onConnectionCreated && onConnectionClosed == c.onConnectionClosed
                && onConnectionReused == c.onConnectionReused && sslContext == c.sslContext && resolver == c.resolver
                && ticker == c.ticker;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    private static final Predicate<Transport> NONE_CHECK = t -> true;
    private static final Consumer<Endpoint> NO_HOOK = e -> { };

    /**
     * Reads a duration as the text settings do: {@code 250ms}, {@code 1.5s}, {@code 10s}, {@code 5m},
     * {@code 1h}, {@code 2d}, ISO-8601 ({@code PT10S}), or a bare number of milliseconds; overflow-checked.
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if the text is not a duration or is too large for a long of nanoseconds
     */
    public static Duration parseDuration(String text) {
        return DurationText.parse(text);
    }

    /** @return the names of all settings readable from text, in documentation order */
    public static List<String> settingNames() {
        return SETTINGS.names();
    }

    // ---------------------------------------------------------------- builder

    /** Builds a {@link PoolConfig}; every setter checks its argument's range at {@link #build()}. */
    public static final class Builder {
        private final Object[] values;
        private Predicate<? super Transport> healthCheck = NONE_CHECK;
        private Consumer<? super Endpoint> onConnectionCreated = NO_HOOK;
        private Consumer<? super Endpoint> onConnectionClosed = NO_HOOK;
        private Consumer<? super Endpoint> onConnectionReused = NO_HOOK;
        private SSLContext sslContext;
        private HostResolver resolver = HostResolver.SYSTEM;
        private Ticker ticker = Ticker.SYSTEM;

        private Builder() {
            values = SETTINGS.defaults();
        }

        private Builder(PoolConfig c) {
            values = c.values.clone();
            healthCheck = c.healthCheck;
            onConnectionCreated = c.onConnectionCreated;
            onConnectionClosed = c.onConnectionClosed;
            onConnectionReused = c.onConnectionReused;
            sslContext = c.sslContext;
            resolver = c.resolver;
            ticker = c.ticker;
        }

        /**
         * Sets any setting of {@link PoolConfig#SETTINGS}; the range is checked at {@link #build()}.
         *
         * @param setting one of {@link PoolConfig#SETTINGS}
         * @param value   its value
         * @param <T>     its type
         * @return this builder
         * @throws IllegalArgumentException if the setting is not one of {@link PoolConfig#SETTINGS}
         */
        public <T> Builder set(Setting<T> setting, T value) {
            values[own(setting)] = value;
            return this;
        }

        /**
         * Sets {@code maxConnectionsPerEndpoint}: maximum connections open to one endpoint (leased, idle and connecting).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxConnectionsPerEndpoint(int n) {
            return set(MAX_CONNECTIONS_PER_ENDPOINT, n);
        }

        /**
         * Sets {@code maxTotalConnections}: maximum connections open across all endpoints; at the cap the oldest idle connection of another endpoint is closed to make room.
         *
         * @param n at least 1 and at least maxConnectionsPerEndpoint
         * @return this builder
         */
        public Builder maxTotalConnections(int n) {
            return set(MAX_TOTAL_CONNECTIONS, n);
        }

        /**
         * Sets {@code maxIdleTime}: an idle connection unused for longer is closed.
         *
         * @param d positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder maxIdleTime(Duration d) {
            return set(MAX_IDLE_TIME, d);
        }

        /**
         * Sets {@code maxConnectionLifetime}: a connection older than this (less up to 2.5% jitter) is closed.
         *
         * @param d positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder maxConnectionLifetime(Duration d) {
            return set(MAX_CONNECTION_LIFETIME, d);
        }

        /**
         * Sets {@code maxConnectionUses}: a connection leased this many times is closed when returned ('unlimited' for no limit).
         *
         * @param n at least 1, or {@link PoolConfig#UNLIMITED}
         * @return this builder
         */
        public Builder maxConnectionUses(int n) {
            return set(MAX_CONNECTION_USES, n);
        }

        /**
         * Sets {@code connectTimeout}: bound on one connection attempt: TCP connect, TLS handshake and protocol set-up.
         *
         * @param d positive, at most {@link PoolConfig#MAX_SOCKET_TIMEOUT}
         * @return this builder
         */
        public Builder connectTimeout(Duration d) {
            return set(CONNECT_TIMEOUT, d);
        }

        /**
         * Sets {@code connectRetryCount}: retries after a failed connection attempt (attempts = retries + 1).
         *
         * @param n 0 to 1000
         * @return this builder
         */
        public Builder connectRetryCount(int n) {
            return set(CONNECT_RETRY_COUNT, n);
        }

        /**
         * Sets {@code connectRetryDelay}: delay before the first retry; doubled for each further retry, with jitter.
         *
         * @param d zero or positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder connectRetryDelay(Duration d) {
            return set(CONNECT_RETRY_DELAY, d);
        }

        /**
         * Sets {@code acquireTimeout}: how long a caller waits for a free connection before AcquireTimeoutException.
         *
         * @param d zero (fail at once when nothing is free) or positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder acquireTimeout(Duration d) {
            return set(ACQUIRE_TIMEOUT, d);
        }

        /**
         * Sets {@code maxWaitersPerEndpoint}: callers allowed to wait per endpoint; more fail at once ('unlimited' for no limit).
         *
         * @param n zero (never wait) or more, or {@link PoolConfig#UNLIMITED}
         * @return this builder
         */
        public Builder maxWaitersPerEndpoint(int n) {
            return set(MAX_WAITERS_PER_ENDPOINT, n);
        }

        /**
         * Sets {@code validateAfterInactivity}: a connection idle longer gets a stale check before reuse (0 = every reuse).
         *
         * @param d zero (check every reuse) or positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder validateAfterInactivity(Duration d) {
            return set(VALIDATE_AFTER_INACTIVITY, d);
        }

        /**
         * Sets {@code minIdlePerEndpoint}: idle connections the housekeeper keeps open per endpoint in use.
         *
         * @param n zero to maxConnectionsPerEndpoint
         * @return this builder
         */
        public Builder minIdlePerEndpoint(int n) {
            return set(MIN_IDLE_PER_ENDPOINT, n);
        }

        /**
         * Sets {@code leakDetectionThreshold}: a lease held longer is reported once with the acquirer's stack (0 = off).
         *
         * @param d zero (off) or positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder leakDetectionThreshold(Duration d) {
            return set(LEAK_DETECTION_THRESHOLD, d);
        }

        /**
         * Sets {@code housekeepingPeriod}: the longest the housekeeping thread sleeps; it also wakes when a connection is due to expire (evictions, min idle, leak warnings).
         *
         * @param d positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder housekeepingPeriod(Duration d) {
            return set(HOUSEKEEPING_PERIOD, d);
        }

        /**
         * Sets {@code readTimeout}: read timeout (SO_TIMEOUT) of every leased raw connection; a read
         * waiting longer fails and the connection is discarded (0 = none).
         *
         * @param d zero (no timeout), or 1 ms to {@link PoolConfig#MAX_SOCKET_TIMEOUT}
         * @return this builder
         */
        public Builder readTimeout(Duration d) {
            return set(READ_TIMEOUT, d);
        }

        /**
         * Sets {@code endpointExpiry}: an endpoint pool with no connection and no caller for this long
         * is removed, with its MBean; endpoints configured explicitly never are (0 = never). Pool-wide.
         *
         * @param d zero (never) or positive, at most {@link PoolConfig#MAX_DURATION}
         * @return this builder
         */
        public Builder endpointExpiry(Duration d) {
            return set(ENDPOINT_EXPIRY, d);
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
         * Sets the trust material of TLS endpoints: the CA certificates their certificates must chain to
         * (settings {@code tlsTrustStore}, {@code tlsTrustStoreType}, {@code tlsTrustStorePassword}).
         * The file is read when the pool is built or configured, and again by {@link ConnectionPool#reloadTls()}.
         *
         * @param file     a PKCS12, JKS or PEM file
         * @param type     {@code PKCS12}, {@code JKS}, {@code PEM} or {@code auto}
         * @param password the store's password; empty for none (PEM)
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder tlsTrustStore(java.nio.file.Path file, String type, String password) {
            set(TLS_TRUST_STORE, file.toString());
            set(TLS_TRUST_STORE_TYPE, java.util.Objects.requireNonNull(type, "type"));
            return set(TLS_TRUST_STORE_PASSWORD, java.util.Objects.requireNonNull(password, "password"));
        }

        /**
         * Sets the client certificate for servers that require one (settings {@code tlsKeyStore},
         * {@code tlsKeyStoreType}, {@code tlsKeyStorePassword}, {@code tlsKeyAlias}).
         *
         * @param file     a PKCS12, JKS or PEM (unencrypted PKCS#8 key followed by its chain) file
         * @param type     {@code PKCS12}, {@code JKS}, {@code PEM} or {@code auto}
         * @param password the store's and key's password; empty for none (PEM)
         * @param alias    the key's alias; empty for the store's only key
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder tlsKeyStore(java.nio.file.Path file, String type, String password, String alias) {
            set(TLS_KEY_STORE, file.toString());
            set(TLS_KEY_STORE_TYPE, java.util.Objects.requireNonNull(type, "type"));
            set(TLS_KEY_STORE_PASSWORD, java.util.Objects.requireNonNull(password, "password"));
            return set(TLS_KEY_ALIAS, java.util.Objects.requireNonNull(alias, "alias"));
        }

        /**
         * Sets {@code tlsProtocols}: the TLS versions offered.
         *
         * @param protocols {@code TLSv1.3} and/or {@code TLSv1.2}, in order of preference
         * @return this builder
         */
        public Builder tlsProtocols(String... protocols) {
            return set(TLS_PROTOCOLS, String.join(",", protocols));
        }

        /**
         * Sets {@code tlsCipherSuites}: the cipher suites offered (JSSE names); none = the JVM's defaults.
         *
         * @param suites JSSE cipher suite names
         * @return this builder
         */
        public Builder tlsCipherSuites(String... suites) {
            return set(TLS_CIPHER_SUITES, String.join(",", suites));
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
         * @throws InvalidConfigException if the name is unknown (the nearest known name is suggested),
         *                                or the value does not parse or is out of range
         */
        public Builder set(String name, Object value) {
            Setting<?> s = SETTINGS.get(name);
            values[s.index()] = s.parse(value);
            return this;
        }

        /**
         * Applies every entry whose key is {@code prefix + settingName}. Keys under the prefix that
         * contain a further dot (e.g. {@code prefix + "endpoint.x.host"}) belong to others and are
         * ignored; any other key under the prefix must name a setting (with an empty prefix: every key
         * without a dot).
         *
         * @param map    the values (String, Number or Duration)
         * @param prefix the key prefix, e.g. {@code "conpool."}; may be empty
         * @return this builder
         * @throws InvalidConfigException for an unknown key under the prefix or a bad value
         */
        public Builder apply(Map<String, ?> map, String prefix) {
            SETTINGS.select(map, prefix).forEach(this::set);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws InvalidConfigException naming the first invalid setting and its value
         */
        public PoolConfig build() {
            for (Setting<?> s : SETTINGS.list()) {
                check(s);
            }
            int perEndpoint = (Integer) values[MAX_CONNECTIONS_PER_ENDPOINT.index()];
            int total = (Integer) values[MAX_TOTAL_CONNECTIONS.index()];
            int minIdle = (Integer) values[MIN_IDLE_PER_ENDPOINT.index()];
            if (perEndpoint > total) {
                throw new InvalidConfigException("maxConnectionsPerEndpoint", "Invalid config: maxConnectionsPerEndpoint = "
                        + perEndpoint + " is more than maxTotalConnections = " + total
                        + ": raise maxTotalConnections or lower maxConnectionsPerEndpoint");
            }
            Duration read = (Duration) values[READ_TIMEOUT.index()];
            if (!read.isZero() && read.compareTo(Duration.ofMillis(1)) < 0) { // SO_TIMEOUT counts whole ms; 0 is forever
                throw new InvalidConfigException("readTimeout", "Invalid config: readTimeout = "
                        + READ_TIMEOUT.show(read) + " must be 0 (none) or at least 1ms: a socket timeout counts whole"
                        + " milliseconds");
            }
            if (minIdle > perEndpoint) {
                throw new InvalidConfigException("minIdlePerEndpoint", "Invalid config: minIdlePerEndpoint = "
                        + minIdle + " is more than maxConnectionsPerEndpoint = " + perEndpoint);
            }
            TlsChecks.check(values);
            if (sslContext != null && (!((String) values[TLS_TRUST_STORE.index()]).isBlank()
                    || !((String) values[TLS_KEY_STORE.index()]).isBlank())) {
                throw new InvalidConfigException("sslContext", "Invalid config: both an sslContext and tlsTrustStore/"
                        + "tlsKeyStore are set: use one or the other");
            }
            notNull("healthCheck", healthCheck);
            notNull("onConnectionCreated", onConnectionCreated);
            notNull("onConnectionClosed", onConnectionClosed);
            notNull("onConnectionReused", onConnectionReused);
            notNull("resolver", resolver);
            notNull("ticker", ticker);
            return new PoolConfig(this);
        }

        private <T> void check(Setting<T> s) {
            Object v = values[s.index()];
            s.check(v == null ? null : s.type().cast(v));
        }

        private static void notNull(String name, Object o) {
            if (o == null) {
                throw new InvalidConfigException(name, "Invalid config: " + name + " must not be null");
            }
        }
    }
}
