package io.conpool.jmx;

import io.conpool.EndpointStats;
import javax.management.ConstructorParameters;

/**
 * One endpoint's numbers in the form JMX clients see as a {@code CompositeData} row of
 * {@link PoolMXBean#getAllStats()}.
 */
public final class EndpointStatsData {
    private final int active;
    private final int idle;
    private final int connecting;
    private final int waiting;
    private final long totalCreated;
    private final long totalReused;
    private final long cacheMisses;
    private final long totalClosed;
    private final long errors;
    private final long acquireTimeouts;

    /**
     * @param active          leased connections
     * @param idle            idle connections
     * @param connecting      connections being opened
     * @param waiting         waiting callers
     * @param totalCreated    connections opened
     * @param totalReused     cache hits
     * @param cacheMisses     cache misses
     * @param totalClosed     connections closed
     * @param errors          errors
     * @param acquireTimeouts callers that gave up
     */
    @ConstructorParameters({"active", "idle", "connecting", "waiting", "totalCreated", "totalReused", "cacheMisses",
            "totalClosed", "errors", "acquireTimeouts"})
    public EndpointStatsData(int active, int idle, int connecting, int waiting, long totalCreated, long totalReused,
                             long cacheMisses, long totalClosed, long errors, long acquireTimeouts) {
        this.active = active;
        this.idle = idle;
        this.connecting = connecting;
        this.waiting = waiting;
        this.totalCreated = totalCreated;
        this.totalReused = totalReused;
        this.cacheMisses = cacheMisses;
        this.totalClosed = totalClosed;
        this.errors = errors;
        this.acquireTimeouts = acquireTimeouts;
    }

    /**
     * @param s a snapshot
     * @return the same numbers
     */
    public static EndpointStatsData of(EndpointStats s) {
        return new EndpointStatsData(s.active(), s.idle(), s.connecting(), s.waiting(), s.totalCreated(),
                s.totalReused(), s.cacheMisses(), s.totalClosed(), s.errors(), s.acquireTimeouts());
    }

    /** @return leased connections */
    public int getActive() {
        return active;
    }

    /** @return idle connections */
    public int getIdle() {
        return idle;
    }

    /** @return connections being opened */
    public int getConnecting() {
        return connecting;
    }

    /** @return waiting callers */
    public int getWaiting() {
        return waiting;
    }

    /** @return connections opened */
    public long getTotalCreated() {
        return totalCreated;
    }

    /** @return cache hits */
    public long getTotalReused() {
        return totalReused;
    }

    /** @return cache misses */
    public long getCacheMisses() {
        return cacheMisses;
    }

    /** @return connections closed */
    public long getTotalClosed() {
        return totalClosed;
    }

    /** @return errors */
    public long getErrors() {
        return errors;
    }

    /** @return callers that gave up */
    public long getAcquireTimeouts() {
        return acquireTimeouts;
    }
}
