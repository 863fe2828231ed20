package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One pooled connection's socket: a {@link SocketChannel} in blocking mode (TLS layered over its
 * socket), its streams, whether it is broken, and a way back to the pool for capacity changes.
 *
 * <p>This is the {@link Transport} protocol handlers build on. Applications of the {@code raw}
 * handler never see it: they get a per-lease {@link GuardedLease} view that stops working when
 * the lease ends.
 */
final class SocketTransport implements Transport {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final Endpoint endpoint;
    private final SocketChannel channel;
    /** The socket I/O goes through: an {@link SSLSocket} for TLS, else the channel's own socket. */
    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;
    /** The channel socket's input, for {@code available()} on the bytes still encrypted (TLS). */
    private final InputStream rawInput;
    /** One byte for the non-blocking read of the stale check (only ever used by that check). */
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private volatile Runnable stateListener;
    private volatile Throwable brokenBy;

    SocketTransport(Endpoint endpoint, SocketChannel channel, Socket socket) throws IOException {
        this(endpoint, channel, socket, -1);
    }

    /**
     * @param firstByte a byte already read from the socket (the server spoke first), given back to
     *                  the first reader; -1 for none
     */
    SocketTransport(Endpoint endpoint, SocketChannel channel, Socket socket, int firstByte) throws IOException {
        this.endpoint = endpoint;
        this.channel = channel;
        this.socket = socket;
        if (firstByte >= 0) {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(socket.getInputStream(), 1);
            in.unread(firstByte);
            this.input = in;
        } else {
            this.input = socket.getInputStream();
        }
        this.output = socket.getOutputStream();
        this.rawInput = socket == channel.socket() ? input : channel.socket().getInputStream();
    }

    /** @param listener told when the capacity may have changed or the connection broke; null to stop */
    void onStateChanged(Runnable listener) {
        this.stateListener = listener;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Socket socket() {
        return socket;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return socket instanceof SSLSocket ? Optional.of(((SSLSocket) socket).getSession()) : Optional.empty();
    }

    @Override
    public String applicationProtocol() {
        if (socket instanceof SSLSocket) {
            String p = ((SSLSocket) socket).getApplicationProtocol();
            return p == null ? "" : p;
        }
        return "";
    }

    @Override
    public void capacityChanged() {
        Runnable l = stateListener;
        if (l != null) {
            l.run();
        }
    }

    @Override
    public void markBroken(Throwable cause) {
        if (brokenBy == null) {
            brokenBy = cause != null ? cause : new IOException("marked broken");
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + this + " is broken: " + brokenBy);
            capacityChanged();
        }
    }

    @Override
    public boolean isBroken() {
        return brokenBy != null;
    }

    /** @return what broke the connection, or null */
    Throwable brokenBy() {
        return brokenBy;
    }

    /**
     * The stale check, on a connection nobody else is using: has the peer closed it, or sent
     * something nobody asked for? About a microsecond: a non-blocking one-byte read on the channel
     * (-1 = closed, a byte = unexpected data, nothing = healthy). On TLS, {@code available()} first
     * on the decrypted and the raw side: records that arrived while idle (TLS 1.3 session tickets,
     * key updates, close_notify) are read through the TLS layer with a 1 ms timeout, because
     * reading them raw would break the session. A byte that arrives between that look and the
     * non-blocking read is lost to the session, so the connection is then treated as stale.
     *
     * @return true when the connection must not be reused
     */
    boolean isStale() {
        try {
            if (socket != channel.socket()) { // TLS: never read raw bytes that may be TLS records
                if (input.available() > 0) {
                    return true; // decrypted application bytes nobody asked for
                }
                if (rawInput.available() > 0) {
                    return tlsRecordsEndTheSession();
                }
            }
            return peerClosed(); // plain: any byte read is unexpected too, so no available() first
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** A non-blocking read of one byte: -1 is a closed connection; a byte read is unexpected data. */
    private boolean peerClosed() throws IOException {
        channel.configureBlocking(false);
        try {
            probe.clear();
            return channel.read(probe) != 0;
        } finally {
            channel.configureBlocking(true);
        }
    }

    /**
     * Encrypted bytes are pending on an idle TLS connection: let the TLS layer read them. Handshake
     * records are consumed and the read times out: healthy. close_notify (-1), application data or
     * an error: stale.
     */
    private boolean tlsRecordsEndTheSession() throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(1);
        try {
            input.read();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    void closeQuietly() {
        closeQuietly(socket, channel);
    }

    /** Closes the socket (a TLS socket sends close_notify) and its channel; errors are of no use here. */
    static void closeQuietly(Socket socket, SocketChannel channel) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do: the socket is gone either way
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // as above
        }
    }

    @Override
    public String toString() {
        return "Transport[" + endpoint + " local=" + channel.socket().getLocalSocketAddress() + "]";
    }
}
