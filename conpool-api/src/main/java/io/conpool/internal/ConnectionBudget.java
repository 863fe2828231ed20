package io.conpool.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool-wide cap on open connections ({@code maxTotalConnections}): a counter reserved by CAS
 * before connecting, and a queue of endpoint pools whose callers wait only because the cap is
 * reached. A freed slot goes to those pools in arrival order.
 */
final class ConnectionBudget {
    private final int max;
    private final AtomicInteger used = new AtomicInteger();
    private final ConcurrentLinkedQueue<EndpointPool<?>> starved = new ConcurrentLinkedQueue<>();

    ConnectionBudget(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    int used() {
        return used.get();
    }

    boolean tryAcquire() {
        for (;;) {
            int u = used.get();
            if (u >= max) {
                return false;
            }
            if (used.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /** Gives a slot back; the caller then calls {@link #serveStarved()} outside any lock. */
    void release() {
        used.decrementAndGet();
    }

    boolean hasStarved() {
        return !starved.isEmpty();
    }

    /** Called by an endpoint pool, under its own lock, when it has callers blocked by the cap. */
    void addStarved(EndpointPool<?> pool) {
        starved.add(pool);
    }

    /** Called by an endpoint pool, under its own lock, when it no longer waits for the cap. */
    void removeStarved(EndpointPool<?> pool) {
        starved.remove(pool);
    }

    /** Moves a pool to the back of the queue (round robin between starved endpoints). */
    void requeueStarved(EndpointPool<?> pool) {
        starved.remove(pool);
        starved.add(pool);
    }

    /** Offers free slots to starved pools, oldest first, until the cap is reached again. Call with no lock held. */
    void serveStarved() {
        EndpointPool<?> p;
        int guard = 0;
        while ((p = starved.peek()) != null && guard++ < 10_000) {
            if (!p.offerGlobalSlot()) {
                return;
            }
        }
    }
}
