package io.conpool.internal;

/** What leak detection keeps of a lease: when and where it was acquired, and whether it was reported. */
final class LeakRecord {
    /** Ticker time of acquisition. */
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
