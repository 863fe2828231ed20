package io.conpool.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A millisecond-resolution copy of {@link System#nanoTime()} that costs one volatile read: one
 * daemon thread per JVM refreshes it every millisecond while at least one pool uses it. The pools
 * stamp idle connections and compare ages with it, so the acquire/release cycle reads no real
 * clock ({@code System.nanoTime()} costs about 24 ns on a virtualised machine, more than a whole
 * uncontended cycle).
 *
 * <p>Its value lags real time by at most one tick plus scheduling delay. That is safe for what it
 * decides: whether an idle connection needs the stale check ({@code validateAfterInactivity},
 * a heuristic whose default is one tick) and when idle and lifetime limits are reached.
 *
 * <p>The thread starts with the first pool and stops when the last one is closed, so a resource
 * adapter that closes its pools on undeploy leaves no thread holding its class loader.
 */
final class CoarseClock {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Object LOCK = new Object();
    private static volatile long now = System.nanoTime();
    private static int users;
    private static volatile Thread ticker;

    private CoarseClock() {
    }

    /** @return {@link System#nanoTime()} as of the last tick (at most about a millisecond old) */
    static long now() {
        return now;
    }

    /** @return how many users keep the clock ticking */
    static int users() {
        synchronized (LOCK) {
            return users;
        }
    }

    /** Starts ticking for one more user; pair with {@link #release()}. */
    static void retain() {
        synchronized (LOCK) {
            now = System.nanoTime();
            if (users++ == 0) {
                Thread t = new Thread(CoarseClock::tick, "conpool-clock");
                t.setDaemon(true);
                t.setContextClassLoader(null);
                ticker = t;
                t.start();
            }
        }
    }

    /** One user fewer; the thread stops with the last. */
    static void release() {
        synchronized (LOCK) {
            if (users > 0 && --users == 0) {
                Thread t = ticker;
                ticker = null;
                LockSupport.unpark(t);
            }
        }
    }

    private static void tick() {
        Thread self = Thread.currentThread();
        while (ticker == self) {
            now = System.nanoTime();
            LockSupport.parkNanos(TICK_NANOS);
        }
    }
}
