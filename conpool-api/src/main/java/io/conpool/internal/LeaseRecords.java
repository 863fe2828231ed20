package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.PoolConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The leases of one endpoint that somebody watches: kept only while leak detection is on or a
 * connection listener wants hold times, so the common case records nothing. Reports leases held
 * longer than {@code leakDetectionThreshold} (once each) and tells the listeners how long each
 * lease was held.
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

    /** Records a new lease when leak detection or a listener needs it. */
    void leased(PoolLease<?> lease, PoolConfig cfg) {
        boolean leakCheck = !cfg.leakDetectionThreshold().isZero();
        if (leakCheck || events.enabled()) {
            records.put(lease, new LeakRecord(clock.exact(), System.nanoTime(),
                    leakCheck ? new Throwable("connection to " + endpoint + " acquired here") : null));
        }
    }

    /** Forgets a returned lease and tells the listeners how long it was held. */
    void returned(PoolLease<?> lease) {
        if (records.isEmpty()) {
            return;
        }
        LeakRecord r = records.remove(lease);
        if (r != null && events.enabled()) {
            events.released(endpoint, System.nanoTime() - r.acquiredAtExact);
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
            if (l.reported || l.acquiredBy == null) {
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
