package io.conpool.spi;

import io.conpool.Transport;
import java.io.IOException;
import java.util.List;

/**
 * Protocol-specific behaviour of pooled connections: sets up the protocol on a new connection,
 * says how many holders may share it, checks its health and cleans it up.
 *
 * <p>The pool calls these methods outside its locks, so they may do I/O, but {@link #isHealthy}
 * and {@link #accessMode} are called on the acquire path and should be cheap (read a field).
 * Handlers are found by {@link #name()} through {@link java.util.ServiceLoader}; see
 * {@link ProtocolHandlers}.
 *
 * @param <S> the per-connection protocol state handed to the application in a {@link io.conpool.Lease}
 */
public interface ProtocolHandler<S> {

    /** @return the handler's name used in configuration ({@code protocol=raw}, {@code protocol=http2}) */
    String name();

    /**
     * ALPN protocols to offer in the TLS handshake, in order of preference. Empty: no ALPN.
     *
     * @return the protocol names, e.g. {@code List.of("h2")}
     */
    default List<String> applicationProtocols() {
        return List.of();
    }

    /**
     * Sets up the protocol on a freshly connected transport (after TCP connect and TLS handshake).
     * Runs within the connection attempt: an exception fails the attempt and closes the socket.
     *
     * @param transport the new connection
     * @return the protocol state for this connection
     * @throws IOException if the protocol set-up fails
     */
    S init(Transport transport) throws IOException;

    /**
     * Called each time the connection is leased, before the holder gets it.
     *
     * @param state the connection's state
     */
    default void onAcquire(S state) {
    }

    /**
     * Called each time a lease is returned (not when it is invalidated).
     *
     * @param state the connection's state
     */
    default void onRelease(S state) {
    }

    /**
     * Protocol-level health, checked before each reuse. Return {@code false} to have the
     * connection closed and replaced.
     *
     * @param state the connection's state
     * @return whether the connection may be reused
     */
    default boolean isHealthy(S state) {
        return true;
    }

    /**
     * Called once when the pool closes the connection, before the socket is closed (send a
     * goodbye frame, stop reader threads). Exceptions are logged and ignored.
     *
     * @param state the connection's state
     */
    default void onClose(S state) {
    }

    /**
     * How many holders may use the connection at once, read by the pool when the connection is
     * created, released, and when the handler calls {@link io.conpool.Transport#capacityChanged()}.
     *
     * @param state the connection's state
     * @return the current access mode
     */
    default AccessMode accessMode(S state) {
        return AccessMode.exclusive();
    }

    /**
     * How many holders a connection of this protocol is expected to take, before any connection to
     * an endpoint has told its real {@link #accessMode}. Above 1, callers arriving while the first
     * connection is being opened wait for it instead of each opening one (a cold burst then opens
     * one HTTP/2 connection, not one per caller). The real access mode replaces the guess.
     *
     * @return the expected number of concurrent holders, at least 1 (default 1: exclusive)
     */
    default int expectedCapacity() {
        return 1;
    }

    /**
     * Whether the pool may run its stale check (a 1 ms read on an idle connection) before reuse.
     * Handlers that run their own reader thread must return {@code false}.
     *
     * @return {@code true} (default) when nothing else reads the socket while it is idle
     */
    default boolean allowsStaleCheck() {
        return true;
    }
}
