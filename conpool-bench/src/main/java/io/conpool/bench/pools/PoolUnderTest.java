package io.conpool.bench.pools;

/**
 * A connection pool driven by the benchmarks through one thin, uniform interface: keyed by endpoint
 * index, limited as its {@link PoolSpec} says, waiting up to the spec's timeout.
 * Implementations add nothing on the hot path but what the pool needs (no allocation of their own).
 */
public interface PoolUnderTest extends AutoCloseable {

    /**
     * Takes a connection to endpoint {@code endpoint}, opening one when allowed, else waiting.
     *
     * @param endpoint index into {@link PoolSpec#endpoints()}
     * @return a handle to give to {@link #release}; it holds the connection
     * @throws Exception when no connection could be had within the timeout, or opening failed
     */
    Object acquire(int endpoint) throws Exception;

    /**
     * Gives a connection back for reuse.
     *
     * @param handle what {@link #acquire} returned
     */
    void release(Object handle);

    /** Closes the pool and every connection it holds. */
    @Override
    void close();
}
