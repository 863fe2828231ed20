package io.conpool;

/**
 * Why the pool closed a connection, as reported to {@link ConnectionListener#connectionClosed}.
 */
public enum CloseReason {
    /** It was idle longer than {@code maxIdleTime}. */
    IDLE,
    /** It reached {@code maxConnectionLifetime}. */
    LIFETIME,
    /** It was leased {@code maxConnectionUses} times. */
    USES,
    /** The stale check, the handler's health check or the configured health check found it unusable before reuse. */
    STALE,
    /** It broke in use: an I/O error, end of stream, {@code Lease.invalidate()} or a handler's report. */
    BROKEN,
    /** {@code clearEndpoint}/{@code clearAll} or a configuration change that lowered the limits. */
    CLEARED,
    /** Closed while idle to make room for another endpoint under {@code maxTotalConnections}. */
    EVICTED,
    /** The pool was closed. */
    POOL_CLOSED
}
