package io.conpool.bench.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 server on 127.0.0.1 and an ephemeral port for the HTTP/2 scenario, speaking
 * one protocol: HTTP/2 (h2c with prior knowledge on plain TCP, h2 with ALPN over TLS) or HTTP/1.1
 * (keep-alive, over plain TCP or TLS). Every request must carry a body of exactly
 * {@link Wire#REQUEST_BYTES} bytes and is answered {@code 200} with {@link Wire#RESPONSE_BYTES}
 * bytes and a {@code content-length}; any other body gets {@code 400}. It counts TCP connections
 * (one per accepted socket, whatever protocol layers sit on it) and answered requests.
 */
public final class JettyLoopbackServer implements AutoCloseable {
    /** The request path the server answers (any path is answered the same way). */
    public static final String PATH = "/bench";

    /** The protocol the server speaks. */
    public enum Protocol {
        /** HTTP/2: h2c with prior knowledge on plain TCP, h2 negotiated with ALPN over TLS. */
        H2,
        /** HTTP/1.1 with persistent connections. */
        HTTP1
    }

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    private final AtomicLong tcpConnections = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private JettyLoopbackServer(Protocol protocol, SSLContext serverTls) throws IOException {
        this.tls = serverTls != null;
        QueuedThreadPool threads = new QueuedThreadPool(64, 8);
        threads.setName("bench-jetty-" + protocol.name().toLowerCase(java.util.Locale.ROOT));
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ConnectionFactory[] factories;
        if (protocol == Protocol.H2) {
            if (tls) {
                http.addCustomizer(sniTolerant());
                ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
                alpn.setDefaultProtocol("h2");
                factories = new ConnectionFactory[] {new SslConnectionFactory(sslFactory(serverTls), alpn.getProtocol()),
                        alpn, new HTTP2ServerConnectionFactory(http)};
            } else {
                factories = new ConnectionFactory[] {new HTTP2CServerConnectionFactory(http)};
            }
        } else {
            HttpConnectionFactory http1 = new HttpConnectionFactory(http);
            if (tls) {
                http.addCustomizer(sniTolerant());
                factories = new ConnectionFactory[] {new SslConnectionFactory(sslFactory(serverTls), http1.getProtocol()), http1};
            } else {
                factories = new ConnectionFactory[] {http1};
            }
        }
        connector = new ServerConnector(server, 1, 1, factories);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(600_000); // pooled connections stay open for a whole trial
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection c) {
                // the connection on the socket itself; TLS, ALPN and protocol layers above it sit on other end points
                if (c.getEndPoint() instanceof SocketChannelEndPoint) {
                    tcpConnections.incrementAndGet();
                }
            }
        });
        server.addConnector(connector);
        server.setHandler(new Answer());
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IOException("could not start the embedded Jetty " + protocol + " server: " + e, e);
        }
    }

    /**
     * @param protocol  the protocol to speak
     * @param serverTls the server's TLS context (see {@link SelfSignedTls}), or null for plain TCP
     * @return a started server
     * @throws IOException if it cannot start
     */
    public static JettyLoopbackServer start(Protocol protocol, SSLContext serverTls) throws IOException {
        return new JettyLoopbackServer(protocol, serverTls);
    }

    private static SslContextFactory.Server sslFactory(SSLContext context) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context);
        return ssl;
    }

    private static SecureRequestCustomizer sniTolerant() {
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients connect to an IP literal and send no SNI
        return secure;
    }

    /** @return the host clients connect to: {@code 127.0.0.1} */
    public String host() {
        return "127.0.0.1";
    }

    /** @return the bound port */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return whether the server speaks TLS */
    public boolean tls() {
        return tls;
    }

    /** @return TCP connections accepted since start */
    public long tcpConnections() {
        return tcpConnections.get();
    }

    /** @return requests answered with 200 since start */
    public long requests() {
        return requests.get();
    }

    /** Stops the server and closes its connections. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping anyway; its threads are daemons
        }
    }

    private final class Answer extends Handler.Abstract {
        private final byte[] body = new byte[Wire.RESPONSE_BYTES];

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            ByteBuffer in = Content.Source.asByteBuffer(request);
            if (in.remaining() != Wire.REQUEST_BYTES) {
                Response.writeError(request, response, callback, 400,
                        "expected a " + Wire.REQUEST_BYTES + "-byte body, got " + in.remaining());
                return true;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
            requests.incrementAndGet();
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
