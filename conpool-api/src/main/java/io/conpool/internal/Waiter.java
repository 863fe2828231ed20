package io.conpool.internal;

/**
 * A caller parked until it is given a connection, a permit to open one, or an error. Its
 * {@code result} is written once, under the endpoint pool's lock, then the thread is unparked.
 */
final class Waiter {
    /** Result meaning: a slot is reserved for you (endpoint and global); open a connection. */
    static final Object PERMIT = new Object() {
        @Override
        public String toString() {
            return "PERMIT";
        }
    };

    final Thread thread = Thread.currentThread();
    /** A {@link PooledConnection} handed over, {@link #PERMIT}, or an exception to throw. */
    volatile Object result;
}
