package io.conpool.demo;

import io.conpool.ConpoolConnectionFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one load at a time in the background, half of the requests through each factory (the
 * resource reference's and the CDI one), so the dashboard can watch the numbers move while it runs.
 * A second start while one runs is refused. {@link #close()} interrupts a running load (the
 * application stops).
 */
final class LoadRunner implements AutoCloseable {
    /** Most requests one run may send. */
    static final int MAX_REQUESTS = 5_000;
    /** Most threads one run may use. */
    static final int MAX_THREADS = 32;
    /** Longest pause the backend may make per request, ms. */
    static final int MAX_DELAY_MS = 200;

    private Thread running;
    private Map<String, Object> last = Map.of("state", "none");
    private boolean closed;

    /**
     * Starts a run.
     *
     * @param viaResource the resource reference's factory
     * @param viaCdi      the factory CDI injects
     * @param path        the backend path, e.g. {@code /conpool-demo/hello?delay=20}
     * @param requests    1..{@value #MAX_REQUESTS}
     * @param threads     1..{@value #MAX_THREADS}
     * @return null if started, else why not (a load runs already)
     */
    synchronized String start(ConpoolConnectionFactory viaResource, ConpoolConnectionFactory viaCdi, String path,
                              int requests, int threads) {
        if (closed) {
            return "the demo application is stopping";
        }
        if (running != null && running.isAlive()) {
            return "a load run is still running: wait until it has finished";
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", "running");
        state.put("requests", requests);
        state.put("threads", threads);
        last = state;
        running = new Thread(() -> {
            Map<String, Object> done = new LinkedHashMap<>(state);
            try {
                LoadRun a = LoadRun.run(viaResource, path, requests - requests / 2, threads);
                LoadRun b = LoadRun.run(viaCdi, path, requests / 2, threads);
                done.put("state", "done");
                done.put("resource", describe(a));
                done.put("cdi", describe(b));
            } catch (InterruptedException e) {
                done.put("state", "interrupted");
            } catch (RuntimeException e) {
                done.put("state", "failed");
                done.put("error", e.toString());
            }
            synchronized (this) {
                last = done;
            }
        }, "conpool-demo-load");
        running.setDaemon(true);
        running.start();
        return null;
    }

    /** @return the running or last run: {@code state} none, running, done, interrupted or failed, and its results */
    synchronized Map<String, Object> status() {
        return last;
    }

    private static Map<String, Object> describe(LoadRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", r.requests());
        m.put("ok", r.ok());
        m.put("reused", r.reused());
        m.put("failures", r.failures());
        m.put("firstError", r.firstError());
        m.put("millis", r.millis());
        return m;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = running;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
