package io.conpool.bench.pools;

import io.conpool.Endpoint;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.pool.DisposalCallback;
import org.apache.hc.core5.pool.LaxConnPool;
import org.apache.hc.core5.pool.ManagedConnPool;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.pool.RouteSegmentedConnPool;
import org.apache.hc.core5.pool.StrictConnPool;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpCore 5 pools ({@link StrictConnPool}, {@link LaxConnPool}, {@link RouteSegmentedConnPool}),
 * used the way HttpClient uses them: {@code lease(route)} returns a future; an entry without a
 * connection means "you may open one" and the caller assigns it. LIFO reuse, no time-to-live. The
 * handle is the {@link PoolEntry}.
 */
final class HttpCoreAdapter implements PoolUnderTest {

    /** Which HttpCore pool. */
    enum Kind {
        /** Per-route and total limits, one pool lock. */
        STRICT,
        /** Per-route limit only (no total), per-route locks; may exceed the limit briefly. */
        LAX,
        /** Lock-free per-route segments with a total limit (experimental since 5.4). */
        SEGMENTED
    }

    private static final DisposalCallback<Conn> DISPOSAL = (conn, mode) -> conn.close(mode);

    private final ManagedConnPool<Endpoint, Conn> pool;
    private final Endpoint[] endpoints;
    private final Timeout timeout;
    private final long timeoutMs;

    HttpCoreAdapter(PoolSpec spec, Kind kind) {
        this.endpoints = spec.endpoints().toArray(Endpoint[]::new);
        this.timeoutMs = spec.acquireTimeout().toMillis();
        this.timeout = Timeout.ofMilliseconds(timeoutMs);
        TimeValue noTtl = TimeValue.NEG_ONE_MILLISECOND;
        int total = spec.effectiveTotal();
        switch (kind) {
            case STRICT:
                pool = new StrictConnPool<>(spec.perEndpointLimit(), total, noTtl, PoolReusePolicy.LIFO, DISPOSAL, null);
                break;
            case LAX:
                pool = new LaxConnPool<>(spec.perEndpointLimit(), noTtl, PoolReusePolicy.LIFO, DISPOSAL, null);
                break;
            case SEGMENTED:
                pool = new RouteSegmentedConnPool<>(spec.perEndpointLimit(), total, noTtl, PoolReusePolicy.LIFO, DISPOSAL);
                break;
            default:
                throw new IllegalArgumentException("unknown HttpCore pool kind " + kind);
        }
    }

    @Override
    public Object acquire(int endpoint) throws Exception {
        Endpoint route = endpoints[endpoint];
        Future<PoolEntry<Endpoint, Conn>> f = pool.lease(route, null, timeout, null);
        PoolEntry<Endpoint, Conn> entry;
        try {
            entry = f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        if (!entry.hasConnection()) {
            try {
                entry.assignConnection(new Conn(LoopbackConnection.open(route, endpoint)));
            } catch (Exception e) {
                pool.release(entry, false);
                throw e;
            }
        }
        return entry;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void release(Object handle) {
        pool.release((PoolEntry<Endpoint, Conn>) handle, true);
    }

    @Override
    public void close() {
        pool.close(CloseMode.IMMEDIATE);
    }

    /** HttpCore wants {@link ModalCloseable} connections. */
    static final class Conn implements ModalCloseable {
        final LoopbackConnection connection;

        Conn(LoopbackConnection connection) {
            this.connection = connection;
        }

        @Override
        public void close(CloseMode closeMode) {
            connection.close();
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
