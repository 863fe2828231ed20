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
 * <p>Do not close the socket or the streams yourself: return the lease with {@link Lease#close()},
 * or {@link Lease#invalidate()} it when the connection must not be reused.
 */
public interface Transport {

    /** @return the endpoint this connection goes to */
    Endpoint endpoint();

    /** @return the connected socket (an {@link javax.net.ssl.SSLSocket} for TLS endpoints) */
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
}
