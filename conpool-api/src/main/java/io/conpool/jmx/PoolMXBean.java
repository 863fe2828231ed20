package io.conpool.jmx;

import io.conpool.EndpointStats;
import java.util.Map;

/**
 * Management view of a whole connection pool, registered as {@code io.conpool:type=Pool,name=<poolName>}:
 * totals over its endpoints, every endpoint's numbers, and clearing.
 */
@Description("conpool connection pool: totals over all endpoints, per-endpoint numbers, clearing")
public interface PoolMXBean {

    /** @return the pool's name */
    @Description("Name of the pool")
    String getName();

    /** @return the protocol handler's name */
    @Description("Protocol handler of the pool's connections (raw, http2, ...)")
    String getProtocol();

    /** @return the pool-wide cap */
    @Description("Maximum connections open across all endpoints of the pool")
    int getMaxTotalConnections();

    /** @return the endpoints served */
    @Description("Endpoints the pool has served (host:port[/tls])")
    String[] getEndpoints();

    /** @return active over all endpoints */
    @Description("Connections leased now, all endpoints")
    int getActive();

    /** @return idle over all endpoints */
    @Description("Idle connections, all endpoints")
    int getIdle();

    /** @return connecting over all endpoints */
    @Description("Connections being opened now, all endpoints")
    int getConnecting();

    /** @return waiting over all endpoints */
    @Description("Callers waiting for a connection now, all endpoints")
    int getWaiting();

    /** @return opened over all endpoints */
    @Description("Connections opened since start, all endpoints")
    long getTotalCreated();

    /** @return cache hits over all endpoints */
    @Description("Leases served by an existing connection, all endpoints")
    long getTotalReused();

    /** @return cache misses over all endpoints */
    @Description("Leases that needed a new connection, all endpoints")
    long getCacheMisses();

    /** @return closed over all endpoints */
    @Description("Connections closed since start, all endpoints")
    long getTotalClosed();

    /** @return errors over all endpoints */
    @Description("Connect failures, failed validations and invalidations, all endpoints")
    long getErrors();

    /** @return acquire timeouts over all endpoints */
    @Description("Callers that gave up waiting, all endpoints")
    long getAcquireTimeouts();

    /**
     * @return per endpoint ({@code host:port[/tls]}) its numbers; over JMX a TabularData whose rows
     *         are {@code key} (the endpoint) and {@code value}, a CompositeData with one item per
     *         component of the {@link EndpointStats} record
     */
    @Description("Every endpoint's numbers: a table keyed by host:port[/tls]")
    Map<String, EndpointStats> getAllStats();

    /**
     * @param host the endpoint's host
     * @param port its port
     * @param tls  whether it is the TLS endpoint
     * @throws IllegalArgumentException if host or port is invalid
     */
    @Description("Close the idle connections of one endpoint now; leased ones are closed when returned")
    void clearEndpoint(@Description(name = "host", value = "Host name or IP address of the endpoint") String host,
                       @Description(name = "port", value = "TCP port of the endpoint") int port,
                       @Description(name = "tls", value = "true for the TLS endpoint, false for plain TCP") boolean tls);

    /**
     * Reads the TLS trust and key files of the pool again for new connections; open ones drain at their
     * own pace. All or nothing: a failing file replaces nothing.
     *
     * @return one line per material now in use (no secrets)
     * @throws IllegalArgumentException naming the file that failed; the material in use stays
     */
    @Description("Read the TLS trust and key files again: new connections use the new material, open ones drain at their own pace; if any file fails nothing is replaced")
    String[] reloadTls();

    /** Clears every endpoint. */
    @Description("Close the idle connections of every endpoint now")
    void clearAll();
}
