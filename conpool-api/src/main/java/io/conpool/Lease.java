package io.conpool;

/**
 * A connection borrowed from the pool. Closing the lease gives the connection back for reuse;
 * {@link #invalidate()} closes the connection instead. Use it in try-with-resources:
 *
 * <pre>{@code
 * try (Lease<Transport> lease = pool.acquire(endpoint)) {
 *     lease.connection().output().write(request);
 *     ...
 * }
 * }</pre>
 *
 * <p>A lease is used by one thread at a time. {@link #close()} and {@link #invalidate()} are
 * idempotent: the first call wins, later calls do nothing.
 *
 * @param <S> the connection type the protocol handler gives ({@link Transport} for {@code raw})
 */
public interface Lease<S> extends AutoCloseable {

    /**
     * @return the connection's protocol state
     * @throws IllegalStateException if the lease was already closed or invalidated
     */
    S connection();

    /** @return the endpoint the connection goes to */
    Endpoint endpoint();

    /**
     * Whether this connection was used before this lease. Protocol code uses it to decide that a
     * failure before the first response byte is safe to retry on a fresh connection (the server may
     * have closed an idle connection at the same moment it was reused).
     *
     * @return {@code true} if the connection had been leased before
     */
    boolean isReused();

    /**
     * Closes the connection instead of returning it (after an I/O error, a protocol error, or when
     * its state is unknown). Counted in the endpoint's {@code errors}.
     */
    void invalidate();

    /** Returns the connection to the pool for reuse. Does not throw. */
    @Override
    void close();
}
