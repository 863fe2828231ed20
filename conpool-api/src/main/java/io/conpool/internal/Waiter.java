package io.conpool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A caller parked until it is given something: a connection claimed on its behalf, a reserved
 * slot, a signal to try again, a global slot from the {@link ConnectionBudget}, or an error. The
 * first {@link #offer} wins; the waiter takes the result with {@link #take()}, which makes it
 * ready for the next offer.
 */
final class Waiter {
    /** Result: a slot (endpoint and global) is reserved for you; open a connection. */
    static final Object PERMIT = new Marker("PERMIT");
    /** Result: something was freed; try again (you are no longer queued). */
    static final Object SIGNAL = new Marker("SIGNAL");
    /** Result: the global budget gave you one slot (you are still queued at your endpoint). */
    static final Object GLOBAL = new Marker("GLOBAL");
    /** The wait is over; nothing more can be offered. */
    private static final Object DONE = new Marker("DONE");

    private static final VarHandle RESULT;

    static {
        try {
            RESULT = MethodHandles.lookup().findVarHandle(Waiter.class, "result", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    final Thread thread = Thread.currentThread();
    /** {@link System#nanoTime()} when it first queued; kept when it queues again after a lost race. */
    final long since;
    @SuppressWarnings("unused")
    private volatile Object result;

    Waiter(long since) {
        this.since = since;
    }

    /**
     * Gives the waiter {@code r} and wakes it, unless it already holds an untaken result.
     *
     * @return whether the waiter took the offer (otherwise the offerer keeps {@code r})
     */
    boolean offer(Object r) {
        if (RESULT.compareAndSet(this, null, r)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    /** @return the result offered, or null; a non-null result is removed (the waiter owns it now) */
    Object take() {
        Object r = result;
        if (r == null || r == DONE) {
            return null;
        }
        RESULT.compareAndSet(this, r, null); // only offer() sets it, and only from null
        return r;
    }

    /**
     * Ends the wait: later offers fail.
     *
     * @return a result offered but not taken (the caller disposes of it), or null
     */
    Object close() {
        Object r = RESULT.getAndSet(this, DONE);
        return r == DONE ? null : r;
    }
}
