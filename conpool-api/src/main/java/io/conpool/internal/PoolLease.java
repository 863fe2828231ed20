package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.Lease;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link Lease} on a pooled connection; the first of close/invalidate gives it back. Kept small
 * (one per acquire, 40 bytes with the {@code raw} handler's {@link GuardedLease} view): the endpoint
 * pool is reached through the connection, "reused" is a bit of the state word, and the acquire
 * time is filled in only for connection listeners. Leak-detection data lives in a
 * {@link LeakRecord} kept by the pool.
 */
class PoolLease<S> implements Lease<S> {
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(PoolLease.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int ENDED = 1;
    private static final int REUSED = 2;

    final PooledConnection<S> conn;
    /** {@link #ENDED} once closed or invalidated; {@link #REUSED} if the connection was reused. */
    @SuppressWarnings("unused")
    private volatile int done;
    /** {@link System#nanoTime()} of the acquire when a connection listener wants hold times, else 0. */
    long acquiredAt;

    PoolLease(PooledConnection<S> conn, boolean reused) {
        this.conn = conn;
        this.done = reused ? REUSED : 0;
    }

    private EndpointPool<S> pool() {
        return conn.owner;
    }

    @Override
    public S connection() {
        if ((done & ENDED) != 0) {
            throw new IllegalStateException("lease on " + pool().endpoint() + " was already closed or invalidated; acquire a new one");
        }
        return conn.state;
    }

    @Override
    public Endpoint endpoint() {
        return pool().endpoint();
    }

    @Override
    public boolean isReused() {
        return (done & REUSED) != 0;
    }

    @Override
    public void invalidate() {
        if (end()) {
            pool().release(this, true);
        }
    }

    @Override
    public void close() {
        if (end()) {
            pool().release(this, false);
        }
    }

    /** @return true for the first caller only: the one that gives the connection back */
    private boolean end() {
        int d = done;
        return (d & ENDED) == 0 && DONE.compareAndSet(this, d, d | ENDED);
    }

    boolean isDone() {
        return (done & ENDED) != 0;
    }

    /** @return whether a read or write through this lease is running right now */
    boolean ioInFlight() {
        return false;
    }

    @Override
    public String toString() {
        return "Lease[" + conn + (isReused() ? ", reused" : ", new") + (isDone() ? ", returned" : "") + "]";
    }
}
