package io.conpool.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import java.util.Map;

/** Checks that a pool's books balance. */
public final class PoolAssertions {
    private PoolAssertions() {
    }

    /** {@code totalCreated - totalClosed == active + idle}, nothing connecting or waiting, for every endpoint. */
    public static void assertBalanced(ConnectionPool<?> pool) {
        for (Map.Entry<Endpoint, EndpointStats> e : pool.allStats().entrySet()) {
            EndpointStats s = e.getValue();
            assertEquals(s.totalCreated() - s.totalClosed(), (long) s.active() + s.idle(),
                    "created - closed != active + idle for " + e.getKey() + ": " + s);
            assertEquals(0, s.connecting(), "slots still reserved for " + e.getKey() + ": " + s);
            assertEquals(0, s.waiting(), "callers still waiting for " + e.getKey() + ": " + s);
        }
    }
}
