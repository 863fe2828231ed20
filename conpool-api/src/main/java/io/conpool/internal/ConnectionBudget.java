package io.conpool.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool-wide cap on open connections ({@code maxTotalConnections}): a counter reserved by CAS
 * before connecting, and a FIFO of callers (of any endpoint) that wait only because the cap is
 * reached. A freed slot is passed straight to the oldest of them ({@link Waiter#GLOBAL}), so the
 * endpoints blocked by the cap are served in arrival order.
 *
 * <p>A leaf: it knows waiters and a number, never the endpoint pools that call it.
 */
final class ConnectionBudget {
    private final int max;
    private final AtomicInteger used = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiter> blocked = new ConcurrentLinkedQueue<>();

    ConnectionBudget(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    int used() {
        return used.get();
    }

    /** @return whether a slot was reserved (the caller must {@link #release()} it later) */
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

    /** Gives a slot back: to the oldest caller blocked by the cap, or to the counter. */
    void release() {
        for (;;) {
            Waiter w;
            while ((w = blocked.poll()) != null) {
                if (w.offer(Waiter.GLOBAL)) {
                    return; // the slot changes hands; the count stays
                }
            }
            used.decrementAndGet();
            // a caller that queued after the poll retries tryAcquire after queueing (see block); and
            // if one is queued now but its retry came before the decrement, take the slot back for it
            if (blocked.isEmpty() || !tryAcquire()) {
                return;
            }
        }
    }

    /**
     * Queues {@code w} for the next freed slot, then tries once more so that a slot freed just
     * before the queueing is not missed.
     *
     * @return true when the retry reserved a slot for the caller; it is still queued (it calls
     * {@link #cancel}, and a {@link Waiter#GLOBAL} offered meanwhile is a second slot to release)
     */
    boolean block(Waiter w) {
        blocked.add(w);
        return tryAcquire();
    }

    /**
     * Takes {@code w} out of the queue.
     *
     * @return false when it was no longer queued: a slot may have been (or be about to be) offered
     * to it, which the caller then owns if it takes it
     */
    boolean cancel(Waiter w) {
        return blocked.remove(w);
    }

    /** @return whether any caller waits for the cap */
    boolean hasBlocked() {
        return !blocked.isEmpty();
    }

    /**
     * @return whether a newcomer may take a slot it frees itself (by evicting an idle connection)
     * ahead of the callers waiting for the cap: only while the oldest of them has waited less than
     * {@link EndpointSlots#BARGE_BOUND_NANOS}, the same bound as at an endpoint
     */
    boolean mayBarge() {
        Waiter oldest = blocked.peek();
        return oldest == null || System.nanoTime() - oldest.since <= EndpointSlots.BARGE_BOUND_NANOS;
    }
}
