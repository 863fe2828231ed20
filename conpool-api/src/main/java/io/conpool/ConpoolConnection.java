package io.conpool;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * An application's handle on one pooled connection, the same in Java SE, CDI and a Jakarta EE
 * server (where it comes from a {@link ConpoolConnectionFactory} looked up in JNDI or injected).
 *
 * <p>Use it in try-with-resources: {@link #close()} gives the connection back to the pool for
 * reuse. After an I/O error on its streams, or whenever the protocol state is unknown, the
 * connection is not reused: {@code close()} then closes it, as {@link #invalidate()} does.
 *
 * <pre>{@code
 * try (ConpoolConnection c = factory.getConnection()) {
 *     c.output().write(request);
 *     c.input().read(buffer);
 * }
 * }</pre>
 *
 * <p>A handle is used by one thread at a time.
 */
public interface ConpoolConnection extends AutoCloseable {

    /**
     * The socket's input stream, for the {@code raw} protocol handler. An {@link java.io.IOException}
     * thrown by it marks the connection as broken (it is closed instead of reused).
     *
     * @return the input stream
     * @throws IllegalStateException if the handle is closed, or the pool's protocol handler gives a
     *                               protocol state instead of a socket (use {@link #state()})
     */
    InputStream input();

    /**
     * The socket's output stream, for the {@code raw} protocol handler. An {@link java.io.IOException}
     * thrown by it marks the connection as broken (it is closed instead of reused).
     *
     * @return the output stream
     * @throws IllegalStateException if the handle is closed, or the pool's protocol handler gives a
     *                               protocol state instead of a socket (use {@link #state()})
     */
    OutputStream output();

    /**
     * The connection's protocol state as its protocol handler made it: a {@link Transport} for
     * {@code raw}, the handler's own type otherwise.
     *
     * @return the protocol state
     * @throws IllegalStateException if the handle is closed
     */
    Object state();

    /**
     * The protocol state as a given type.
     *
     * @param type the expected type, e.g. {@code Transport.class}
     * @param <T>  that type
     * @return the protocol state
     * @throws IllegalStateException if the handle is closed
     * @throws ClassCastException    if the state is of another type; the message names both
     */
    default <T> T state(Class<T> type) {
        Object s = state();
        if (!type.isInstance(s)) {
            throw new ClassCastException("conpool connection state is a " + s.getClass().getName() + ", not a "
                    + type.getName() + ": check the protocol handler configured for " + endpoint());
        }
        return type.cast(s);
    }

    /** @return the endpoint the connection goes to */
    Endpoint endpoint();

    /**
     * @return {@code true} if the connection was used before this handle: a failure before the
     *         first response byte may then be retried safely on a fresh connection
     */
    boolean isReused();

    /** @return {@code true} once {@link #close()} or {@link #invalidate()} was called */
    boolean isClosed();

    /**
     * Closes the connection instead of returning it to the pool (after a protocol error, or when its
     * state is unknown). Idempotent; the handle is closed afterwards.
     */
    void invalidate();

    /**
     * Returns the connection to the pool, or closes it if it broke (an I/O error on its streams).
     * Idempotent; does not throw.
     */
    @Override
    void close();
}
