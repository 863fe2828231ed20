package io.conpool.internal;

/**
 * One open connection in an endpoint pool. The mutable fields are guarded by the owning
 * {@link EndpointPool}'s lock unless said otherwise; {@code transport}, {@code state} and the
 * times are fixed at creation.
 */
final class PooledConnection<S> {
    final SocketTransport transport;
    final S state;
    final long createdAt;
    /** Creation time plus the lifetime, shortened by up to 2.5 % jitter. */
    final long expiresAt;
    int generation;
    final boolean staleCheckAllowed;
    /**
     * The protocol state is the transport itself ({@code raw}): holders get a {@link GuardedLease}
     * view, and the pool owns the socket's read timeout.
     */
    final boolean exposesTransport;

    /** Current holders. */
    int leases;
    /** How many holders it may have at once (0 = draining). */
    int capacity;
    /** Times it was leased. */
    int uses;
    /** When the last holder returned it (ticker nanos). */
    long idleSince;
    /** Whether it sits in the pool's available deque. */
    boolean inAvailable;
    /** No new leases; closed when the last returns. */
    boolean retiring;
    /** Counted in the pool's idle number. */
    boolean countedIdle;
    /** Removed from the pool's counts; its socket is being or has been closed. */
    boolean gone;
    /** Counted once in the pool's errors (broken, invalidated, failed validation). */
    boolean failed;
    /** SO_TIMEOUT in ms the pool last set (raw connections; -1 = unknown). Written by the leasing thread. */
    int appliedReadTimeout = -1;
    /** A holder asked for the socket and may have changed its options. Written by the holder. */
    boolean optionsTouched;

    PooledConnection(SocketTransport transport, S state, long createdAt, long expiresAt,
                     int capacity, boolean staleCheckAllowed) {
        this.transport = transport;
        this.state = state;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.capacity = capacity;
        this.staleCheckAllowed = staleCheckAllowed;
        this.exposesTransport = state == transport;
        this.idleSince = createdAt;
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
