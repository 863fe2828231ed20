package io.conpool.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Delays between connection attempts: exponential from {@code connectRetryDelay}, shortened by a
 * random 0..25 % so that many clients do not retry in lockstep, capped at 10 s. Each delay is
 * longer than the one before it (the shortest next delay, 1.5 × nominal, beats the longest current one).
 */
public final class Backoff {
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

    private Backoff() {
    }

    /**
     * @param base  the delay before the first retry
     * @param retry which retry, from 1
     * @return the delay in nanoseconds
     */
    public static long delayNanos(Duration base, int retry) {
        int shift = Math.max(0, Math.min(retry - 1, 30));
        long baseNanos = base.toNanos();
        long nominal = baseNanos > (MAX_NANOS >> shift) ? MAX_NANOS : baseNanos << shift; // never shifts bits out

        double jitter = 0.75 + 0.25 * ThreadLocalRandom.current().nextDouble();
        return (long) (nominal * jitter);
    }
}
