package io.conpool;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * An open TCP (or TLS) connection owned by the pool: the socket, its streams, the endpoint and
 * the negotiated TLS session. It is the connection type of the {@code raw} protocol handler and
 * what protocol handlers build their state on.
 *
 * <p>Do not close the socket yourself: return the lease with {@link Lease#close()}, or
 * {@link Lease#invalidate()} it when the connection must not be reused. On a {@code raw} lease,
 * closing the input stream does nothing and closing the output stream flushes it; the socket
 * stays the pool's.
 *
 * <p>A connection knows when it is broken: for the {@code raw} handler, end of stream on a read or
 * any {@link java.io.IOException} on a read or write (a read timeout included) marks it, and a
 * broken connection is closed when its lease ends, by {@code close()} as well as by
 * {@code invalidate()}. Protocol handlers report broken connections with {@link #markBroken}.
 *
 * <p>The {@code raw} handler's lease gives a view of the connection that works only while the lease
 * lasts: after the lease ended, its streams throw {@link LeaseEndedException} and {@link #socket()}
 * throws an {@link java.io.UncheckedIOException} with that cause. Sockets are channel-backed: an
 * I/O call made by a thread whose interrupt flag is set closes the connection
 * ({@link java.nio.channels.ClosedByInterruptException}), and the connection is then broken.
 */
public interface Transport {

    /** @return the endpoint this connection goes to */
    Endpoint endpoint();

    /**
     * The socket, for its options and addresses. Read and write through {@link #input()} and
     * {@link #output()}: I/O on the socket's own streams bypasses the broken-connection tracking.
     *
     * @return the connected socket (an {@link javax.net.ssl.SSLSocket} for TLS endpoints)
     * @throws java.io.UncheckedIOException with a {@link LeaseEndedException} as cause, on a
     *                                      {@code raw} lease's view after the lease ended
     */
    Socket socket();

    /** @return the socket's input stream, unbuffered */
    InputStream input();

    /** @return the socket's output stream, unbuffered */
    OutputStream output();

    /** @return the TLS session for TLS endpoints, empty for plain TCP */
    Optional<SSLSession> tlsSession();

    /** @return the ALPN protocol the server selected, or an empty string when none was negotiated */
    String applicationProtocol();

    /**
     * Tells the pool that {@link io.conpool.spi.ProtocolHandler#accessMode} of this connection
     * may have changed (for example, an HTTP/2 peer changed MAX_CONCURRENT_STREAMS, or sent GOAWAY).
     * The pool reads the access mode again and serves waiting callers, or closes a draining
     * connection once its last lease is back. Safe to call from any thread, at any time.
     */
    void capacityChanged();

    /**
     * Reports the connection broken (an I/O error, a protocol error, a connection-level error frame):
     * it gets no new lease, and it is closed as soon as no lease holds it, counted in the endpoint's
     * {@code errors}. Do not call it for an orderly close the protocol expected (such as an HTTP/2
     * GOAWAY): report that through {@link #capacityChanged()} and a draining access mode. The
     * first call wins; later calls do nothing. Safe to call from any thread, at any time.
     *
     * @param cause what broke it, for the logs (may be {@code null})
     */
    void markBroken(Throwable cause);

    /** @return whether {@link #markBroken} was called, or the pool saw the connection fail */
    boolean isBroken();
}
