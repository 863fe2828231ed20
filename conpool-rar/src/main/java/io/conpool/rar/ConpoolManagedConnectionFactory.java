package io.conpool.rar;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.Endpoint;
import io.conpool.InvalidConfigException;
import io.conpool.InvalidEndpointException;
import io.conpool.PoolConfig;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * One connection definition: connections to one endpoint ({@code host}, {@code port}, {@code tls})
 * from the adapter's pool {@code poolName}. The limits and timeouts have the names of
 * {@link PoolConfig}'s settings, durations in milliseconds; unset ones keep the pool's defaults.
 * Invalid settings make {@link #createConnectionFactory} fail with an
 * {@link InvalidPropertyException} naming the property, which fails that definition's deployment.
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
    @ConfigProperty(description = "Maximum connections open to the endpoint (default 10)")
    private Integer maxConnectionsPerEndpoint;
    @ConfigProperty(description = "Idle connections unused for longer are closed, ms (default 60000)")
    private Long maxIdleTime;
    @ConfigProperty(description = "Connections older than this are closed, ms (default 300000)")
    private Long maxConnectionLifetime;
    @ConfigProperty(description = "Connections leased this many times are closed (default unlimited)")
    private Integer maxConnectionUses;
    @ConfigProperty(description = "Bound on one connection attempt, ms (default 10000)")
    private Long connectTimeout;
    @ConfigProperty(description = "Retries after a failed connection attempt (default 3)")
    private Integer connectRetryCount;
    @ConfigProperty(description = "Delay before the first connect retry, ms (default 100)")
    private Long connectRetryDelay;
    @ConfigProperty(description = "How long getConnection() waits for a free connection, ms (default 30000)")
    private Long acquireTimeout;
    @ConfigProperty(description = "Callers allowed to wait at once (default unlimited)")
    private Integer maxWaitersPerEndpoint;
    @ConfigProperty(description = "Idle longer than this, a connection is checked before reuse, ms (default 2000)")
    private Long validateAfterInactivity;
    @ConfigProperty(description = "Idle connections kept open (default 0)")
    private Integer minIdlePerEndpoint;
    @ConfigProperty(description = "A connection held longer is logged with the acquirer's stack, ms (default 0 = off)")
    private Long leakDetectionThreshold;

    private transient ConpoolResourceAdapter adapter;
    private transient PrintWriter logWriter;

    /** Creates a definition with no endpoint yet (the server does, then sets the config properties). */
    public ConpoolManagedConnectionFactory() {
    }

    /** The settings that map one-to-one to {@link PoolConfig} settings, by name; unset ones are absent. */
    Map<String, Number> limits() {
        Map<String, Number> m = new LinkedHashMap<>();
        put(m, "maxConnectionsPerEndpoint", maxConnectionsPerEndpoint);
        put(m, "maxIdleTime", maxIdleTime);
        put(m, "maxConnectionLifetime", maxConnectionLifetime);
        put(m, "maxConnectionUses", maxConnectionUses);
        put(m, "connectTimeout", connectTimeout);
        put(m, "connectRetryCount", connectRetryCount);
        put(m, "connectRetryDelay", connectRetryDelay);
        put(m, "acquireTimeout", acquireTimeout);
        put(m, "maxWaitersPerEndpoint", maxWaitersPerEndpoint);
        put(m, "validateAfterInactivity", validateAfterInactivity);
        put(m, "minIdlePerEndpoint", minIdlePerEndpoint);
        put(m, "leakDetectionThreshold", leakDetectionThreshold);
        return m;
    }

    private static void put(Map<String, Number> m, String name, Number value) {
        if (value != null) {
            m.put(name, value);
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
     * @throws InvalidPropertyException naming the setting that is out of range
     */
    PoolConfig endpointConfig(PoolConfig base) throws InvalidPropertyException {
        PoolConfig.Builder b = base.toBuilder();
        try {
            limits().forEach(b::set);
            return b.build();
        } catch (InvalidConfigException e) {
            throw invalid(e.setting(), "conpool connection definition for " + host + ":" + port + ": "
                    + e.getMessage() + " (config-property '" + e.setting() + "')");
        }
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
        if (poolName == null || !poolName.matches("[A-Za-z0-9._\\-]{1,64}")) {
            throw invalid("poolName", "conpool connection definition for " + endpoint + ": poolName '" + poolName
                    + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        endpointConfig(adapter.basePoolConfig()); // validate before creating the pool
        ConnectionPool<?> pool = adapter.pool(poolName, protocol == null || protocol.isBlank() ? "raw" : protocol.strip());
        PoolConfig config = endpointConfig(pool.config());
        if (!config.equals(pool.config(endpoint)) && !pool.config(endpoint).equals(pool.config())) {
            LOG.log(System.Logger.Level.WARNING, "conpool: " + endpoint + " in pool '" + poolName
                    + "' is defined by more than one connection definition; the settings of the last one apply");
        }
        pool.configure(endpoint, config); // configured explicitly: its endpoint pool never expires
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

    /** @return the per-endpoint limit, or null for the default */
    public Integer getMaxConnectionsPerEndpoint() {
        return maxConnectionsPerEndpoint;
    }

    /** @param v at least 1 */
    public void setMaxConnectionsPerEndpoint(Integer v) {
        this.maxConnectionsPerEndpoint = v;
    }

    /** @return ms, or null */
    public Long getMaxIdleTime() {
        return maxIdleTime;
    }

    /** @param v ms, positive */
    public void setMaxIdleTime(Long v) {
        this.maxIdleTime = v;
    }

    /** @return ms, or null */
    public Long getMaxConnectionLifetime() {
        return maxConnectionLifetime;
    }

    /** @param v ms, positive */
    public void setMaxConnectionLifetime(Long v) {
        this.maxConnectionLifetime = v;
    }

    /** @return uses, or null */
    public Integer getMaxConnectionUses() {
        return maxConnectionUses;
    }

    /** @param v at least 1 */
    public void setMaxConnectionUses(Integer v) {
        this.maxConnectionUses = v;
    }

    /** @return ms, or null */
    public Long getConnectTimeout() {
        return connectTimeout;
    }

    /** @param v ms, positive */
    public void setConnectTimeout(Long v) {
        this.connectTimeout = v;
    }

    /** @return retries, or null */
    public Integer getConnectRetryCount() {
        return connectRetryCount;
    }

    /** @param v 0 or more */
    public void setConnectRetryCount(Integer v) {
        this.connectRetryCount = v;
    }

    /** @return ms, or null */
    public Long getConnectRetryDelay() {
        return connectRetryDelay;
    }

    /** @param v ms, 0 or more */
    public void setConnectRetryDelay(Long v) {
        this.connectRetryDelay = v;
    }

    /** @return ms, or null */
    public Long getAcquireTimeout() {
        return acquireTimeout;
    }

    /** @param v ms, 0 or more */
    public void setAcquireTimeout(Long v) {
        this.acquireTimeout = v;
    }

    /** @return waiters, or null */
    public Integer getMaxWaitersPerEndpoint() {
        return maxWaitersPerEndpoint;
    }

    /** @param v 0 or more */
    public void setMaxWaitersPerEndpoint(Integer v) {
        this.maxWaitersPerEndpoint = v;
    }

    /** @return ms, or null */
    public Long getValidateAfterInactivity() {
        return validateAfterInactivity;
    }

    /** @param v ms, 0 or more */
    public void setValidateAfterInactivity(Long v) {
        this.validateAfterInactivity = v;
    }

    /** @return connections, or null */
    public Integer getMinIdlePerEndpoint() {
        return minIdlePerEndpoint;
    }

    /** @param v 0..maxConnectionsPerEndpoint */
    public void setMinIdlePerEndpoint(Integer v) {
        this.minIdlePerEndpoint = v;
    }

    /** @return ms, or null */
    public Long getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** @param v ms, 0 = off */
    public void setLeakDetectionThreshold(Long v) {
        this.leakDetectionThreshold = v;
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
                && limits().equals(f.limits()) && adapter == f.adapter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, tls, poolName, protocol, limits());
    }

    @Override
    public String toString() {
        return "ConpoolManagedConnectionFactory[" + host + ":" + port + (Boolean.TRUE.equals(tls) ? "/tls" : "")
                + ", pool " + poolName + ", " + protocol + ", " + limits() + "]";
    }
}
