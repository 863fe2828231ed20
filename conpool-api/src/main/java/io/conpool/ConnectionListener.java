package io.conpool;

/**
 * Observes what happens to the connections of a {@link ConnectionPool}: acquires, connects,
 * closes, stale connections and suspected leaks. It feeds metrics and tracing (the JFR events and
 * the Micrometer binder are built on it). Register with
 * {@link ConnectionPool#addConnectionListener}.
 *
 * <p>Every method has an empty default, runs on the thread where the event happened (a caller's,
 * or the housekeeper's), never under a pool lock, and must return quickly. A listener that throws
 * is logged once and then ignored; it never breaks the pool. With no listener registered the pool
 * reads no clock and allocates nothing for these events.
 */
public interface ConnectionListener {

    /**
     * A caller got a lease.
     *
     * @param endpoint  the endpoint
     * @param waitNanos how long {@code acquire} took, in nanoseconds, including any connect
     * @param reused    {@code true} for an idle connection reused, {@code false} for a new one
     */
    default void acquired(Endpoint endpoint, long waitNanos, boolean reused) {
    }

    /**
     * An acquire failed (timeout, wait queue full, connect failure, interrupt, pool closed).
     *
     * @param endpoint  the endpoint
     * @param waitNanos how long {@code acquire} took before it failed, in nanoseconds
     * @param error     what the caller got
     */
    default void acquireFailed(Endpoint endpoint, long waitNanos, ConpoolException error) {
    }

    /**
     * A lease was returned ({@code close} or {@code invalidate}).
     *
     * @param endpoint  the endpoint
     * @param heldNanos how long the caller held it, in nanoseconds
     */
    default void released(Endpoint endpoint, long heldNanos) {
    }

    /**
     * A new connection was opened and set up.
     *
     * @param endpoint the endpoint
     * @param info     duration, attempts, address and TLS details
     */
    default void connected(Endpoint endpoint, ConnectInfo info) {
    }

    /**
     * Opening a connection failed after every attempt.
     *
     * @param endpoint      the endpoint
     * @param durationNanos from the start of the first attempt until the failure, in nanoseconds
     * @param attempts      how many attempts were made
     * @param error         the failure the caller got
     */
    default void connectFailed(Endpoint endpoint, long durationNanos, int attempts, ConpoolException error) {
    }

    /**
     * The pool closed a connection.
     *
     * @param endpoint the endpoint
     * @param reason   why
     * @param ageNanos how long it had been open, in nanoseconds
     */
    default void connectionClosed(Endpoint endpoint, CloseReason reason, long ageNanos) {
    }

    /**
     * An idle connection failed the check before reuse (closed by the peer, unhealthy); it is
     * closed with {@link CloseReason#STALE} and the caller gets another.
     *
     * @param endpoint  the endpoint
     * @param idleNanos how long it had been idle, in nanoseconds
     */
    default void staleDetected(Endpoint endpoint, long idleNanos) {
    }

    /**
     * A lease has been held longer than {@code leakDetectionThreshold} (reported once per lease).
     *
     * @param endpoint   the endpoint
     * @param heldNanos  how long it has been held so far, in nanoseconds
     * @param acquiredAt a throwable whose stack trace shows where it was acquired
     */
    default void leakSuspected(Endpoint endpoint, long heldNanos, Throwable acquiredAt) {
    }
}
