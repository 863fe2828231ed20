package io.conpool.rar;

import io.conpool.ConnectionPool;
import io.conpool.InvalidConfigException;
import io.conpool.PoolConfig;
import io.conpool.jmx.PoolMBeans;
import io.conpool.spi.ProtocolHandler;
import io.conpool.spi.ProtocolHandlers;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import javax.transaction.xa.XAResource;

/**
 * The conpool resource adapter. It owns one engine {@link ConnectionPool} per pool name (connection
 * definitions name theirs with {@code poolName}, default {@code conpool}), each published in the
 * platform MBeanServer when {@code jmxEnabled}. {@link #stop()} closes every pool and unregisters
 * every MBean. Outbound only, without transactions.
 *
 * <p>Outside a server: {@code new ConpoolResourceAdapter()}, {@link #start(BootstrapContext) start(null)},
 * then {@link ConpoolManagedConnectionFactory#setResourceAdapter} and
 * {@link ConpoolManagedConnectionFactory#createConnectionFactory()}.
 */
@Connector(
        displayName = "conpool",
        description = "Protocol-agnostic TCP/TLS connection pool",
        vendorName = "conpool",
        eisType = "TCP/TLS endpoints",
        version = "0.1",
        licenseRequired = false,
        reauthenticationSupport = false,
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class ConpoolResourceAdapter implements ResourceAdapter {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    @ConfigProperty(description = "Maximum connections open across all endpoints; at the cap the oldest idle connection of another endpoint is closed to make room", defaultValue = "100")
    private String maxTotalConnections = "100";

    @ConfigProperty(description = "The longest the housekeeping thread sleeps; it also wakes when a connection is due to expire (evictions, min idle, leak warnings)", defaultValue = "1s")
    private String housekeepingPeriod = "1s";

    @ConfigProperty(description = "An endpoint pool with no connection and no caller for this long is removed, with its MBean; configured endpoints never are (0 = never)", defaultValue = "10m")
    private String endpointExpiry = "10m";

    @ConfigProperty(description = "Register an MBean per pool and per endpoint pool in the platform MBeanServer", defaultValue = "true")
    private Boolean jmxEnabled = Boolean.TRUE;

    @ConfigProperty(description = "Publish the MBeans read-only: attributes read as usual, every write and operation (limits, clearEndpoint, reloadTls) is refused with a message", defaultValue = "false")
    private Boolean jmxReadOnly = Boolean.FALSE;

    private final Map<String, PoolEntry> pools = new HashMap<>();
    private boolean stopped;

    /** One pool, its MBean registration, and the handler and pool-wide settings its definitions set. */
    private record PoolEntry(ConnectionPool<?> pool, PoolMBeans beans, Map<String, String> handlerSettings,
                             Map<String, String> poolSettings) {
    }

    /** Creates an adapter with the default settings (the server does, then sets the config properties). */
    public ConpoolResourceAdapter() {
    }

    /**
     * Starts the adapter; pools are created when connection definitions ask for them (servers may
     * do that before calling this).
     *
     * @param context the server's bootstrap context; may be null outside a server
     * @throws ResourceAdapterInternalException if the adapter's own settings are invalid
     */
    @Override
    public synchronized void start(BootstrapContext context) throws ResourceAdapterInternalException {
        try {
            basePoolConfig();
        } catch (InvalidConfigException e) {
            throw new ResourceAdapterInternalException("conpool resource adapter: " + e.getMessage(), e);
        }
        stopped = false;
        LOG.log(System.Logger.Level.INFO, "conpool: resource adapter started (maxTotalConnections="
                + maxTotalConnections + ", housekeepingPeriod=" + housekeepingPeriod + ", endpointExpiry="
                + endpointExpiry + ", jmxEnabled=" + jmxEnabled + ", jmxReadOnly=" + jmxReadOnly + ")");
    }

    /** Closes every pool (waiting callers fail, connections close) and unregisters every MBean. */
    @Override
    public void stop() {
        Map<String, PoolEntry> closing;
        synchronized (this) {
            stopped = true;
            closing = new HashMap<>(pools);
            pools.clear();
        }
        for (PoolEntry e : closing.values()) {
            if (e.beans() != null) {
                e.beans().close();
            }
            e.pool().close();
        }
        LOG.log(System.Logger.Level.INFO, "conpool: resource adapter stopped; closed pools " + closing.keySet());
    }

    /**
     * The pool of that name, created on first use with this adapter's settings.
     *
     * @param poolName        a pool name
     * @param protocol        the protocol handler's name every user of the pool must agree on
     * @param handlerSettings the handler's settings (names without prefix) every user must agree on
     * @param poolSettings    pool-wide PoolConfig settings every user must agree on (over the adapter's)
     * @return the pool
     * @throws ResourceException if the adapter is stopped, the protocol is unknown, a setting is
     *                           invalid, or the pool exists with another protocol or other settings
     */
    synchronized ConnectionPool<?> pool(String poolName, String protocol, Map<String, String> handlerSettings,
                                        Map<String, String> poolSettings) throws ResourceException {
        if (stopped) { // not "not started": servers create connection factories before start()
            throw new ResourceException("conpool resource adapter is stopped: no pool '" + poolName
                    + "' can be used", new io.conpool.PoolClosedException(poolName));
        }
        PoolEntry entry = pools.get(poolName);
        if (entry != null) {
            if (!entry.pool().handler().name().equalsIgnoreCase(protocol)) {
                throw new InvalidPropertyException("conpool pool '" + poolName + "' uses protocol '"
                        + entry.pool().handler().name() + "', not '" + protocol
                        + "': give connection definitions with another protocol another poolName");
            }
            if (!entry.handlerSettings().equals(handlerSettings) || !entry.poolSettings().equals(poolSettings)) {
                throw new InvalidPropertyException("conpool pool '" + poolName + "' was created by a connection"
                        + " definition with handler settings " + entry.handlerSettings() + " and pool-wide settings "
                        + entry.poolSettings() + "; this one has " + handlerSettings + " and " + poolSettings
                        + ": every definition of one pool must set the same (or give this one another poolName)");
            }
            return entry.pool();
        }
        ProtocolHandler<?> handler;
        ConnectionPool<?> pool;
        try {
            handler = ProtocolHandlers.create(protocol, handlerSettings);
            PoolConfig.Builder config = basePoolConfig().toBuilder();
            poolSettings.forEach(config::set);
            pool = ConnectionPool.builder(handler).name(poolName).config(fitted(config)).build();
        } catch (IllegalArgumentException e) { // InvalidConfigException too
            throw new InvalidPropertyException("conpool connection definition: " + e.getMessage(), e);
        }
        PoolMBeans beans = Boolean.FALSE.equals(jmxEnabled) ? null
                : PoolMBeans.register(pool, ManagementFactory.getPlatformMBeanServer(), Boolean.TRUE.equals(jmxReadOnly));
        pools.put(poolName, new PoolEntry(pool, beans, Map.copyOf(handlerSettings), Map.copyOf(poolSettings)));
        LOG.log(System.Logger.Level.INFO, "conpool: pool '" + poolName + "' (" + handler.name() + ") created");
        return pool;
    }

    /**
     * @return the pool-wide part of every pool's configuration: this adapter's pool-scope settings
     * @throws InvalidConfigException naming the setting, its value and what is allowed
     */
    PoolConfig basePoolConfig() {
        PoolConfig.Builder b = PoolConfig.builder();
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("maxTotalConnections", maxTotalConnections);
        values.put("housekeepingPeriod", housekeepingPeriod);
        values.put("endpointExpiry", endpointExpiry);
        values.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                b.set(name, value);
            }
        });
        return fitted(b);
    }

    /** Builds, lowering the default 10 per endpoint when a small maxTotalConnections would not fit it. */
    private static PoolConfig fitted(PoolConfig.Builder b) {
        PoolConfig probe = b.maxConnectionsPerEndpoint(1).build();
        int perEndpoint = Math.min(PoolConfig.defaults().maxConnectionsPerEndpoint(), probe.maxTotalConnections());
        return b.maxConnectionsPerEndpoint(perEndpoint).build();
    }

    /** @return the names of the pools open now */
    public synchronized java.util.Set<String> poolNames() {
        return new java.util.TreeSet<>(pools.keySet());
    }

    /**
     * @param poolName a pool name
     * @return the open pool of that name, or {@code null}
     */
    public synchronized ConnectionPool<?> openPool(String poolName) {
        PoolEntry e = pools.get(poolName);
        return e == null ? null : e.pool();
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        throw new jakarta.resource.NotSupportedException("conpool is an outbound resource adapter: no message endpoints");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // nothing was activated
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    /** @return maximum connections across all endpoints of one pool, as text */
    public String getMaxTotalConnections() {
        return maxTotalConnections;
    }

    /** @param value maximum connections across all endpoints of one pool, at least 1 */
    public void setMaxTotalConnections(String value) {
        this.maxTotalConnections = value;
    }

    /** @return the housekeeping period as text ({@code 1s}) or milliseconds */
    public String getHousekeepingPeriod() {
        return housekeepingPeriod;
    }

    /** @param value housekeeping period: text ({@code 1s}) or milliseconds, positive */
    public void setHousekeepingPeriod(String value) {
        this.housekeepingPeriod = value;
    }

    /** @return the endpoint expiry as text ({@code 10m}) or milliseconds */
    public String getEndpointExpiry() {
        return endpointExpiry;
    }

    /** @param value how long an unused endpoint pool lives: text ({@code 10m}) or milliseconds, 0 = never */
    public void setEndpointExpiry(String value) {
        this.endpointExpiry = value;
    }

    /** @return whether MBeans are registered */
    public Boolean getJmxEnabled() {
        return jmxEnabled;
    }

    /** @param value whether to register MBeans */
    public void setJmxEnabled(Boolean value) {
        this.jmxEnabled = value;
    }

    /** @return whether the MBeans are published read-only */
    public Boolean getJmxReadOnly() {
        return jmxReadOnly;
    }

    /** @param value whether the MBeans refuse writes and operations */
    public void setJmxReadOnly(Boolean value) {
        this.jmxReadOnly = value;
    }

    /**
     * Identity: each adapter instance (each activation in the server) owns its own pools, so two
     * instances are never interchangeable even with equal settings.
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
