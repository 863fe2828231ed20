package io.conpool.bench.pools;

import io.conpool.Endpoint;
import java.io.IOException;
import java.net.Socket;

/**
 * The connection object the peer pools hold: a real TCP socket to a loopback server, opened the
 * way conpool opens its own (TCP_NODELAY, SO_KEEPALIVE). The micro benchmarks never do I/O on it;
 * it exists so that every pool pays the same real cost when it opens or closes a connection.
 */
public final class LoopbackConnection {
    private final Endpoint endpoint;
    private final int endpointIndex;
    private final Socket socket;

    private LoopbackConnection(Endpoint endpoint, int endpointIndex, Socket socket) {
        this.endpoint = endpoint;
        this.endpointIndex = endpointIndex;
        this.socket = socket;
    }

    /**
     * Connects to a plain endpoint.
     *
     * @param endpoint      where to
     * @param endpointIndex its index in the {@link PoolSpec}, for adapters that keep one pool per endpoint
     * @return the open connection
     * @throws IOException if the connect fails
     */
    public static LoopbackConnection open(Endpoint endpoint, int endpointIndex) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new java.net.InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
            return new LoopbackConnection(endpoint, endpointIndex, s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** @return the endpoint it goes to */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the endpoint's index in the {@link PoolSpec} */
    public int endpointIndex() {
        return endpointIndex;
    }

    /** @return the socket */
    public Socket socket() {
        return socket;
    }

    /** Closes the socket, ignoring errors. */
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
