package io.conpool.demo;

import io.conpool.ConpoolConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends many requests through a factory from several threads at once and counts the outcome.
 *
 * @param requests  requests sent
 * @param ok        responses with status 200
 * @param reused    requests that went over a connection used before
 * @param failures  requests that failed
 * @param firstError the first failure's message, or empty
 * @param millis    wall time of the run
 */
public record LoadRun(int requests, int ok, int reused, int failures, String firstError, long millis) {

    /**
     * @param factory  where to send
     * @param path     the request path
     * @param requests how many requests in total (at most 100000)
     * @param threads  how many threads at once (1..64)
     * @return the counts
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static LoadRun run(ConpoolConnectionFactory factory, String path, int requests, int threads)
            throws InterruptedException {
        int n = Math.max(1, Math.min(requests, 100_000));
        int t = Math.max(1, Math.min(threads, 64));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger reused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong start = new AtomicLong(System.nanoTime());
        String[] firstError = {""};
        ExecutorService pool = Executors.newFixedThreadPool(t);
        try {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                workers.add(() -> {
                    while (next.getAndIncrement() < n) {
                        try {
                            HttpOverPool.Response r = HttpOverPool.get(factory, path);
                            if (r.status() == 200) {
                                ok.incrementAndGet();
                            }
                            if (r.reused()) {
                                reused.incrementAndGet();
                            }
                        } catch (Exception e) {
                            if (failed.getAndIncrement() == 0) {
                                firstError[0] = e.toString();
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(workers)) {
                f.isDone();
            }
        } finally {
            pool.shutdownNow();
        }
        return new LoadRun(n, ok.get(), reused.get(), failed.get(), firstError[0],
                (System.nanoTime() - start.get()) / 1_000_000);
    }
}
