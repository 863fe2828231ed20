package io.conpool;

/**
 * Observes the life of a {@link ConnectionPool}'s endpoint pools, for management layers such as
 * JMX. Called outside the pool's locks; a listener that throws is logged and ignored.
 */
public interface PoolListener {

    /**
     * A new endpoint pool appeared (on the first acquire for that endpoint).
     *
     * @param endpoint the endpoint
     */
    default void endpointAdded(Endpoint endpoint) {
    }

    /**
     * An endpoint pool was removed because it had no connection and no caller for
     * {@code endpointExpiry}. It appears again (with {@link #endpointAdded}) if used again.
     *
     * @param endpoint the endpoint
     */
    default void endpointRemoved(Endpoint endpoint) {
    }

    /**
     * The pool was closed; no endpoint pool will appear after this.
     */
    default void poolClosed() {
    }
}
