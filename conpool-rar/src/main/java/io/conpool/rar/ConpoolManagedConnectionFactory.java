package io.conpool.rar;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.Endpoint;
import io.conpool.InvalidConfigException;
import io.conpool.InvalidEndpointException;
import io.conpool.PoolConfig;
import io.conpool.Setting;
import io.conpool.spi.ProtocolHandlers;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * One connection definition: connections to one endpoint ({@code host}, {@code port}, {@code tls})
 * from the adapter's pool {@code poolName}. Every setting of {@link PoolConfig#SETTINGS} is a
 * String config-property of the same name, read with the settings grammar (durations as text,
 * {@code 30s}, or milliseconds, {@code 30000}; {@code unlimited}; {@code 1_000}); unset ones keep
 * the pool's values. Every setting of the bundled {@code http2} handler is a config-property
 * {@code http2<Name>} ({@code http2MaxConcurrentStreams}, the handler's {@code http2.maxConcurrentStreams}).
 * Pool-wide settings ({@link Setting.Scope#POOL}) and handler settings belong to the pool: every
 * definition of one {@code poolName} must set the same ones. Invalid settings make
 * {@link #createConnectionFactory} fail with an {@link InvalidPropertyException} naming the
 * property, the value and what is allowed, which fails that definition's activation.
 *
 * <p>The properties are fields read by name ({@link #settings()}); a test checks that they match
 * the descriptor lists exactly (names, String type, descriptions).
 *
 * <p>Its {@link ManagedConnection}s are cheap lease slots: the engine does the pooling.
 */
@ConnectionDefinition(
        connectionFactory = ConpoolConnectionFactory.class,
        connectionFactoryImpl = ManagedConpoolConnectionFactory.class,
        connection = ConpoolConnection.class,
        connectionImpl = ManagedConnectionHandle.class)
public class ConpoolManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation,
        TransactionSupport {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger("io.conpool");

    @ConfigProperty(description = "Host name or IP address of the endpoint (required)")
    private String host;
    @ConfigProperty(description = "TCP port of the endpoint, 1..65535 (required)")
    private Integer port;
    @ConfigProperty(description = "true to connect with TLS", defaultValue = "false")
    private Boolean tls = Boolean.FALSE;
    @ConfigProperty(description = "Name of the adapter's pool to use (logs, threads, JMX)", defaultValue = "conpool")
    private String poolName = "conpool";
    @ConfigProperty(description = "Protocol handler name (raw, http2, ...)", defaultValue = "raw")
    private String protocol = "raw";
    @ConfigProperty(description = "Maximum connections open to one endpoint (leased, idle and connecting)")
    private String maxConnectionsPerEndpoint;
    @ConfigProperty(description = "Maximum connections open across all endpoints; at the cap the oldest idle connection of another endpoint is closed to make room")
    private String maxTotalConnections;
    @ConfigProperty(description = "An idle connection unused for longer is closed")
    private String maxIdleTime;
    @ConfigProperty(description = "A connection older than this (less up to 2.5% jitter) is closed")
    private String maxConnectionLifetime;
    @ConfigProperty(description = "A connection leased this many times is closed when returned ('unlimited' for no limit)")
    private String maxConnectionUses;
    @ConfigProperty(description = "Bound on one connection attempt: TCP connect, TLS handshake and protocol set-up")
    private String connectTimeout;
    @ConfigProperty(description = "Retries after a failed connection attempt (attempts = retries + 1)")
    private String connectRetryCount;
    @ConfigProperty(description = "Delay before the first retry; doubled for each further retry, with jitter, at most 10s")
    private String connectRetryDelay;
    @ConfigProperty(description = "How long a caller waits for a free connection before AcquireTimeoutException")
    private String acquireTimeout;
    @ConfigProperty(description = "Callers allowed to wait per endpoint; more fail at once ('unlimited' for no limit)")
    private String maxWaitersPerEndpoint;
    @ConfigProperty(description = "A connection idle longer gets a stale check before reuse (0 = every reuse)")
    private String validateAfterInactivity;
    @ConfigProperty(description = "Idle connections the housekeeper keeps open per endpoint in use")
    private String minIdlePerEndpoint;
    @ConfigProperty(description = "A lease held longer is reported once with the acquirer's stack (0 = off)")
    private String leakDetectionThreshold;
    @ConfigProperty(description = "The longest the housekeeping thread sleeps; it also wakes when a connection is due to expire (evictions, min idle, leak warnings)")
    private String housekeepingPeriod;
    @ConfigProperty(description = "Read timeout (SO_TIMEOUT) of every leased raw connection: a read waiting longer fails and the connection is discarded (0 = none)")
    private String readTimeout;
    @ConfigProperty(description = "An endpoint pool with no connection and no caller for this long is removed, with its MBean; configured endpoints never are (0 = never)")
    private String endpointExpiry;
    @ConfigProperty(description = "File of the CA certificates that TLS endpoints' certificates must chain to (empty = the JVM's default trust)")
    private String tlsTrustStore;
    @ConfigProperty(description = "Format of tlsTrustStore: PKCS12, JKS, PEM, or auto (PEM if the file is text, else PKCS12 or JKS)")
    private String tlsTrustStoreType;
    @ConfigProperty(description = "Password of tlsTrustStore, checks its integrity (empty = none; PEM has none)", confidential = true)
    private String tlsTrustStorePassword;
    @ConfigProperty(description = "File of the client certificate and its private key, for servers that require one (empty = no client certificate)")
    private String tlsKeyStore;
    @ConfigProperty(description = "Format of tlsKeyStore: PKCS12, JKS, PEM (unencrypted PKCS#8 key and its chain), or auto")
    private String tlsKeyStoreType;
    @ConfigProperty(description = "Password of tlsKeyStore and of the key in it", confidential = true)
    private String tlsKeyStorePassword;
    @ConfigProperty(description = "Alias of the client key in tlsKeyStore (empty = the store's only key)")
    private String tlsKeyAlias;
    @ConfigProperty(description = "TLS versions offered, comma-separated; only TLSv1.3 and TLSv1.2 are allowed")
    private String tlsProtocols;
    @ConfigProperty(description = "Cipher suites offered, comma-separated JSSE names (empty = the JVM's defaults); weak suites are refused")
    private String tlsCipherSuites;
    @ConfigProperty(description = "Cap on streams per connection; a connection is shared by min(this, the server's MAX_CONCURRENT_STREAMS) holders")
    private String http2MaxConcurrentStreams;
    @ConfigProperty(description = "Before reusing a connection that received nothing for this long, send a PING and wait for the answer")
    private String http2PingAfterInactivity;
    @ConfigProperty(description = "A PING unanswered this long makes the connection unhealthy")
    private String http2PingTimeout;
    @ConfigProperty(description = "Bound on one request: waiting for a stream slot and window, sending, and receiving the whole response")
    private String http2ResponseTimeout;
    @ConfigProperty(description = "Receive window per stream in bytes (our SETTINGS_INITIAL_WINDOW_SIZE)")
    private String http2StreamWindow;
    @ConfigProperty(description = "Receive window of the whole connection in bytes")
    private String http2ConnectionWindow;
    @ConfigProperty(description = "Largest decoded response header block in bytes")
    private String http2MaxResponseHeaderListSize;
    @ConfigProperty(description = "Largest response body kept in memory, in bytes; a bigger one resets the stream and fails the request")
    private String http2MaxResponseBodySize;

    private transient ConpoolResourceAdapter adapter;
    private transient PrintWriter logWriter;

    /** Creates a definition with no endpoint yet (the server does, then sets the config properties). */
    public ConpoolManagedConnectionFactory() {
    }

    /** Names of the config-properties of handler settings start with one of these (the handler's name). */
    static final List<String> HANDLER_PROPERTY_PREFIXES = List.of("http2");

    /**
     * The settings of this definition that are set, by setting name: PoolConfig settings as named
     * there, handler settings as {@code <handler>.<name>} ({@code http2.maxConcurrentStreams}).
     *
     * @return setting name to text, in declaration order; unset ones absent
     */
    Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting<?> s : PoolConfig.SETTINGS.list()) {
            put(m, s.name(), read(s.name()));
        }
        for (String handler : HANDLER_PROPERTY_PREFIXES) {
            for (Setting<?> s : handlerSettings(handler)) {
                put(m, handler + "." + s.name(), read(propertyName(handler + "." + s.name())));
            }
        }
        return m;
    }

    private static List<Setting<?>> handlerSettings(String handler) {
        try {
            return ProtocolHandlers.settings(handler).list();
        } catch (IllegalArgumentException e) {
            return List.of(); // the handler's module is not there
        }
    }

    /**
     * @param setting a setting name, {@code http2.maxConcurrentStreams} for a handler's
     * @return the config-property that holds it ({@code http2MaxConcurrentStreams})
     */
    static String propertyName(String setting) {
        int dot = setting.indexOf('.');
        return dot < 0 ? setting : setting.substring(0, dot) + setting.substring(dot + 1, dot + 2).toUpperCase(Locale.ROOT)
                + setting.substring(dot + 2);
    }

    private String read(String property) {
        try {
            Field f = ConpoolManagedConnectionFactory.class.getDeclaredField(property);
            return (String) f.get(this);
        } catch (NoSuchFieldException e) {
            return null; // a setting without a property here (a newer handler); the test forbids it for bundled ones
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return {@link #settings()} with secrets masked */
    private Map<String, String> shown() {
        Map<String, String> m = new LinkedHashMap<>(settings());
        m.replaceAll((name, value) -> {
            int dot = name.indexOf('.');
            Setting<?> s = dot < 0 ? PoolConfig.SETTINGS.find(name)
                    : handlerSettings(name.substring(0, dot)).stream().filter(x -> x.name().equals(name.substring(dot + 1)))
                    .findFirst().orElse(null);
            return s != null && s.isSecret() ? Setting.MASK : value;
        });
        return m;
    }

    private static void put(Map<String, String> m, String name, String value) {
        if (value != null && !value.isBlank()) {
            m.put(name, value.strip());
        }
    }

    /**
     * @return the endpoint of this definition
     * @throws InvalidPropertyException if host or port is missing or invalid
     */
    public Endpoint endpoint() throws InvalidPropertyException {
        if (host == null || host.isBlank()) {
            throw invalid("host", "conpool connection definition has no host: set config-property 'host'"
                    + " to the endpoint's DNS name or IP address");
        }
        if (port == null) {
            throw invalid("port", "conpool connection definition for host '" + host
                    + "' has no port: set config-property 'port' (1..65535)");
        }
        try {
            return new Endpoint(host, port, Boolean.TRUE.equals(tls));
        } catch (InvalidEndpointException e) {
            throw invalid(e.getMessage().startsWith("port") ? "port" : "host", "conpool connection definition: "
                    + e.getMessage() + " (config-properties 'host' and 'port')");
        }
    }

    /**
     * @param base the pool's configuration
     * @return the endpoint's configuration: the pool's with this definition's settings on top
     * @throws InvalidPropertyException naming the property, its value and what is allowed
     */
    PoolConfig endpointConfig(PoolConfig base) throws InvalidPropertyException {
        PoolConfig.Builder b = base.toBuilder();
        try {
            settings().forEach((name, value) -> {
                if (name.indexOf('.') < 0) {
                    b.set(name, value);
                }
            });
            return b.build();
        } catch (InvalidConfigException e) {
            throw invalidSetting(e, e.setting());
        }
    }

    /** @return the handler settings set here, by name without the handler prefix */
    Map<String, String> handlerValues(String handler) throws InvalidPropertyException {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = handler.toLowerCase(Locale.ROOT) + ".";
        for (Map.Entry<String, String> e : settings().entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot < 0) {
                continue;
            }
            if (!e.getKey().startsWith(prefix)) {
                throw invalid(propertyName(e.getKey()), "conpool connection definition for " + host + ":" + port
                        + ": config-property '" + propertyName(e.getKey()) + "' is a setting of the "
                        + e.getKey().substring(0, dot) + " handler, but protocol is '" + handler + "'");
            }
            out.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        return out;
    }

    /** @return the pool-wide settings set here (they must agree across the pool's definitions) */
    Map<String, String> poolScopeValues() {
        Map<String, String> out = new LinkedHashMap<>();
        settings().forEach((name, value) -> {
            Setting<?> s = PoolConfig.SETTINGS.find(name);
            if (s != null && s.scope() == Setting.Scope.POOL) {
                out.put(name, value);
            }
        });
        return out;
    }

    private InvalidPropertyException invalidSetting(InvalidConfigException e, String setting) {
        String property = propertyName(setting);
        return invalid(property, "conpool connection definition for " + host + ":" + port + ": " + e.getMessage()
                + " (config-property '" + property + "')");
    }

    private static InvalidPropertyException invalid(String property, String message) {
        InvalidPropertyException e = new InvalidPropertyException(message);
        try {
            e.setInvalidPropertyDescriptors(new java.beans.PropertyDescriptor[] {
                    new java.beans.PropertyDescriptor(property, ConpoolManagedConnectionFactory.class)});
        } catch (java.beans.IntrospectionException | RuntimeException ignored) {
            // the message names the property anyway
        }
        return e;
    }

    private String handlerName() {
        return protocol == null || protocol.isBlank() ? "raw" : protocol.strip();
    }

    /**
     * Checks every config-property with the adapter's own rules, without creating anything (the
     * resource adapter before it creates a pool; {@link CheckDefinition} for scripts).
     *
     * @param base the pool's configuration the definition's settings go on top of
     * @return the handler settings, by name without prefix
     * @throws InvalidPropertyException naming the property, its value and what is allowed
     */
    Map<String, String> validate(PoolConfig base) throws InvalidPropertyException {
        Endpoint endpoint = endpoint();
        try {
            ConnectionPool.checkName(poolName);
        } catch (InvalidConfigException e) {
            throw invalid("poolName", "conpool connection definition for " + endpoint + ": " + e.getMessage());
        }
        String handler = handlerName();
        endpointConfig(base);
        Map<String, String> handlerValues = handlerValues(handler);
        try {
            ProtocolHandlers.create(handler, handlerValues);
        } catch (InvalidConfigException e) {
            throw invalidSetting(e, handler + "." + e.setting());
        } catch (IllegalArgumentException e) {
            throw invalid("protocol", "conpool connection definition: " + e.getMessage());
        }
        return handlerValues;
    }

    /**
     * Checks every setting and applies this endpoint's configuration to the pool.
     *
     * @return the pool
     * @throws ResourceException if a setting is invalid or no adapter is associated
     */
    ConnectionPool<?> preparePool() throws ResourceException {
        if (adapter == null) {
            throw new ResourceException("conpool connection definition for " + host + ":" + port
                    + " has no resource adapter: call setResourceAdapter(...) with a started ConpoolResourceAdapter");
        }
        Endpoint endpoint = endpoint();
        String handler = handlerName();
        Map<String, String> handlerValues = validate(adapter.basePoolConfig()); // before creating the pool
        try { // the TLS files too: a definition that fails leaves no pool (nor its MBeans and threads) behind
            endpointConfig(adapter.basePoolConfig()).checkTlsFiles();
        } catch (InvalidConfigException e) {
            throw invalidSetting(e, e.setting());
        }
        ConnectionPool<?> pool = adapter.pool(poolName, handler, handlerValues, poolScopeValues());
        PoolConfig config = endpointConfig(pool.config());
        if (!config.equals(pool.config(endpoint)) && !pool.config(endpoint).equals(pool.config())) {
            LOG.log(System.Logger.Level.WARNING, "conpool: " + endpoint + " in pool '" + poolName
                    + "' is defined by more than one connection definition; the settings of the last one apply");
        }
        try {
            pool.configure(endpoint, config); // configured explicitly: its endpoint pool never expires
        } catch (InvalidConfigException e) { // a TLS file that cannot be used: the endpoint keeps what it had
            throw invalidSetting(e, e.setting());
        }
        return pool;
    }

    @Override
    public Object createConnectionFactory(ConnectionManager manager) throws ResourceException {
        ConnectionPool<?> pool = preparePool();
        LOG.log(System.Logger.Level.INFO, "conpool: connection factory for " + endpoint() + " in pool '"
                + pool.name() + "' ready");
        return new ManagedConpoolConnectionFactory(this, Objects.requireNonNull(manager, "manager"));
    }

    /**
     * A factory without an application server: each handle gets its own lease slot.
     *
     * @return the connection factory
     * @throws ResourceException if a setting is invalid or no adapter is associated
     */
    @Override
    public Object createConnectionFactory() throws ResourceException {
        preparePool();
        return new ManagedConpoolConnectionFactory(this, new NonManagedConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        return new ConpoolManagedConnection(this, preparedPool(), endpoint());
    }

    private ConnectionPool<?> preparedPool() throws ResourceException {
        ConnectionPool<?> pool = adapter == null ? null : adapter.openPool(poolName);
        return pool != null ? pool : preparePool();
    }

    @Override
    public ManagedConnection matchManagedConnections(@SuppressWarnings("rawtypes") Set candidates, Subject subject,
                                                     ConnectionRequestInfo info) {
        for (Object o : candidates) {
            if (o instanceof ConpoolManagedConnection && ((ConpoolManagedConnection) o).factory().equals(this)) {
                return (ManagedConnection) o; // every slot of this definition is as good as another
            }
        }
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof ConpoolResourceAdapter)) {
            throw new ResourceException("conpool connection definitions work with ConpoolResourceAdapter, not " + ra);
        }
        this.adapter = (ConpoolResourceAdapter) ra;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.NoTransaction;
    }

    // ------------------------------------------------------------------ config properties

    /** @return the host */
    public String getHost() {
        return host;
    }

    /** @param host the endpoint's host name or IP address */
    public void setHost(String host) {
        this.host = host;
    }

    /** @return the port */
    public Integer getPort() {
        return port;
    }

    /** @param port the endpoint's TCP port */
    public void setPort(Integer port) {
        this.port = port;
    }

    /** @return whether TLS is used */
    public Boolean getTls() {
        return tls;
    }

    /** @param tls whether to use TLS */
    public void setTls(Boolean tls) {
        this.tls = tls;
    }

    /** @return the pool name */
    public String getPoolName() {
        return poolName;
    }

    /** @param poolName the adapter pool to use */
    public void setPoolName(String poolName) {
        this.poolName = poolName;
    }

    /** @return the protocol handler's name */
    public String getProtocol() {
        return protocol;
    }

    /** @param protocol the protocol handler's name */
    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    /** @return the PoolConfig setting {@code maxConnectionsPerEndpoint} as set (text), or null for the default */
    public String getMaxConnectionsPerEndpoint() {
        return maxConnectionsPerEndpoint;
    }

    /** @param value the PoolConfig setting {@code maxConnectionsPerEndpoint}: Maximum connections open to one endpoint (leased, idle and connecting) */
    public void setMaxConnectionsPerEndpoint(String value) {
        this.maxConnectionsPerEndpoint = value;
    }

    /** @return the PoolConfig setting {@code maxTotalConnections} as set (text), or null for the default */
    public String getMaxTotalConnections() {
        return maxTotalConnections;
    }

    /** @param value the PoolConfig setting {@code maxTotalConnections}: Maximum connections open across all endpoints; at the cap the oldest idle connection of another endpoint is closed to make room */
    public void setMaxTotalConnections(String value) {
        this.maxTotalConnections = value;
    }

    /** @return the PoolConfig setting {@code maxIdleTime} as set (text), or null for the default */
    public String getMaxIdleTime() {
        return maxIdleTime;
    }

    /** @param value the PoolConfig setting {@code maxIdleTime}: An idle connection unused for longer is closed */
    public void setMaxIdleTime(String value) {
        this.maxIdleTime = value;
    }

    /** @return the PoolConfig setting {@code maxConnectionLifetime} as set (text), or null for the default */
    public String getMaxConnectionLifetime() {
        return maxConnectionLifetime;
    }

    /** @param value the PoolConfig setting {@code maxConnectionLifetime}: A connection older than this (less up to 2.5% jitter) is closed */
    public void setMaxConnectionLifetime(String value) {
        this.maxConnectionLifetime = value;
    }

    /** @return the PoolConfig setting {@code maxConnectionUses} as set (text), or null for the default */
    public String getMaxConnectionUses() {
        return maxConnectionUses;
    }

    /** @param value the PoolConfig setting {@code maxConnectionUses}: A connection leased this many times is closed when returned ('unlimited' for no limit) */
    public void setMaxConnectionUses(String value) {
        this.maxConnectionUses = value;
    }

    /** @return the PoolConfig setting {@code connectTimeout} as set (text), or null for the default */
    public String getConnectTimeout() {
        return connectTimeout;
    }

    /** @param value the PoolConfig setting {@code connectTimeout}: Bound on one connection attempt: TCP connect, TLS handshake and protocol set-up */
    public void setConnectTimeout(String value) {
        this.connectTimeout = value;
    }

    /** @return the PoolConfig setting {@code connectRetryCount} as set (text), or null for the default */
    public String getConnectRetryCount() {
        return connectRetryCount;
    }

    /** @param value the PoolConfig setting {@code connectRetryCount}: Retries after a failed connection attempt (attempts = retries + 1) */
    public void setConnectRetryCount(String value) {
        this.connectRetryCount = value;
    }

    /** @return the PoolConfig setting {@code connectRetryDelay} as set (text), or null for the default */
    public String getConnectRetryDelay() {
        return connectRetryDelay;
    }

    /** @param value the PoolConfig setting {@code connectRetryDelay}: Delay before the first retry; doubled for each further retry, with jitter, at most 10s */
    public void setConnectRetryDelay(String value) {
        this.connectRetryDelay = value;
    }

    /** @return the PoolConfig setting {@code acquireTimeout} as set (text), or null for the default */
    public String getAcquireTimeout() {
        return acquireTimeout;
    }

    /** @param value the PoolConfig setting {@code acquireTimeout}: How long a caller waits for a free connection before AcquireTimeoutException */
    public void setAcquireTimeout(String value) {
        this.acquireTimeout = value;
    }

    /** @return the PoolConfig setting {@code maxWaitersPerEndpoint} as set (text), or null for the default */
    public String getMaxWaitersPerEndpoint() {
        return maxWaitersPerEndpoint;
    }

    /** @param value the PoolConfig setting {@code maxWaitersPerEndpoint}: Callers allowed to wait per endpoint; more fail at once ('unlimited' for no limit) */
    public void setMaxWaitersPerEndpoint(String value) {
        this.maxWaitersPerEndpoint = value;
    }

    /** @return the PoolConfig setting {@code validateAfterInactivity} as set (text), or null for the default */
    public String getValidateAfterInactivity() {
        return validateAfterInactivity;
    }

    /** @param value the PoolConfig setting {@code validateAfterInactivity}: A connection idle longer gets a stale check before reuse (0 = every reuse) */
    public void setValidateAfterInactivity(String value) {
        this.validateAfterInactivity = value;
    }

    /** @return the PoolConfig setting {@code minIdlePerEndpoint} as set (text), or null for the default */
    public String getMinIdlePerEndpoint() {
        return minIdlePerEndpoint;
    }

    /** @param value the PoolConfig setting {@code minIdlePerEndpoint}: Idle connections the housekeeper keeps open per endpoint in use */
    public void setMinIdlePerEndpoint(String value) {
        this.minIdlePerEndpoint = value;
    }

    /** @return the PoolConfig setting {@code leakDetectionThreshold} as set (text), or null for the default */
    public String getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** @param value the PoolConfig setting {@code leakDetectionThreshold}: A lease held longer is reported once with the acquirer's stack (0 = off) */
    public void setLeakDetectionThreshold(String value) {
        this.leakDetectionThreshold = value;
    }

    /** @return the PoolConfig setting {@code housekeepingPeriod} as set (text), or null for the default */
    public String getHousekeepingPeriod() {
        return housekeepingPeriod;
    }

    /** @param value the PoolConfig setting {@code housekeepingPeriod}: The longest the housekeeping thread sleeps; it also wakes when a connection is due to expire (evictions, min idle, leak warnings) */
    public void setHousekeepingPeriod(String value) {
        this.housekeepingPeriod = value;
    }

    /** @return the PoolConfig setting {@code readTimeout} as set (text), or null for the default */
    public String getReadTimeout() {
        return readTimeout;
    }

    /** @param value the PoolConfig setting {@code readTimeout}: Read timeout (SO_TIMEOUT) of every leased raw connection: a read waiting longer fails and the connection is discarded (0 = none) */
    public void setReadTimeout(String value) {
        this.readTimeout = value;
    }

    /** @return the PoolConfig setting {@code endpointExpiry} as set (text), or null for the default */
    public String getEndpointExpiry() {
        return endpointExpiry;
    }

    /** @param value the PoolConfig setting {@code endpointExpiry}: An endpoint pool with no connection and no caller for this long is removed, with its MBean; configured endpoints never are (0 = never) */
    public void setEndpointExpiry(String value) {
        this.endpointExpiry = value;
    }

    /** @return the PoolConfig setting {@code tlsTrustStore} as set (text), or null for the default */
    public String getTlsTrustStore() {
        return tlsTrustStore;
    }

    /** @param value the PoolConfig setting {@code tlsTrustStore}: the trust store file */
    public void setTlsTrustStore(String value) {
        this.tlsTrustStore = value;
    }

    /** @return the PoolConfig setting {@code tlsTrustStoreType} as set (text), or null for the default */
    public String getTlsTrustStoreType() {
        return tlsTrustStoreType;
    }

    /** @param value the PoolConfig setting {@code tlsTrustStoreType}: the trust store's format */
    public void setTlsTrustStoreType(String value) {
        this.tlsTrustStoreType = value;
    }

    /** @return the PoolConfig setting {@code tlsTrustStorePassword} as set (text), or null for the default */
    public String getTlsTrustStorePassword() {
        return tlsTrustStorePassword;
    }

    /** @param value the PoolConfig setting {@code tlsTrustStorePassword}: the trust store's password (confidential) */
    public void setTlsTrustStorePassword(String value) {
        this.tlsTrustStorePassword = value;
    }

    /** @return the PoolConfig setting {@code tlsKeyStore} as set (text), or null for the default */
    public String getTlsKeyStore() {
        return tlsKeyStore;
    }

    /** @param value the PoolConfig setting {@code tlsKeyStore}: the client key store file */
    public void setTlsKeyStore(String value) {
        this.tlsKeyStore = value;
    }

    /** @return the PoolConfig setting {@code tlsKeyStoreType} as set (text), or null for the default */
    public String getTlsKeyStoreType() {
        return tlsKeyStoreType;
    }

    /** @param value the PoolConfig setting {@code tlsKeyStoreType}: the client key store's format */
    public void setTlsKeyStoreType(String value) {
        this.tlsKeyStoreType = value;
    }

    /** @return the PoolConfig setting {@code tlsKeyStorePassword} as set (text), or null for the default */
    public String getTlsKeyStorePassword() {
        return tlsKeyStorePassword;
    }

    /** @param value the PoolConfig setting {@code tlsKeyStorePassword}: the key store's and key's password (confidential) */
    public void setTlsKeyStorePassword(String value) {
        this.tlsKeyStorePassword = value;
    }

    /** @return the PoolConfig setting {@code tlsKeyAlias} as set (text), or null for the default */
    public String getTlsKeyAlias() {
        return tlsKeyAlias;
    }

    /** @param value the PoolConfig setting {@code tlsKeyAlias}: the client key's alias */
    public void setTlsKeyAlias(String value) {
        this.tlsKeyAlias = value;
    }

    /** @return the PoolConfig setting {@code tlsProtocols} as set (text), or null for the default */
    public String getTlsProtocols() {
        return tlsProtocols;
    }

    /** @param value the PoolConfig setting {@code tlsProtocols}: the TLS versions offered */
    public void setTlsProtocols(String value) {
        this.tlsProtocols = value;
    }

    /** @return the PoolConfig setting {@code tlsCipherSuites} as set (text), or null for the default */
    public String getTlsCipherSuites() {
        return tlsCipherSuites;
    }

    /** @param value the PoolConfig setting {@code tlsCipherSuites}: the cipher suites offered */
    public void setTlsCipherSuites(String value) {
        this.tlsCipherSuites = value;
    }

    /** @return the http2 handler setting {@code http2.maxConcurrentStreams} as set (text), or null for the default */
    public String getHttp2MaxConcurrentStreams() {
        return http2MaxConcurrentStreams;
    }

    /** @param value the http2 handler setting {@code http2.maxConcurrentStreams}: Cap on streams per connection; a connection is shared by min(this, the server's MAX_CONCURRENT_STREAMS) holders */
    public void setHttp2MaxConcurrentStreams(String value) {
        this.http2MaxConcurrentStreams = value;
    }

    /** @return the http2 handler setting {@code http2.pingAfterInactivity} as set (text), or null for the default */
    public String getHttp2PingAfterInactivity() {
        return http2PingAfterInactivity;
    }

    /** @param value the http2 handler setting {@code http2.pingAfterInactivity}: Before reusing a connection that received nothing for this long, send a PING and wait for the answer */
    public void setHttp2PingAfterInactivity(String value) {
        this.http2PingAfterInactivity = value;
    }

    /** @return the http2 handler setting {@code http2.pingTimeout} as set (text), or null for the default */
    public String getHttp2PingTimeout() {
        return http2PingTimeout;
    }

    /** @param value the http2 handler setting {@code http2.pingTimeout}: A PING unanswered this long makes the connection unhealthy */
    public void setHttp2PingTimeout(String value) {
        this.http2PingTimeout = value;
    }

    /** @return the http2 handler setting {@code http2.responseTimeout} as set (text), or null for the default */
    public String getHttp2ResponseTimeout() {
        return http2ResponseTimeout;
    }

    /** @param value the http2 handler setting {@code http2.responseTimeout}: Bound on one request: waiting for a stream slot and window, sending, and receiving the whole response */
    public void setHttp2ResponseTimeout(String value) {
        this.http2ResponseTimeout = value;
    }

    /** @return the http2 handler setting {@code http2.streamWindow} as set (text), or null for the default */
    public String getHttp2StreamWindow() {
        return http2StreamWindow;
    }

    /** @param value the http2 handler setting {@code http2.streamWindow}: Receive window per stream in bytes (our SETTINGS_INITIAL_WINDOW_SIZE) */
    public void setHttp2StreamWindow(String value) {
        this.http2StreamWindow = value;
    }

    /** @return the http2 handler setting {@code http2.connectionWindow} as set (text), or null for the default */
    public String getHttp2ConnectionWindow() {
        return http2ConnectionWindow;
    }

    /** @param value the http2 handler setting {@code http2.connectionWindow}: Receive window of the whole connection in bytes */
    public void setHttp2ConnectionWindow(String value) {
        this.http2ConnectionWindow = value;
    }

    /** @return the http2 handler setting {@code http2.maxResponseHeaderListSize} as set (text), or null for the default */
    public String getHttp2MaxResponseHeaderListSize() {
        return http2MaxResponseHeaderListSize;
    }

    /** @param value the http2 handler setting {@code http2.maxResponseHeaderListSize}: Largest decoded response header block in bytes */
    public void setHttp2MaxResponseHeaderListSize(String value) {
        this.http2MaxResponseHeaderListSize = value;
    }

    /** @return the http2 handler setting {@code http2.maxResponseBodySize} as set (text), or null for the default */
    public String getHttp2MaxResponseBodySize() {
        return http2MaxResponseBodySize;
    }

    /** @param value the http2 handler setting {@code http2.maxResponseBodySize}: Largest response body kept in memory, in bytes; a bigger one resets the stream and fails the request */
    public void setHttp2MaxResponseBodySize(String value) {
        this.http2MaxResponseBodySize = value;
    }

    /** Equal when every setting is equal (what the server compares connection definitions by). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConpoolManagedConnectionFactory)) {
            return false;
        }
        ConpoolManagedConnectionFactory f = (ConpoolManagedConnectionFactory) o;
        return Objects.equals(host, f.host) && Objects.equals(port, f.port) && Objects.equals(tls, f.tls)
                && Objects.equals(poolName, f.poolName) && Objects.equals(protocol, f.protocol)
                && settings().equals(f.settings()) && adapter == f.adapter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, tls, poolName, protocol, settings());
    }

    @Override
    public String toString() {
        return "ConpoolManagedConnectionFactory[" + host + ":" + port + (Boolean.TRUE.equals(tls) ? "/tls" : "")
                + ", pool " + poolName + ", " + protocol + ", " + shown() + "]";
    }
}
