package io.conpool;

/**
 * A monotonic clock in nanoseconds, used for connection ages (idle time, lifetime, inactivity
 * before validation, lease age for leak detection). Tests inject a manual ticker; the default is
 * {@link System#nanoTime()}. Waiting for a connection and connect timeouts always use real time.
 */
@FunctionalInterface
public interface Ticker {

    /** The system ticker, {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    /** @return the current time in nanoseconds, from an arbitrary origin; only differences are meaningful */
    long nanoTime();
}
