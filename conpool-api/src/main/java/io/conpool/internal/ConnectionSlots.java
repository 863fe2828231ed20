package io.conpool.internal;


/**
 * The slot structure of one endpoint: which connections exist and who holds them, the slots
 * reserved for connections being opened, and the callers waiting. It does no I/O and calls no user
 * code; what it decides to close it returns to the caller, which closes it outside and then
 * reports {@link #socketClosed(boolean)}.
 *
 * <p>A slot is counted from its reservation until its socket is closed, so the endpoint limit and
 * the global {@link ConnectionBudget} are never exceeded.
 *
 * @param <S> the protocol state of a connection
 */
interface ConnectionSlots<S> {

    /** What {@link #reserveOrQueue} decided. */
    enum Outcome {
        /** A slot is reserved (endpoint and global): open a connection, then {@link #enable} it. */
        PERMIT,
        /** The caller is queued: park until its {@link Waiter} is offered something. */
        QUEUED,
        /** Queued, and the endpoint has room but the global cap is reached: also wait at the budget. */
        QUEUED_AT_CAP,
        /** Not queued: {@code maxWaiters} callers already wait. */
        FULL
    }

    /**
     * Claims a connection that has room, without a lock. Declines (null) when a caller has waited
     * longer than the barging bound and {@code privileged} is false.
     *
     * @param privileged the caller was signalled out of the queue (it may not be overtaken)
     * @return a connection the caller now holds, or null
     */
    PooledConnection<S> claim(boolean privileged);

    /**
     * The slow path of an acquire that found nothing to claim: claims under the lock, reserves a
     * slot, or queues {@code w}.
     *
     * @param w          the caller's waiter (queued only if the result is a QUEUED outcome)
     * @param privileged the caller was signalled out of the queue: it goes back to the front
     * @param maxWaiters the most callers that may wait
     * @return a {@link PooledConnection} the caller holds, an {@link Outcome}, or null when shut down
     */
    Object reserveOrQueue(Waiter w, boolean privileged, int maxWaiters);

    /**
     * Takes a queued waiter out (timeout, interrupt, claimed by itself).
     *
     * @return whether it was still queued
     */
    boolean cancel(Waiter w);

    /** What became of a global slot offered to a waiter ({@link #useGlobalSlot}). */
    enum GlobalSlotUse {
        /** The endpoint had room: a slot is reserved and the waiter left the queue. */
        RESERVED,
        /** No room here: the waiter stays queued (the caller passes the global slot on). */
        STILL_QUEUED,
        /** No room, and the waiter was no longer queued (it had been served meanwhile): it retries. */
        NOT_QUEUED
    }

    /**
     * Turns a global slot given by the budget into a reservation here, if the endpoint still has
     * room.
     *
     * @return what became of it
     */
    GlobalSlotUse useGlobalSlot(Waiter w);

    /**
     * A new connection joins in its reserved slot: leased to the opener (one holder) or idle; spare
     * room goes to waiters.
     *
     * @return false when the slots were shut down meanwhile, or the connection was retired before it
     * joined (the caller closes the connection; its reservation is given back)
     */
    boolean enable(PooledConnection<S> c);

    /** Gives back a reservation that will not become a connection (failed connect, cancelled fill). */
    void cancelReservation();

    /** Called after a release made room: serves the queue if anyone waits. */
    void roomMade();

    /** Hands the room {@code c} has now (its capacity rose) to the oldest waiters. */
    void offerRoom(PooledConnection<S> c);

    /**
     * Takes a connection that became {@link PooledConnection#CLOSED} out of the structure; its slot
     * stays counted until {@link #socketClosed(boolean)}.
     *
     * @return false when it had not joined yet (it broke between its connect and {@link #enable}):
     * then {@code enable} refuses it and its opener closes it
     */
    boolean remove(PooledConnection<S> c);

    /**
     * A removed connection's socket is closed: frees its endpoint slot and its global slot, unless
     * the closer keeps the global slot for itself (it evicted the connection to make room under the
     * global cap and now holds that slot).
     *
     * @param keepGlobal the caller takes over the global slot instead of giving it to the budget
     */
    void socketClosed(boolean keepGlobal);

    /** @return the connections now in the structure, for scans (expiry, eviction, stats); do not modify */
    PooledConnection<S>[] connections();

    /** @return the generation new connections join with ({@link #clear} raises it) */
    int generation();

    /** Raises the generation: connections of the old one are closed when idle or returned. */
    void clear();

    /**
     * Fails every waiter with {@code error} and refuses new connections.
     *
     * @param error what the waiters get
     */
    void shutdown(io.conpool.ConpoolException error);

    /** @param max the endpoint's new connection limit */
    void setMax(int max);

    /**
     * Reserves slots for idle connections that {@code minIdle} asks for, only when nobody waits.
     *
     * @return how many were reserved (each to be opened and enabled, or cancelled)
     */
    int reserveForMinIdle(int minIdle);

    /** @return how many slots are taken beyond the limit (after the limit was lowered) */
    int surplus();

    /**
     * Shuts the structure down if it is empty and nobody waits (the endpoint expired); later
     * reservations then answer null and the caller goes to a new endpoint pool.
     *
     * @return whether it is shut down now
     */
    boolean expireIfUnused();

    /** @return the numbers now, under the lock */
    Snapshot snapshot();

    /**
     * The counts at one moment, derived from the connections' state words.
     *
     * @param active     connections with at least one holder (draining ones included)
     * @param idle       open connections nobody holds
     * @param connecting slots reserved for connections being opened
     * @param waiting    callers queued
     * @param leases     every lease ever given on this endpoint (closed connections included)
     */
    record Snapshot(int active, int idle, int connecting, int waiting, long leases) {
    }
}
