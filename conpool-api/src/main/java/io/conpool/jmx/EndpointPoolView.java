package io.conpool.jmx;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.InvalidConfigException;
import io.conpool.PoolConfig;
import java.time.Duration;
import java.util.function.Function;

/** {@link EndpointPoolMXBean} over one endpoint of a live pool; limits are written with {@link ConnectionPool#configure}. */
final class EndpointPoolView implements EndpointPoolMXBean {
    private final ConnectionPool<?> pool;
    private final Endpoint endpoint;
    private final Object configLock;

    EndpointPoolView(ConnectionPool<?> pool, Endpoint endpoint, Object configLock) {
        this.pool = pool;
        this.endpoint = endpoint;
        this.configLock = configLock;
    }

    private EndpointStats stats() {
        return pool.stats(endpoint);
    }

    private PoolConfig config() {
        return pool.config(endpoint);
    }

    private long millis(Function<PoolConfig, Duration> setting) {
        return setting.apply(config()).toMillis();
    }

    /**
     * Changes one setting of this endpoint (read-modify-write under the pool's config lock). The
     * error is a plain IllegalArgumentException so remote JMX clients without conpool classes can show it.
     */
    private void set(String setting, Number value) {
        synchronized (configLock) {
            PoolConfig updated;
            try {
                updated = config().toBuilder().set(setting, value).build();
            } catch (InvalidConfigException e) {
                throw new IllegalArgumentException(e.getMessage() + " (endpoint " + endpoint + " unchanged)");
            }
            pool.configure(endpoint, updated);
        }
    }

    @Override
    public String getPoolName() {
        return pool.name();
    }

    @Override
    public String getEndpoint() {
        return endpoint.toString();
    }

    @Override
    public String getHost() {
        return endpoint.host();
    }

    @Override
    public int getPort() {
        return endpoint.port();
    }

    @Override
    public boolean isTls() {
        return endpoint.tls();
    }

    @Override
    public int getActive() {
        return stats().active();
    }

    @Override
    public int getIdle() {
        return stats().idle();
    }

    @Override
    public int getConnecting() {
        return stats().connecting();
    }

    @Override
    public int getWaiting() {
        return stats().waiting();
    }

    @Override
    public int getOpen() {
        return stats().open();
    }

    @Override
    public long getTotalCreated() {
        return stats().totalCreated();
    }

    @Override
    public long getTotalReused() {
        return stats().totalReused();
    }

    @Override
    public long getCacheMisses() {
        return stats().cacheMisses();
    }

    @Override
    public long getTotalClosed() {
        return stats().totalClosed();
    }

    @Override
    public long getErrors() {
        return stats().errors();
    }

    @Override
    public long getAcquireTimeouts() {
        return stats().acquireTimeouts();
    }

    @Override
    public String getConfiguration() {
        return config().toString();
    }

    @Override
    public int getMaxConnectionsPerEndpoint() {
        return config().maxConnectionsPerEndpoint();
    }

    @Override
    public void setMaxConnectionsPerEndpoint(int value) {
        set("maxConnectionsPerEndpoint", value);
    }

    @Override
    public long getMaxIdleTime() {
        return millis(PoolConfig::maxIdleTime);
    }

    @Override
    public void setMaxIdleTime(long millis) {
        set("maxIdleTime", millis);
    }

    @Override
    public long getMaxConnectionLifetime() {
        return millis(PoolConfig::maxConnectionLifetime);
    }

    @Override
    public void setMaxConnectionLifetime(long millis) {
        set("maxConnectionLifetime", millis);
    }

    @Override
    public int getMaxConnectionUses() {
        return config().maxConnectionUses();
    }

    @Override
    public void setMaxConnectionUses(int value) {
        set("maxConnectionUses", value);
    }

    @Override
    public long getConnectTimeout() {
        return millis(PoolConfig::connectTimeout);
    }

    @Override
    public void setConnectTimeout(long millis) {
        set("connectTimeout", millis);
    }

    @Override
    public int getConnectRetryCount() {
        return config().connectRetryCount();
    }

    @Override
    public void setConnectRetryCount(int value) {
        set("connectRetryCount", value);
    }

    @Override
    public long getConnectRetryDelay() {
        return millis(PoolConfig::connectRetryDelay);
    }

    @Override
    public void setConnectRetryDelay(long millis) {
        set("connectRetryDelay", millis);
    }

    @Override
    public long getAcquireTimeout() {
        return millis(PoolConfig::acquireTimeout);
    }

    @Override
    public void setAcquireTimeout(long millis) {
        set("acquireTimeout", millis);
    }

    @Override
    public int getMaxWaitersPerEndpoint() {
        return config().maxWaitersPerEndpoint();
    }

    @Override
    public void setMaxWaitersPerEndpoint(int value) {
        set("maxWaitersPerEndpoint", value);
    }

    @Override
    public long getValidateAfterInactivity() {
        return millis(PoolConfig::validateAfterInactivity);
    }

    @Override
    public void setValidateAfterInactivity(long millis) {
        set("validateAfterInactivity", millis);
    }

    @Override
    public int getMinIdlePerEndpoint() {
        return config().minIdlePerEndpoint();
    }

    @Override
    public void setMinIdlePerEndpoint(int value) {
        set("minIdlePerEndpoint", value);
    }

    @Override
    public long getLeakDetectionThreshold() {
        return millis(PoolConfig::leakDetectionThreshold);
    }

    @Override
    public void setLeakDetectionThreshold(long millis) {
        set("leakDetectionThreshold", millis);
    }

    @Override
    public void clearEndpoint() {
        pool.clearEndpoint(endpoint);
    }
}
