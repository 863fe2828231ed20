package io.conpool.internal;

import io.conpool.CloseReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One open connection of an endpoint pool, with its state in one atomic word that callers claim
 * and release by CAS, without a lock:
 * <ul>
 *   <li>holders (low 16 bits): 0 = idle, 1 = leased, n = shared by n holders (up to {@link #capacity});</li>
 *   <li>{@link #RETIRING}: draining, no new holder; closed when the last holder returns it;</li>
 *   <li>{@link #CLOSED}: out of the pool; exactly one thread (the one whose CAS set it) closes the socket.</li>
 * </ul>
 * The other mutable fields are written by a holder before the CAS that releases it, or under the
 * endpoint pool's lock, as said on each.
 */
final class PooledConnection<S> {
    static final int HOLDERS = 0xFFFF;
    static final int RETIRING = 1 << 29;
    static final int CLOSED = 1 << 30;

    private static final VarHandle STATE;
    private static final VarHandle USES;
    private static final VarHandle FAILED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(PooledConnection.class, "word", int.class);
            USES = l.findVarHandle(PooledConnection.class, "uses", int.class);
            FAILED = l.findVarHandle(PooledConnection.class, "failed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The endpoint pool it belongs to (leases reach it through here); null only in tests of the state word. */
    final EndpointPool<S> owner;
    final SocketTransport transport;
    final S state;
    /** Pool clock time of creation. */
    final long createdAt;
    /** Creation time plus the lifetime, shortened by up to 2.5 % jitter. */
    final long expiresAt;
    final boolean staleCheckAllowed;
    /**
     * The protocol state is the transport itself ({@code raw}): holders get a {@link GuardedLease}
     * view, and the pool owns the socket's read timeout.
     */
    final boolean exposesTransport;

    /** The state word: holders and flags (see the class comment). */
    private volatile int word;
    /** How many holders it may have at once (0 = no new holder). Written by the handler's callback or at creation. */
    volatile int capacity;
    /** The endpoint pool's generation when it joined; older ones are closed when returned ({@code clear}). */
    int generation;
    /** Times it was leased (atomic for shared connections; exclusive holders publish it with the release CAS). */
    private volatile int uses;
    /** Pool clock time the last holder returned it; written before the release CAS. */
    long idleSince;
    /** Counted once in the pool's errors (broken, invalidated, failed validation). */
    private volatile boolean failed;
    /** SO_TIMEOUT in ms the pool last set (raw connections; -1 = unknown). Written by the leasing thread. */
    int appliedReadTimeout = -1;
    /** A holder asked for the socket and may have changed its options. Written by the holder. */
    boolean optionsTouched;
    /** Why it is retiring; the first reason given wins. */
    private volatile CloseReason closeReason;

    PooledConnection(EndpointPool<S> owner, SocketTransport transport, S state, long createdAt, long expiresAt,
                     int capacity, boolean staleCheckAllowed) {
        this.owner = owner;
        this.transport = transport;
        this.state = state;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.capacity = capacity;
        this.staleCheckAllowed = staleCheckAllowed;
        this.exposesTransport = state == transport;
        this.idleSince = createdAt;
    }

    /**
     * Becomes one more holder, if it has room and is neither retiring nor closed.
     *
     * @return whether the caller now holds it
     */
    boolean tryClaim() {
        for (;;) {
            int w = word;
            if ((w & (RETIRING | CLOSED)) != 0 || (w & HOLDERS) >= capacity) {
                return false;
            }
            if (STATE.compareAndSet(this, w, w + 1)) {
                return true;
            }
        }
    }

    /**
     * One holder fewer. If it was retiring and this was the last holder, it becomes {@link #CLOSED}
     * and the caller must close it.
     *
     * @return whether the caller must close it now
     */
    boolean release() {
        for (;;) {
            int w = word;
            int next = w - 1;
            boolean close = (next & RETIRING) != 0 && (next & HOLDERS) == 0;
            if (close) {
                next |= CLOSED;
            }
            if (STATE.compareAndSet(this, w, next)) {
                return close;
            }
        }
    }

    /**
     * Stops new holders, recording {@code reason}. If nobody holds it, it becomes {@link #CLOSED} at once and the caller must
     * close it; otherwise the last holder's {@link #release()} does.
     *
     * @return whether the caller must close it now (false also when it was already retiring)
     */
    boolean retire(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason; // before the CAS, so whoever closes it reads it
        }
        for (;;) {
            int w = word;
            if ((w & RETIRING) != 0) {
                return false;
            }
            int next = (w & HOLDERS) == 0 ? w | RETIRING | CLOSED : w | RETIRING;
            if (STATE.compareAndSet(this, w, next)) {
                return (next & CLOSED) != 0;
            }
        }
    }

    /**
     * Closes it only if it is idle right now (expiry, eviction): a caller that claims it at the same
     * moment wins and the connection stays.
     *
     * @return whether the caller must close it now
     */
    boolean retireIfIdle(CloseReason reason) {
        if (STATE.compareAndSet(this, 0, RETIRING | CLOSED)) {
            closeReason = reason;
            return true;
        }
        return false;
    }

    /** @return why it was retired ({@link CloseReason#CLEARED} if no reason was recorded) */
    CloseReason closeReason() {
        CloseReason r = closeReason;
        return r != null ? r : CloseReason.CLEARED;
    }

    /** Sets the first holders of a new connection, before it is published to other threads. */
    void initHolders(int holders) {
        STATE.set(this, holders);
    }

    /** @return how many hold it now */
    int holders() {
        return word & HOLDERS;
    }

    /** @return whether it is open, not retiring, and nobody holds it */
    boolean isIdle() {
        return word == 0;
    }

    /** @return whether it is out of the pool (its closer has been chosen) */
    boolean isClosed() {
        return (word & CLOSED) != 0;
    }

    /** @return whether it takes no new holder */
    boolean isRetiring() {
        return (word & RETIRING) != 0;
    }

    /** Counts one lease; exclusive holders own the field, shared ones add atomically. */
    void countUse() {
        if (capacity <= 1) {
            USES.setOpaque(this, (int) USES.getOpaque(this) + 1);
        } else {
            USES.getAndAdd(this, 1);
        }
    }

    /** @return how many times it was leased */
    int uses() {
        return uses;
    }

    /** @return true the first time only: count this connection once in the errors */
    boolean markFailed() {
        return !failed && FAILED.compareAndSet(this, false, true);
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
