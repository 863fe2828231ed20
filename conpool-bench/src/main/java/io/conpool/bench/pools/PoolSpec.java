package io.conpool.bench.pools;

import io.conpool.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What every pool under test is asked to be: keyed by these endpoints, at most
 * {@code perEndpointLimit} connections per endpoint, at most {@code globalLimit} in total (0 = no
 * global limit, for pools that have none), and callers wait up to {@code acquireTimeout} for a
 * connection.
 *
 * @param endpoints        the endpoints, addressed by index in the benchmarks
 * @param perEndpointLimit connections per endpoint, at least 1
 * @param globalLimit      connections in total, or 0 for none
 * @param acquireTimeout   how long an acquire may wait
 */
public record PoolSpec(List<Endpoint> endpoints, int perEndpointLimit, int globalLimit, Duration acquireTimeout) {

    /**
     * Checks and copies the specification.
     *
     * @param endpoints        the endpoints
     * @param perEndpointLimit connections per endpoint, at least 1
     * @param globalLimit      connections in total, or 0 for none
     * @param acquireTimeout   how long an acquire may wait
     * @throws IllegalArgumentException if a number is out of range or there is no endpoint
     */
    public PoolSpec {
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("PoolSpec needs at least one endpoint");
        }
        if (perEndpointLimit < 1) {
            throw new IllegalArgumentException("perEndpointLimit must be >= 1, was " + perEndpointLimit);
        }
        if (globalLimit < 0) {
            throw new IllegalArgumentException("globalLimit must be >= 0 (0 = none), was " + globalLimit);
        }
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
    }

    /** @return the global limit, or the sum of per-endpoint limits when there is none */
    public int effectiveTotal() {
        return globalLimit > 0 ? globalLimit : perEndpointLimit * endpoints.size();
    }
}
