package io.conpool.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A millisecond-resolution copy of {@link System#nanoTime()} that costs one volatile read: one
 * daemon thread per JVM refreshes it every millisecond while at least one pool uses it. The pools
 * stamp idle connections and compare ages with it, so the acquire/release cycle reads no real
 * clock ({@code System.nanoTime()} costs about 24 ns on a virtualised machine, more than a whole
 * uncontended cycle).
 *
 * <p>Its value lags real time by one tick plus the ticking thread's scheduling delay; every caller
 * that reads the real clock anyway (waiters, connects, the housekeeper) also moves it forward. What
 * it decides tolerates that lag: when idle and lifetime limits are reached, and whether an idle
 * connection needs the stale check ({@code validateAfterInactivity}, default one tick). A lag
 * can only make a connection look fresher than it is, so on a machine so starved of CPU that the
 * ticking thread falls seconds behind, a connection the server closed during that time can skip
 * its stale check; its first read then fails and marks it broken (see {@code GuardedLease}).
 *
 * <p>The thread starts with the first pool and stops when the last one is closed, so a resource
 * adapter that closes its pools on undeploy leaves no thread holding its class loader.
 */
final class CoarseClock {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Object LOCK = new Object();
    private static final AtomicLong NOW = new AtomicLong(System.nanoTime());
    private static int users;
    private static volatile Thread ticker;

    private CoarseClock() {
    }

    /** @return {@link System#nanoTime()} as of the last tick (at most about a millisecond old) */
    static long now() {
        return NOW.get();
    }

    /**
     * Moves the clock forward to {@code exact} (a {@link System#nanoTime()} value a caller has read
     * anyway: a waiter, a connect, the housekeeper), never backward. This keeps the clock close to
     * real time even while the ticking thread is starved of CPU or has just come out of a pause.
     *
     * @param exact a fresh {@code System.nanoTime()}
     */
    static void advance(long exact) {
        long n;
        while (exact - (n = NOW.get()) > 0) {
            if (NOW.compareAndSet(n, exact)) {
                return;
            }
        }
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
            advance(System.nanoTime());
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
            advance(System.nanoTime());
            LockSupport.parkNanos(TICK_NANOS);
        }
    }
}
