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
import javax.net.ssl.SSLException;
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
    /**
     * After a TLS 1.3 handshake in which the server asked for a client certificate and got none, wait
     * this long for its refusal (on loopback it comes within milliseconds; a second leaves room for a
     * loaded machine and a WAN round trip). Only servers that merely want a certificate pay it, and
     * they are warned about once.
     */
    private static final long CLIENT_AUTH_PROBE_MS = 1000;

    /** A connection that is open and set up, not yet in a pool. */
    record Opened<S>(SocketTransport transport, S state) {
    }

    private final HostLookups lookups;
    private final ConnectionEvents events;
    private final TlsContexts tls;

    /**
     * @param poolName names the DNS lookup threads
     * @param events   told about each connect and failed connect (only when a listener is registered)
     */
    Connector(String poolName, ConnectionEvents events) {
        this.lookups = new HostLookups(poolName);
        this.events = events;
        this.tls = new TlsContexts(poolName);
    }

    /** @return the pool's TLS material */
    TlsContexts tls() {
        return tls;
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
        TlsMaterial.ClientAuth lastAuth = null;
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
                    permanent = e instanceof SSLHandshakeException
                            || (e instanceof ObservedTlsFailure && ((ObservedTlsFailure) e).permanent);
                    lastAuth = e instanceof ObservedTlsFailure ? ((ObservedTlsFailure) e).auth : null;
                    LOG.log(System.Logger.Level.DEBUG, () -> "conpool: connecting to " + endpoint + " via "
                            + address.getHostAddress() + " failed: " + e);
                }
            }
            final int failed = attempt;
            final IOException err = last;
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: attempt " + failed + "/" + attempts + " to "
                    + endpoint + " failed: " + err);
        }
        if (last instanceof SSLException && endpoint.tls()) {
            SSLException jsse = (SSLException) (last instanceof ObservedTlsFailure ? last.getCause() : last);
            throw tls.diagnose(endpoint, attempt, jsse, cfg, lastAuth);
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

    private <S> Opened<S> connectOne(Endpoint endpoint, InetAddress address, PoolConfig cfg,
                                            ProtocolHandler<S> handler) throws IOException {
        long timeoutMs = Math.max(1, cfg.connectTimeout().toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(address, endpoint.port()), (int) Math.min(Integer.MAX_VALUE, timeoutMs));
            int firstByte = -1;
            if (endpoint.tls()) {
                socket = handshake(endpoint, socket, cfg, handler, deadline);
                firstByte = checkClientAuth(endpoint, (SSLSocket) socket, cfg, deadline);
            }
            socket.setSoTimeout(remainingMillis(deadline));
            SocketTransport transport = new SocketTransport(endpoint, channel, socket, firstByte);
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

    private Socket handshake(Endpoint endpoint, Socket plain, PoolConfig cfg, ProtocolHandler<?> handler,
                             long deadline) throws IOException {
        TlsMaterial material = tls.material(cfg);
        SSLContext context = material != null ? material.context() : cfg.sslContext();
        if (material != null) {
            material.warnIfExpiring(java.time.Instant.now());
        }
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
        List<String> protocols = new ArrayList<>(cfg.tlsProtocols());
        protocols.retainAll(Arrays.asList(ssl.getSupportedProtocols()));
        if (protocols.isEmpty()) {
            ssl.close();
            throw new IOException("the SSLContext supports none of tlsProtocols " + cfg.tlsProtocols());
        }
        params.setProtocols(protocols.toArray(String[]::new));
        if (!cfg.tlsCipherSuites().isEmpty()) {
            params.setCipherSuites(cfg.tlsCipherSuites().toArray(String[]::new));
        }
        params.setServerNames(endpoint.isIpLiteral() ? List.of() : List.of(new SNIHostName(endpoint.host())));
        List<String> alpn = handler.applicationProtocols();
        if (!alpn.isEmpty()) {
            params.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(remainingMillis(deadline));
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            TlsMaterial.ClientAuth auth = material == null ? null : material.takeClientAuth(ssl);
            ssl.close();
            throw new ObservedTlsFailure(e, auth);
        }
        return ssl;
    }

    /**
     * After the handshake: in TLS 1.3 a server that requires a client certificate refuses a client
     * without one only after the client finished its handshake. When the server asked and none was
     * sent, wait briefly for that refusal, so that it fails the connect (with a clear
     * {@link io.conpool.TlsHandshakeException}) rather than the application's first read.
     *
     * @return a byte the server sent first (handed to the transport), or -1
     */
    private int checkClientAuth(Endpoint endpoint, SSLSocket ssl, PoolConfig cfg, long deadline) throws IOException {
        TlsMaterial material = tls.peek(cfg);
        if (material == null) {
            return -1;
        }
        TlsMaterial.ClientAuth auth = material.takeClientAuth(ssl);
        if (!auth.asked() || auth.sent() || !"TLSv1.3".equals(ssl.getSession().getProtocol())) {
            return -1;
        }
        int old = ssl.getSoTimeout();
        ssl.setSoTimeout((int) Math.max(1, Math.min(CLIENT_AUTH_PROBE_MS, remainingMillis(deadline))));
        try {
            int b = ssl.getInputStream().read();
            if (b < 0) {
                throw new ObservedTlsFailure(new SSLHandshakeException("the server closed the connection right after the"
                        + " handshake (certificate_required): it asked for a client certificate and none was sent"), auth);
            }
            tls.warnOptionalClientAuth(endpoint);
            return b;
        } catch (SocketTimeoutException e) {
            tls.warnOptionalClientAuth(endpoint); // no refusal: the certificate is optional for this server
            return -1;
        } catch (SSLException e) {
            throw new ObservedTlsFailure(e, auth);
        } finally {
            if (!ssl.isClosed()) {
                ssl.setSoTimeout(old);
            }
        }
    }

    /** A handshake failure with what the key manager saw, so that it can be explained. */
    static final class ObservedTlsFailure extends SSLException {
        private static final long serialVersionUID = 1L;
        final transient TlsMaterial.ClientAuth auth;
        /** A refused handshake (or one refused over the client certificate) fails again: not retried. */
        final boolean permanent;

        ObservedTlsFailure(SSLException cause, TlsMaterial.ClientAuth auth) {
            super(cause.getMessage(), cause);
            this.auth = auth;
            this.permanent = cause instanceof SSLHandshakeException || (auth != null && auth.asked());
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new SocketTimeoutException("connect timeout used up before the protocol set-up finished");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
