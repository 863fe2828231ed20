package io.conpool.http2;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small helpers for concurrent test load and waiting on conditions. */
final class TestLoad {
    private TestLoad() {
    }

    /** Runs {@code n} copies of {@code task} on {@code n} threads at once and returns their futures. */
    static <T> List<Future<T>> startAll(ExecutorService exec, int n, Callable<T> task) {
        List<Future<T>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(exec.submit(task));
        }
        return out;
    }

    static ExecutorService threads(int n) {
        return Executors.newFixedThreadPool(n);
    }

    /** Waits up to {@code seconds} for {@code condition}; fails with {@code what} otherwise. */
    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits until the pool is quiet: no lease out, nothing connecting or waiting, and no socket close in
     * progress. The last shows only as the accounting invariant holding again: a connection being closed
     * (its handler's onClose running) is neither active, idle nor counted in totalClosed yet.
     */
    static EndpointStats awaitQuiet(ConnectionPool<?> pool, Endpoint ep) throws InterruptedException {
        await("pool quiet with totalCreated - totalClosed = active + idle: " + pool.stats(ep), 10, () -> {
            EndpointStats s = pool.stats(ep);
            return s.active() == 0 && s.connecting() == 0 && s.waiting() == 0
                    && s.totalCreated() - s.totalClosed() == s.active() + s.idle();
        });
        return pool.stats(ep);
    }
}
