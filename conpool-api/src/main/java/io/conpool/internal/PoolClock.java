package io.conpool.internal;

import io.conpool.Ticker;

/**
 * The time a pool compares connection ages with. With the system ticker it is the
 * {@link CoarseClock} (no system call on the hot path); with any other ticker (tests, simulations)
 * it asks that ticker every time, so a test that advances its ticker sees the new time at once.
 */
final class PoolClock {
    private final Ticker ticker;
    private final boolean coarse;

    PoolClock(Ticker ticker) {
        this.ticker = ticker;
        this.coarse = ticker == Ticker.SYSTEM;
        if (coarse) {
            CoarseClock.retain();
        }
    }

    /** @return the current time in nanoseconds, coarse (about 1 ms) with the system ticker */
    long now() {
        return coarse ? CoarseClock.now() : ticker.nanoTime();
    }

    /**
     * @return the exact current time in nanoseconds (for callers that wait or time things); also
     * moves the coarse clock forward
     */
    long exact() {
        long t = ticker.nanoTime();
        if (coarse) {
            CoarseClock.advance(t);
        }
        return t;
    }

    /**
     * @return {@link System#nanoTime()} (waiting always uses real time, whatever the ticker); also
     * moves the coarse clock forward
     */
    long realNanos() {
        long t = System.nanoTime();
        if (coarse) {
            CoarseClock.advance(t);
        }
        return t;
    }

    /** Stops using the coarse clock (the pool closed). */
    void close() {
        if (coarse) {
            CoarseClock.release();
        }
    }
}
