package io.conpool.bench.jmh;

import org.HdrHistogram.Histogram;

/**
 * One benchmark thread's latencies (nanoseconds) and operation count. Written only by its thread;
 * read by {@link LatencyCollector} between iterations, when the thread is not measuring.
 */
public final class ThreadLatency {
    /** Longest latency recorded exactly: one minute; longer ones are clamped to it. */
    static final long HIGHEST_NANOS = 60_000_000_000L;

    final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    long ops;

    /**
     * @param nanos one operation's latency
     */
    public void record(long nanos) {
        histogram.recordValue(Math.min(Math.max(nanos, 0L), HIGHEST_NANOS));
        ops++;
    }

    void reset() {
        histogram.reset();
        ops = 0;
    }
}
