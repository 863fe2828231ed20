package io.conpool.bench.pools;

import com.zaxxer.hikari.util.ConcurrentBag;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * HikariCP's {@link ConcurrentBag}, one per endpoint. The bag has no keys, no limit and no factory of
 * its own (HikariPool fills it from a separate thread when the bag asks); the adapter fills each bag
 * with exactly the per-endpoint limit of connections when it is created, so the limit holds and
 * borrowers wait (the bag's own hand-off queue) when all are in use. No global limit. The handle is
 * the bag entry.
 */
final class HikariBagAdapter implements PoolUnderTest {
    private final PoolSpec spec;
    private final ConcurrentBag<Entry>[] bags;
    private final long timeoutMs;

    @SuppressWarnings("unchecked")
    HikariBagAdapter(PoolSpec spec) throws java.io.IOException {
        this.spec = spec;
        this.timeoutMs = spec.acquireTimeout().toMillis();
        int n = spec.endpoints().size();
        this.bags = new ConcurrentBag[n];
        for (int i = 0; i < n; i++) {
            bags[i] = new ConcurrentBag<>(waiting -> {
                // full from the start: nothing to add
            });
            for (int k = 0; k < spec.perEndpointLimit(); k++) {
                bags[i].add(new Entry(LoopbackConnection.open(spec.endpoints().get(i), i)));
            }
        }
    }

    @Override
    public Object acquire(int endpoint) throws Exception {
        Entry e = bags[endpoint].borrow(timeoutMs, TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new TimeoutException("no connection to " + spec.endpoints().get(endpoint) + " within " + timeoutMs + " ms");
        }
        return e;
    }

    @Override
    public void release(Object handle) {
        Entry e = (Entry) handle;
        bags[e.connection.endpointIndex()].requite(e);
    }

    @Override
    public void close() {
        for (ConcurrentBag<Entry> bag : bags) {
            for (Entry e : bag.values()) {
                e.connection.close();
            }
            bag.close();
        }
    }

    /** A bag entry: the connection and the state word the bag CASes. */
    static final class Entry implements ConcurrentBag.IConcurrentBagEntry {
        private static final AtomicIntegerFieldUpdater<Entry> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Entry.class, "state");

        final LoopbackConnection connection;
        private volatile int state;

        Entry(LoopbackConnection connection) {
            this.connection = connection;
        }

        @Override
        public boolean compareAndSet(int expect, int update) {
            return STATE.compareAndSet(this, expect, update);
        }

        @Override
        public void setState(int newState) {
            state = newState;
        }

        @Override
        public int getState() {
            return state;
        }
    }
}
