package io.conpool.bench.pools;

import io.conpool.Endpoint;
import java.time.Duration;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;

/**
 * Apache commons-pool2 {@link GenericKeyedObjectPool}: keyed by endpoint, {@code maxTotalPerKey} =
 * the per-endpoint limit, {@code maxTotal} = the global limit (at the cap it evicts the oldest idle
 * objects of other keys), blocking borrow with {@code maxWait}, fair lock, LIFO, no JMX, no evictor,
 * no validation. The handle is the {@link LoopbackConnection}.
 */
final class CommonsPool2Adapter implements PoolUnderTest {
    private final GenericKeyedObjectPool<Endpoint, LoopbackConnection> pool;
    private final Endpoint[] endpoints;

    CommonsPool2Adapter(PoolSpec spec) {
        this.endpoints = spec.endpoints().toArray(Endpoint[]::new);
        GenericKeyedObjectPoolConfig<LoopbackConnection> c = new GenericKeyedObjectPoolConfig<>();
        c.setMaxTotalPerKey(spec.perEndpointLimit());
        c.setMaxIdlePerKey(spec.perEndpointLimit());
        c.setMinIdlePerKey(0);
        c.setMaxTotal(spec.globalLimit() > 0 ? spec.globalLimit() : -1);
        c.setBlockWhenExhausted(true);
        c.setMaxWait(spec.acquireTimeout());
        c.setFairness(true);
        c.setLifo(true);
        c.setJmxEnabled(false);
        c.setTestOnBorrow(false);
        c.setTestOnReturn(false);
        c.setTestWhileIdle(false);
        c.setTimeBetweenEvictionRuns(Duration.ofMillis(-1));
        this.pool = new GenericKeyedObjectPool<>(new Factory(), c);
    }

    @Override
    public Object acquire(int endpoint) throws Exception {
        return pool.borrowObject(endpoints[endpoint]);
    }

    @Override
    public void release(Object handle) {
        LoopbackConnection c = (LoopbackConnection) handle;
        pool.returnObject(c.endpoint(), c);
    }

    @Override
    public void close() {
        pool.close();
    }

    private int indexOf(Endpoint key) {
        for (int i = 0; i < endpoints.length; i++) {
            if (endpoints[i].equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown endpoint " + key);
    }

    private final class Factory extends BaseKeyedPooledObjectFactory<Endpoint, LoopbackConnection> {
        @Override
        public LoopbackConnection create(Endpoint key) throws Exception {
            return LoopbackConnection.open(key, indexOf(key));
        }

        @Override
        public PooledObject<LoopbackConnection> wrap(LoopbackConnection value) {
            return new DefaultPooledObject<>(value);
        }

        @Override
        public void destroyObject(Endpoint key, PooledObject<LoopbackConnection> p) {
            p.getObject().close();
        }
    }
}
