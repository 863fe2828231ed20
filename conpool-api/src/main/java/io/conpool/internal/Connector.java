package io.conpool.internal;

import io.conpool.AcquireInterruptedException;
import io.conpool.ConnectInfo;
import io.conpool.ConnectionFailedException;
import io.conpool.ConnectionTimeoutException;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.PoolConfig;
import io.conpool.spi.ProtocolHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Opens new connections: resolves the host (every time, bounded by {@code connectTimeout}, see
 * {@link HostLookups}), tries every address, TCP connect and TLS handshake within
 * {@code connectTimeout}, runs the protocol handler's {@code init}, and retries failed attempts
 * with exponential backoff and jitter. Runs on the caller's thread, never under a pool lock.
 *
 * <p>Sockets are {@link SocketChannel}s in blocking mode, TLS layered over the channel's socket,
 * so that the stale check can read without blocking ({@link SocketTransport#isStale()}).
 */
final class Connector {
    private static final System.Logger LOG = System.getLogger("io.conpool");
    private static final List<String> ALLOWED_TLS = List.of("TLSv1.3", "TLSv1.2");

    /** A connection that is open and set up, not yet in a pool. */
    record Opened<S>(SocketTransport transport, S state) {
    }

    private final HostLookups lookups;
    private final ConnectionEvents events;

    /**
     * @param poolName names the DNS lookup threads
     * @param events   told about each connect and failed connect (only when a listener is registered)
     */
    Connector(String poolName, ConnectionEvents events) {
        this.lookups = new HostLookups(poolName);
        this.events = events;
    }

    /** Stops the DNS lookup threads. */
    void close() {
        lookups.close();
    }

    /**
     * @param endpoint where to connect
     * @param cfg      the endpoint's settings
     * @param handler  sets up the protocol on the new socket
     * @param <S>      the protocol state
     * @return the open, set-up connection; the caller owns it (and must close it on any later failure)
     * @throws ConpoolException when every attempt failed, the name did not resolve, or the caller was interrupted
     */
    <S> Opened<S> open(Endpoint endpoint, PoolConfig cfg, ProtocolHandler<S> handler) throws ConpoolException {
        if (!events.enabled()) {
            return connect(endpoint, cfg, handler, null); // no listener: no clock read, nothing allocated
        }
        ConnectTrace trace = new ConnectTrace(System.nanoTime());
        Opened<S> opened;
        try {
            opened = connect(endpoint, cfg, handler, trace);
        } catch (ConpoolException e) {
            events.connectFailed(endpoint, System.nanoTime() - trace.start, Math.max(1, trace.attempts), e);
            throw e;
        }
        events.connected(endpoint, trace.info(opened.transport()));
        return opened;
    }

    private <S> Opened<S> connect(Endpoint endpoint, PoolConfig cfg, ProtocolHandler<S> handler, ConnectTrace trace)
            throws ConpoolException {
        int attempts = cfg.connectRetryCount() + 1;
        IOException last = null;
        int attempt = 0;
        boolean permanent = false;
        while (attempt < attempts && !permanent) {
            attempt++;
            if (attempt > 1) {
                backoff(endpoint, cfg, attempt - 1);
            }
            if (trace != null) {
                trace.attempts = attempt;
            }
            List<InetAddress> addresses = lookups.resolve(endpoint, cfg.resolver(), cfg.connectTimeout());
            for (InetAddress address : addresses) {
                if (trace != null) {
                    trace.address = address;
                }
                try {
                    return connectOne(endpoint, address, cfg, handler);
                } catch (ClosedByInterruptException e) {
                    throw new AcquireInterruptedException(endpoint);
                } catch (IOException | RuntimeException e) {
                    last = e instanceof IOException ? (IOException) e : new IOException(e.toString(), e);
                    // a rejected certificate or protocol will be rejected again: no point in retrying
                    permanent = e instanceof SSLHandshakeException;
                    LOG.log(System.Logger.Level.DEBUG, () -> "conpool: connecting to " + endpoint + " via "
                            + address.getHostAddress() + " failed: " + e);
                }
            }
            final int failed = attempt;
            final IOException err = last;
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: attempt " + failed + "/" + attempts + " to "
                    + endpoint + " failed: " + err);
        }
        if (last instanceof SocketTimeoutException) {
            throw new ConnectionTimeoutException(endpoint, attempt, cfg.connectTimeout(), last);
        }
        throw new ConnectionFailedException(endpoint, attempt, String.valueOf(last), last);
    }

    /** What one traced {@link #open} saw: when it started, the attempt it is on, the address it tries. */
    private static final class ConnectTrace {
        final long start;
        int attempts;
        InetAddress address;

        ConnectTrace(long start) {
            this.start = start;
        }

        ConnectInfo info(SocketTransport transport) {
            String protocol = null;
            String cipher = null;
            try {
                SSLSession session = transport.tlsSession().orElse(null);
                if (session != null) {
                    protocol = session.getProtocol();
                    cipher = session.getCipherSuite();
                }
            } catch (RuntimeException e) {
                // the TLS details are for the report only
            }
            InetSocketAddress peer = new InetSocketAddress(address, transport.endpoint().port());
            return new ConnectInfo(System.nanoTime() - start, attempts, peer, protocol, cipher);
        }
    }

    private static void backoff(Endpoint endpoint, PoolConfig cfg, int retry) throws AcquireInterruptedException {
        long nanos = Backoff.delayNanos(cfg.connectRetryDelay(), retry);
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcquireInterruptedException(endpoint);
        }
    }

    private static <S> Opened<S> connectOne(Endpoint endpoint, InetAddress address, PoolConfig cfg,
                                            ProtocolHandler<S> handler) throws IOException {
        long timeoutMs = Math.max(1, cfg.connectTimeout().toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(address, endpoint.port()), (int) Math.min(Integer.MAX_VALUE, timeoutMs));
            if (endpoint.tls()) {
                socket = handshake(endpoint, socket, cfg, handler, deadline);
            }
            socket.setSoTimeout(remainingMillis(deadline));
            SocketTransport transport = new SocketTransport(endpoint, channel, socket);
            S state = handler.init(transport);
            if (state == null) {
                throw new IOException("protocol handler '" + handler.name() + "' returned no state for " + endpoint);
            }
            // raw connections read with the pool's readTimeout; a handler's own reader blocks without one
            socket.setSoTimeout(state == transport ? (int) cfg.readTimeout().toMillis() : 0);
            return new Opened<>(transport, state);
        } catch (IOException | RuntimeException e) {
            SocketTransport.closeQuietly(socket, channel);
            throw e;
        }
    }

    private static Socket handshake(Endpoint endpoint, Socket plain, PoolConfig cfg, ProtocolHandler<?> handler,
                                    long deadline) throws IOException {
        SSLContext context = cfg.sslContext();
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no default SSLContext in this JVM: supply one with PoolConfig.sslContext", e);
            }
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, endpoint.host(), endpoint.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        List<String> protocols = new ArrayList<>(ALLOWED_TLS);
        protocols.retainAll(Arrays.asList(ssl.getSupportedProtocols()));
        if (protocols.isEmpty()) {
            throw new IOException("the SSLContext supports neither TLSv1.3 nor TLSv1.2");
        }
        params.setProtocols(protocols.toArray(String[]::new));
        params.setServerNames(endpoint.isIpLiteral() ? List.of() : List.of(new SNIHostName(endpoint.host())));
        List<String> alpn = handler.applicationProtocols();
        if (!alpn.isEmpty()) {
            params.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new SocketTimeoutException("connect timeout used up before the protocol set-up finished");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
