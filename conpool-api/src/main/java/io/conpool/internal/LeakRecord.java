package io.conpool.internal;

/**
 * When and where a lease was taken: kept by the endpoint pool while the lease is out, only when
 * leak detection or a connection listener needs it.
 */
final class LeakRecord {
    /** Pool clock time of the acquire (compared with the leak threshold). */
    final long acquiredAt;
    /** {@link System#nanoTime()} of the acquire (for the listener's held time). */
    final long acquiredAtExact;
    /** The acquirer's stack, or null when leak detection is off. */
    final Throwable acquiredBy;
    /** Set once the warning was logged. */
    boolean reported;

    LeakRecord(long acquiredAt, long acquiredAtExact, Throwable acquiredBy) {
        this.acquiredAt = acquiredAt;
        this.acquiredAtExact = acquiredAtExact;
        this.acquiredBy = acquiredBy;
    }
}
