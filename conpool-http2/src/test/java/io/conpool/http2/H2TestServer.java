package io.conpool.http2;

import io.conpool.Endpoint;
import io.conpool.testing.TestCerts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 HTTP/2 server on 127.0.0.1 (h2c with prior knowledge, or h2 over TLS with ALPN)
 * that counts what a pool does to it: TCP connections, requests, and concurrent requests per connection.
 *
 * <p>Paths: {@code /hello} (answers {@code hello}), {@code /echo} (answers the request body),
 * {@code /bytes?n=N} (N bytes), {@code /wait?ms=M} (answers after M ms), {@code /gate} (waits for
 * {@link #openGate()}), {@code /reset} (starts a response, then fails it: the stream is reset).
 * Every response carries {@code x-connection}, the server's id of the connection.
 */
final class H2TestServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger peakPerConnection = new AtomicInteger();
    private final Map<String, AtomicInteger> activePerConnection = new ConcurrentHashMap<>();
    private final AtomicInteger gateArrivals = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(1);
    /** Per session: {@link #GOAWAY_PENDING} while {@link #goAwayNow} reads the last stream id, then that id. */
    private final Map<HTTP2Session, Integer> goAwaySent = new ConcurrentHashMap<>();
    private static final Integer GOAWAY_PENDING = -1;

    private H2TestServer(boolean tls, int maxConcurrentStreams, long stopTimeoutMs) throws Exception {
        this.tls = tls;
        QueuedThreadPool threads = new QueuedThreadPool(600, 8);
        threads.setName("h2-test-server");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        AbstractHTTP2ServerConnectionFactory h2;
        if (tls) {
            TestCerts cert = TestCerts.localhostAndLoopbackIp(); // the pool connects to 127.0.0.1 and verifies it
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(cert.keystore().toString());
            ssl.setKeyStorePassword(new String(cert.password()));
            ssl.setKeyStoreType("PKCS12");
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            h2 = new HTTP2ServerConnectionFactory(http);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
            alpn.setDefaultProtocol("h2");
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2);
        } else {
            h2 = new HTTP2CServerConnectionFactory(http);
            connector = new ServerConnector(server, 1, 1, h2);
        }
        h2.setMaxConcurrentStreams(maxConcurrentStreams);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection c) {
                if (c instanceof HTTP2Connection) {
                    connectionsOpened.incrementAndGet();
                    connectionsOpen.incrementAndGet();
                }
            }

            @Override
            public void onClosed(Connection c) {
                if (c instanceof HTTP2Connection) {
                    connectionsOpen.decrementAndGet();
                }
            }
        });
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(new Behaviour()));
        server.setStopTimeout(stopTimeoutMs);
        server.start();
    }

    /** @return a started h2c server */
    static H2TestServer h2c(int maxConcurrentStreams) throws Exception {
        return new H2TestServer(false, maxConcurrentStreams, 10_000);
    }

    /** @return a started h2 (TLS + ALPN) server */
    static H2TestServer h2(int maxConcurrentStreams) throws Exception {
        return new H2TestServer(true, maxConcurrentStreams, 10_000);
    }

    Endpoint endpoint() {
        return tls ? Endpoint.tls("127.0.0.1", connector.getLocalPort()) : Endpoint.plain("127.0.0.1", connector.getLocalPort());
    }

    int connectionsOpened() {
        return connectionsOpened.get();
    }

    int connectionsOpen() {
        return connectionsOpen.get();
    }

    long requests() {
        return requests.get();
    }

    int peakConcurrentRequestsPerConnection() {
        return peakPerConnection.get();
    }

    int gateArrivals() {
        return gateArrivals.get();
    }

    void openGate() {
        gate.countDown();
    }

    void closeGate() {
        gate = new CountDownLatch(1);
        gateArrivals.set(0);
    }

    /** @return the server side of every open HTTP/2 connection */
    List<HTTP2Session> sessions() {
        List<HTTP2Session> out = new ArrayList<>();
        for (EndPoint ep : connector.getConnectedEndPoints()) {
            Connection c = ep.getConnection();
            while (c != null && !(c instanceof HTTP2Connection)) {
                c = c instanceof org.eclipse.jetty.io.ssl.SslConnection
                        ? ((org.eclipse.jetty.io.ssl.SslConnection) c).getSslEndPoint().getConnection() : null;
            }
            if (c != null) {
                out.add(((HTTP2Connection) c).getSession());
            }
        }
        return out;
    }

    void forEachSession(Consumer<HTTP2Session> action) {
        sessions().forEach(action);
    }

    /**
     * Sends GOAWAY with the last stream id the session has seen, then the session closes: what Jetty's
     * {@code session.close(NO_ERROR, ...)} does, plus what RFC 9113 section 6.8 requires of the sender,
     * that a stream above that id is not processed. Jetty reads the id on the calling thread while its
     * parser thread may be creating the next stream, so such a stream could still reach the handler
     * (seen once in ~400 runs of {@code Http2GoAwayTest}: a request processed twice, on the stream above
     * the GOAWAY and again where the client rightly retried it). The id is therefore recorded here and
     * the handler does not process, nor count, a stream above it ({@link #aboveGoAway}).
     */
    void goAwayNow(HTTP2Session session) {
        goAwaySent.put(session, GOAWAY_PENDING);
        int last;
        try {
            java.lang.reflect.Method m = HTTP2Session.class.getDeclaredMethod("getLastRemoteStreamId");
            m.setAccessible(true); // protected in Jetty 12.1; close() reads the same value
            last = (Integer) m.invoke(session);
        } catch (ReflectiveOperationException e) {
            goAwaySent.remove(session);
            throw new IllegalStateException("Jetty's HTTP2Session.getLastRemoteStreamId() is not reachable: " + e, e);
        }
        goAwaySent.put(session, last);
        session.goAway(new GoAwayFrame(last, ErrorCode.NO_ERROR.code, "test".getBytes(StandardCharsets.UTF_8)),
                Callback.NOOP);
    }

    /** Whether the request's stream is above the last stream id of a GOAWAY sent by {@link #goAwayNow}. */
    private boolean aboveGoAway(Request request) {
        Connection c = request.getConnectionMetaData().getConnection();
        if (!(c instanceof HTTP2Connection)) {
            return false;
        }
        HTTP2Session session = ((HTTP2Connection) c).getSession();
        Integer last = goAwaySent.get(session);
        while (GOAWAY_PENDING.equals(last)) {
            Thread.onSpinWait();
            last = goAwaySent.get(session);
        }
        return last != null && Integer.parseInt(request.getId()) > last;
    }

    /** Graceful stop: GOAWAY to every connection, wait for running requests (up to the stop timeout). */
    void stop() throws Exception {
        server.stop();
    }

    @Override
    public void close() throws java.io.IOException {
        openGate();
        try {
            server.stop();
        } catch (Exception e) {
            throw new java.io.IOException("stopping the test server failed: " + e, e);
        }
    }

    private final class Behaviour extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            requests.incrementAndGet();
            String conn = request.getConnectionMetaData().getId();
            AtomicInteger active = activePerConnection.computeIfAbsent(conn, k -> new AtomicInteger());
            int now = active.incrementAndGet();
            peakPerConnection.accumulateAndGet(now, Math::max);
            String path = request.getHttpURI().getPath();
            String query = request.getHttpURI().getQuery();
            byte[] body;
            try {
                switch (path) {
                    case "/echo":
                        ByteBuffer in = Content.Source.asByteBuffer(request);
                        body = new byte[in.remaining()];
                        in.get(body);
                        break;
                    case "/bytes":
                        body = new byte[Integer.parseInt(query.substring("n=".length()))];
                        for (int i = 0; i < body.length; i++) {
                            body[i] = (byte) (i * 31 + 7);
                        }
                        break;
                    case "/wait":
                        Thread.sleep(Long.parseLong(query.substring("ms=".length())));
                        body = "waited".getBytes(StandardCharsets.UTF_8);
                        break;
                    case "/gate":
                        gateArrivals.incrementAndGet();
                        if (!gate.await(20, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("test gate never opened");
                        }
                        body = "passed".getBytes(StandardCharsets.UTF_8);
                        break;
                    case "/reset":
                        active.decrementAndGet();
                        response.setStatus(200);
                        response.write(false, ByteBuffer.wrap(new byte[]{1, 2, 3}), Callback.from(
                                () -> callback.failed(new IllegalStateException("test: reset this stream")),
                                callback::failed));
                        return true;
                    default:
                        body = "hello".getBytes(StandardCharsets.UTF_8);
                        break;
                }
            } catch (Exception e) {
                active.decrementAndGet();
                throw e;
            }
            active.decrementAndGet();
            if (aboveGoAway(request)) {
                requests.decrementAndGet(); // not processed: the GOAWAY told the client so
                callback.failed(new IllegalStateException("test: stream above the GOAWAY's last stream id"));
                return true;
            }
            response.setStatus(200);
            response.getHeaders().put("x-connection", conn);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
