package io.conpool.internal;

/**
 * When and where a lease was taken: kept by the endpoint pool while the lease is out and leak
 * detection is on.
 */
final class LeakRecord {
    /** Pool clock time of the acquire (compared with the leak threshold). */
    final long acquiredAt;
    /** The acquirer's stack. */
    final Throwable acquiredBy;
    /** Set once the warning was logged. */
    boolean reported;

    LeakRecord(long acquiredAt, Throwable acquiredBy) {
        this.acquiredAt = acquiredAt;
        this.acquiredBy = acquiredBy;
    }
}
