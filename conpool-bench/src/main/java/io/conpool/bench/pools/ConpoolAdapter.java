package io.conpool.bench.pools;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import java.time.Duration;

/**
 * conpool itself with the {@code raw} protocol handler: real sockets to the loopback servers,
 * opened on demand by the pool, reused afterwards. The handle is the {@link Lease}. Either with the
 * default stale check or with the check forced on every reuse ({@link Pools#CONPOOL_CHECK_EVERY_REUSE}).
 */
final class ConpoolAdapter implements PoolUnderTest {
    private final ConnectionPool<Transport> pool;
    private final Endpoint[] endpoints;

    ConpoolAdapter(PoolSpec spec, boolean checkEveryReuse) {
        this.endpoints = spec.endpoints().toArray(Endpoint[]::new);
        this.pool = ConnectionPool.create(configFor(spec, checkEveryReuse));
    }

    /**
     * The configuration the benchmarks use: the spec's limits and timeout; lifetimes long enough
     * that nothing expires during a run; everything else at its default, the stale check included
     * unless it is forced on every reuse.
     *
     * @param spec            the limits
     * @param checkEveryReuse whether to check every reuse ({@code validateAfterInactivity = 0})
     *                        instead of the default
     * @return the configuration
     */
    static PoolConfig configFor(PoolSpec spec, boolean checkEveryReuse) {
        PoolConfig.Builder b = PoolConfig.builder()
                .maxConnectionsPerEndpoint(spec.perEndpointLimit())
                .maxTotalConnections(spec.effectiveTotal())
                .acquireTimeout(spec.acquireTimeout())
                .maxIdleTime(Duration.ofHours(1))
                .maxConnectionLifetime(Duration.ofHours(2));
        if (checkEveryReuse) {
            b.validateAfterInactivity(Duration.ZERO);
        }
        return b.build();
    }

    @Override
    public Object acquire(int endpoint) throws ConpoolException {
        return pool.acquire(endpoints[endpoint]);
    }

    @Override
    public void release(Object handle) {
        ((Lease<?>) handle).close();
    }

    @Override
    public void close() {
        pool.close();
    }
}
