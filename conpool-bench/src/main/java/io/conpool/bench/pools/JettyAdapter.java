package io.conpool.bench.pools;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.Pool;

/**
 * Jetty 12 {@link ConcurrentPool}, one per endpoint, with the {@code FIRST} strategy that Jetty's
 * own HttpClient connection pools use. The pool itself never waits ({@code acquire()} returns null
 * when everything is in use) and has no notion of keys or of a global limit; the adapter adds what a
 * user must add to get blocking, bounded, first-come first-served acquisition: a fair
 * {@link Semaphore} with as many permits as the per-endpoint limit. The handle is the
 * {@link Pool.Entry}.
 */
final class JettyAdapter implements PoolUnderTest {
    private final PoolSpec spec;
    private final ConcurrentPool<LoopbackConnection>[] pools;
    private final Semaphore[] permits;
    private final long timeoutNanos;

    @SuppressWarnings("unchecked")
    JettyAdapter(PoolSpec spec) {
        this.spec = spec;
        this.timeoutNanos = spec.acquireTimeout().toNanos();
        int n = spec.endpoints().size();
        this.pools = new ConcurrentPool[n];
        this.permits = new Semaphore[n];
        for (int i = 0; i < n; i++) {
            pools[i] = new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, spec.perEndpointLimit());
            permits[i] = new Semaphore(spec.perEndpointLimit(), true);
        }
    }

    @Override
    public Object acquire(int endpoint) throws Exception {
        if (!permits[endpoint].tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("no connection to " + spec.endpoints().get(endpoint) + " within "
                    + spec.acquireTimeout().toMillis() + " ms");
        }
        try {
            ConcurrentPool<LoopbackConnection> pool = pools[endpoint];
            Pool.Entry<LoopbackConnection> e = pool.acquire();
            if (e != null) {
                return e;
            }
            e = pool.reserve();
            if (e == null) {
                throw new IllegalStateException("Jetty pool full although a permit was free");
            }
            try {
                LoopbackConnection c = LoopbackConnection.open(spec.endpoints().get(endpoint), endpoint);
                if (!e.enable(c, true)) {
                    c.close();
                    throw new IllegalStateException("Jetty pool entry could not be enabled");
                }
                return e;
            } catch (Exception | Error ex) {
                e.remove();
                throw ex;
            }
        } catch (Exception | Error ex) {
            permits[endpoint].release();
            throw ex;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void release(Object handle) {
        Pool.Entry<LoopbackConnection> e = (Pool.Entry<LoopbackConnection>) handle;
        int endpoint = e.getPooled().endpointIndex();
        e.release();
        permits[endpoint].release();
    }

    @Override
    public void close() {
        for (ConcurrentPool<LoopbackConnection> pool : pools) {
            for (Pool.Entry<LoopbackConnection> e : pool.terminate()) {
                LoopbackConnection c = e.getPooled();
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
