package io.conpool.jmx;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.InvalidEndpointException;
import java.util.Map;
import java.util.TreeMap;

/** {@link PoolMXBean} over a live pool. */
final class PoolView implements PoolMXBean {
    private final ConnectionPool<?> pool;
    private final boolean readOnly;

    PoolView(ConnectionPool<?> pool, boolean readOnly) {
        this.pool = pool;
        this.readOnly = readOnly;
    }

    private void refuseIfReadOnly(String what) {
        if (readOnly) {
            throw JmxAudit.readOnly(pool.name(), what);
        }
    }

    private String target() {
        return "pool '" + pool.name() + "'";
    }

    private EndpointStats totals() {
        return pool.totals();
    }

    @Override
    public String getName() {
        return pool.name();
    }

    @Override
    public String getProtocol() {
        return pool.handler().name();
    }

    @Override
    public int getMaxTotalConnections() {
        return pool.config().maxTotalConnections();
    }

    @Override
    public String[] getEndpoints() {
        return pool.endpoints().stream().map(Endpoint::toString).sorted().toArray(String[]::new);
    }

    @Override
    public int getActive() {
        return totals().active();
    }

    @Override
    public int getIdle() {
        return totals().idle();
    }

    @Override
    public int getConnecting() {
        return totals().connecting();
    }

    @Override
    public int getWaiting() {
        return totals().waiting();
    }

    @Override
    public long getTotalCreated() {
        return totals().totalCreated();
    }

    @Override
    public long getTotalReused() {
        return totals().totalReused();
    }

    @Override
    public long getCacheMisses() {
        return totals().cacheMisses();
    }

    @Override
    public long getTotalClosed() {
        return totals().totalClosed();
    }

    @Override
    public long getErrors() {
        return totals().errors();
    }

    @Override
    public long getAcquireTimeouts() {
        return totals().acquireTimeouts();
    }

    @Override
    public Map<String, EndpointStats> getAllStats() {
        Map<String, EndpointStats> out = new TreeMap<>();
        pool.allStats().forEach((e, s) -> out.put(e.toString(), s));
        return out;
    }

    @Override
    public void clearEndpoint(String host, int port, boolean tls) {
        Endpoint e;
        try {
            e = new Endpoint(host, port, tls);
        } catch (InvalidEndpointException ex) {
            throw new IllegalArgumentException(ex.getMessage());
        }
        refuseIfReadOnly("clearEndpoint(" + e + ")");
        pool.clearEndpoint(e);
        JmxAudit.invoked(target(), "clearEndpoint(" + e + ")", "");
    }

    @Override
    public void clearAll() {
        refuseIfReadOnly("clearAll()");
        pool.clearAll();
        JmxAudit.invoked(target(), "clearAll()", "");
    }

    @Override
    public String[] reloadTls() {
        refuseIfReadOnly("reloadTls()");
        java.util.List<String> now;
        try {
            now = pool.reloadTls();
        } catch (io.conpool.InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage()); // a JDK type: remote clients show it
        }
        JmxAudit.invoked(target(), "reloadTls()", now.isEmpty() ? "no TLS files in use" : String.join(" | ", now));
        return now.toArray(String[]::new);
    }
}
