package io.conpool.deploy.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP/2 backend (embedded Jetty, h2c with prior knowledge) on 127.0.0.1 in the test JVM, for
 * the {@code protocol=http2} connection definition. Each request is held for 20 ms so that
 * concurrent requests overlap; it counts TCP connections and the most requests in flight at once
 * on one connection.
 */
public final class H2cBackend implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger peakStreams = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /**
     * Starts the server on an ephemeral port of 127.0.0.1.
     *
     * @throws Exception if Jetty cannot start
     */
    public H2cBackend() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("it-h2c-backend");
        server = new Server(threads);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(new HttpConfiguration());
        h2c.setMaxConcurrentStreams(100);
        connector = new ServerConnector(server, 1, 1, h2c);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection c) {
                if (c instanceof HTTP2Connection) {
                    connections.incrementAndGet();
                }
            }
        });
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                AtomicInteger n = inFlight.computeIfAbsent(request.getConnectionMetaData().getId(), k -> new AtomicInteger());
                peakStreams.accumulateAndGet(n.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                } finally {
                    n.decrementAndGet();
                }
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(("h2 " + request.getHttpURI().getPath())
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    /** @return the port on 127.0.0.1 */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return HTTP/2 connections opened since start */
    public int connections() {
        return connections.get();
    }

    /** @return the most requests in flight at once on one connection */
    public int peakStreamsPerConnection() {
        return peakStreams.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
