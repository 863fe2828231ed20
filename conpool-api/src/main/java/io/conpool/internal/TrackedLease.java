package io.conpool.internal;

/** A lease watched by leak detection: when and where it was acquired, and whether it was reported. */
final class TrackedLease<S> extends PoolLease<S> {
    /** Ticker time of acquisition. */
    final long acquiredAt;
    /** The acquirer's stack. */
    final Throwable acquiredBy;
    volatile boolean leakReported;

    TrackedLease(EndpointPool<S> pool, PooledConnection<S> conn, boolean reused, long acquiredAt) {
        super(pool, conn, reused);
        this.acquiredAt = acquiredAt;
        this.acquiredBy = new Throwable("connection to " + pool.endpoint() + " acquired here");
    }
}
