package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.Lease;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link Lease} on a pooled connection; the first of close/invalidate gives it back. Kept small
 * (one per acquire); the leak-detection data lives in a {@link LeakRecord} kept by the pool, and
 * the {@code raw} handler's guarded view in the {@link GuardedLease} subclass.
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

    final EndpointPool<S> pool;
    final PooledConnection<S> conn;
    private final boolean reused;
    @SuppressWarnings("unused")
    private volatile int done;

    PoolLease(EndpointPool<S> pool, PooledConnection<S> conn, boolean reused) {
        this.pool = pool;
        this.conn = conn;
        this.reused = reused;
    }

    @Override
    public S connection() {
        if (done != 0) {
            throw new IllegalStateException("lease on " + pool.endpoint() + " was already closed or invalidated; acquire a new one");
        }
        return conn.state;
    }

    @Override
    public Endpoint endpoint() {
        return pool.endpoint();
    }

    @Override
    public boolean isReused() {
        return reused;
    }

    @Override
    public void invalidate() {
        if (DONE.compareAndSet(this, 0, 1)) {
            pool.release(this, true);
        }
    }

    @Override
    public void close() {
        if (DONE.compareAndSet(this, 0, 1)) {
            pool.release(this, false);
        }
    }

    boolean isDone() {
        return done != 0;
    }

    /** @return whether a read or write through this lease is running right now */
    boolean ioInFlight() {
        return false;
    }

    @Override
    public String toString() {
        return "Lease[" + conn + (reused ? ", reused" : ", new") + (done != 0 ? ", returned" : "") + "]";
    }
}
