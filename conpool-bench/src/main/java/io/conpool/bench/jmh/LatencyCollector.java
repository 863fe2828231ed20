package io.conpool.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;

/**
 * Gathers the {@link ThreadLatency} of every benchmark thread of one trial (one forked JVM runs
 * one trial), keeps only what measurement iterations recorded, and summarises it: percentiles,
 * operation count, and how evenly the operations were shared between threads (fairness).
 */
public final class LatencyCollector {
    private final ConcurrentLinkedQueue<ThreadLatency> threads = new ConcurrentLinkedQueue<>();
    private final Histogram total = new Histogram(ThreadLatency.HIGHEST_NANOS, 3);
    private final Map<ThreadLatency, Long> opsPerThread = new java.util.IdentityHashMap<>();

    /**
     * @return a recorder for the calling benchmark thread, registered with this collector
     */
    public ThreadLatency register() {
        ThreadLatency t = new ThreadLatency();
        threads.add(t);
        return t;
    }

    /**
     * Called once after every iteration, when no thread is measuring: adds what the threads
     * recorded if it was a measurement iteration, and clears the threads' recorders.
     *
     * @param measured whether the iteration that just ended was a measurement iteration
     */
    public synchronized void endIteration(boolean measured) {
        for (ThreadLatency t : threads) {
            if (measured) {
                total.add(t.histogram);
                opsPerThread.merge(t, t.ops, Long::sum);
            }
            t.reset();
        }
    }

    /** @return operations recorded in measurement iterations */
    public synchronized long totalOps() {
        return total.getTotalCount();
    }

    /**
     * The summary written to the extras file: count, mean, p50, p90, p99, p99.9, max (ns), and the
     * smallest and largest per-thread share of operations relative to an even split (1.0 = even).
     *
     * @return key/value pairs
     */
    public synchronized Map<String, String> summary() {
        Map<String, String> m = new TreeMap<>();
        m.put("latency.count", Long.toString(total.getTotalCount()));
        m.put("latency.mean", Double.toString(total.getMean()));
        m.put("latency.p50", Long.toString(total.getValueAtPercentile(50)));
        m.put("latency.p90", Long.toString(total.getValueAtPercentile(90)));
        m.put("latency.p99", Long.toString(total.getValueAtPercentile(99)));
        m.put("latency.p999", Long.toString(total.getValueAtPercentile(99.9)));
        m.put("latency.max", Long.toString(total.getMaxValue()));
        List<Long> ops = new ArrayList<>(opsPerThread.values());
        if (!ops.isEmpty()) {
            double even = ops.stream().mapToLong(Long::longValue).sum() / (double) ops.size();
            long min = ops.stream().mapToLong(Long::longValue).min().orElse(0);
            long max = ops.stream().mapToLong(Long::longValue).max().orElse(0);
            m.put("share.min", Double.toString(even == 0 ? 0 : min / even));
            m.put("share.max", Double.toString(even == 0 ? 0 : max / even));
            m.put("threads", Integer.toString(ops.size()));
        }
        return m;
    }
}
