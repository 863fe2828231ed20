package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.PoolConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the pool notes about the leases of one endpoint, only when somebody watches: the acquire
 * time in the lease itself when a connection listener wants hold times, and a {@link LeakRecord}
 * (with the acquirer's stack) while leak detection is on. Reports leases held longer than
 * {@code leakDetectionThreshold} (once each). With neither, it records nothing.
 */
final class LeaseRecords {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final Endpoint endpoint;
    private final PoolClock clock;
    private final ConnectionEvents events;
    private final ConcurrentHashMap<PoolLease<?>, LeakRecord> records = new ConcurrentHashMap<>();

    LeaseRecords(Endpoint endpoint, PoolClock clock, ConnectionEvents events) {
        this.endpoint = endpoint;
        this.clock = clock;
        this.events = events;
    }

    /** Notes a new lease: its start for the listeners' hold times, its stack for leak detection. */
    void leased(PoolLease<?> lease, PoolConfig cfg) {
        if (events.enabled()) {
            long t = System.nanoTime();
            lease.acquiredAt = t != 0 ? t : 1; // 0 means "not timed"
        }
        if (!cfg.leakDetectionThreshold().isZero()) {
            records.put(lease, new LeakRecord(clock.exact(), new Throwable("connection to " + endpoint + " acquired here")));
        }
    }

    /** Forgets a returned lease and tells the listeners how long it was held. */
    void returned(PoolLease<?> lease) {
        long t = lease.acquiredAt;
        if (t != 0 && events.enabled()) {
            events.released(endpoint, System.nanoTime() - t);
        }
        if (!records.isEmpty()) {
            records.remove(lease);
        }
    }

    /**
     * Logs (once each) the leases held longer than the threshold.
     *
     * @param now pool clock time
     * @return pool clock time the next unreported lease reaches the threshold, or {@code Long.MAX_VALUE}
     */
    long reportLeaks(long now, PoolConfig cfg) {
        long threshold = cfg.leakDetectionThreshold().toNanos();
        if (threshold <= 0 || records.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long due = Long.MAX_VALUE;
        for (LeakRecord l : records.values()) {
            if (l.reported) {
                continue;
            }
            long held = now - l.acquiredAt;
            if (held >= threshold) {
                l.reported = true; // only the housekeeping thread reads and writes it
                LOG.log(System.Logger.Level.WARNING, "conpool: possible connection leak: a lease on " + endpoint
                        + " has been held for " + TimeUnit.NANOSECONDS.toMillis(held)
                        + " ms (leakDetectionThreshold=" + cfg.leakDetectionThreshold().toMillis()
                        + " ms); close it with try-with-resources. Acquired at:", l.acquiredBy);
                if (events.enabled()) {
                    events.leakSuspected(endpoint, held, l.acquiredBy);
                }
            } else {
                due = Math.min(due, l.acquiredAt + threshold);
            }
        }
        return due;
    }
}
