package io.conpool;

/**
 * An immutable snapshot of one endpoint pool's numbers. At every quiet point
 * {@code totalCreated - totalClosed == active + idle}.
 *
 * @param active         connections leased to at least one holder
 * @param idle           open connections leased to nobody
 * @param connecting     connections being opened (slots reserved, not yet counted as created)
 * @param waiting        callers waiting for a connection
 * @param totalCreated   connections opened successfully since the pool started
 * @param totalReused    leases served by an existing connection (cache hits)
 * @param cacheMisses    leases that needed a new connection
 * @param totalClosed    connections closed
 * @param errors         failed connection attempts, failed validations, and invalidated leases
 * @param acquireTimeouts callers that gave up after acquireTimeout or were refused by maxWaitersPerEndpoint
 */
public record EndpointStats(int active, int idle, int connecting, int waiting, long totalCreated, long totalReused,
                            long cacheMisses, long totalClosed, long errors, long acquireTimeouts) {

    /** The numbers of an endpoint nobody has used. */
    public static final EndpointStats EMPTY = new EndpointStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** @return {@code active + idle}: the open connections */
    public int open() {
        return active + idle;
    }

    /**
     * @param other another snapshot
     * @return the element-wise sum, for pool-wide totals
     */
    public EndpointStats plus(EndpointStats other) {
        return new EndpointStats(active + other.active, idle + other.idle, connecting + other.connecting,
                waiting + other.waiting, totalCreated + other.totalCreated, totalReused + other.totalReused,
                cacheMisses + other.cacheMisses, totalClosed + other.totalClosed, errors + other.errors,
                acquireTimeouts + other.acquireTimeouts);
    }
}
