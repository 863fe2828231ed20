package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** The pool's {@link Transport}: a connected socket, its streams, and a way back to the pool for capacity changes. */
final class SocketTransport implements Transport {
    private final Endpoint endpoint;
    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;
    private volatile Runnable capacityListener;

    SocketTransport(Endpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
    }

    void onCapacityChanged(Runnable listener) {
        this.capacityListener = listener;
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
        Runnable l = capacityListener;
        if (l != null) {
            l.run();
        }
    }

    /**
     * The stale check: a 1 ms read on an idle connection. End of stream, an error, or any byte
     * (nothing should arrive on an idle connection) means the connection must not be reused.
     */
    boolean isStale() {
        int oldTimeout = -1;
        try {
            oldTimeout = socket.getSoTimeout();
            socket.setSoTimeout(1);
            input.read();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            if (oldTimeout >= 0) {
                try {
                    socket.setSoTimeout(oldTimeout);
                } catch (IOException ignored) {
                    // the socket is broken; the next use reports it
                }
            }
        }
    }

    void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing useful to do: the socket is gone either way
        }
    }

    @Override
    public String toString() {
        return "Transport[" + endpoint + " local=" + socket.getLocalSocketAddress() + "]";
    }
}
