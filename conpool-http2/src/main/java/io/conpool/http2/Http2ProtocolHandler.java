package io.conpool.http2;

import io.conpool.Transport;
import io.conpool.spi.AccessMode;
import io.conpool.spi.ProtocolHandler;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The {@code http2} protocol handler: HTTP/2 over TLS (ALPN {@code h2}) or over plain TCP with prior
 * knowledge ({@code h2c}). A connection is shared by up to min(server SETTINGS_MAX_CONCURRENT_STREAMS,
 * {@link Http2Options#maxConcurrentStreams()}) lease holders, each sending requests as streams with
 * {@link Http2Connection#send}. After GOAWAY or a connection error the connection drains: the pool gives
 * it to nobody new and closes it when its last lease returns.
 *
 * <p>Found by name through {@link java.util.ServiceLoader} ({@code ProtocolHandlers.byName("http2")},
 * with default options), created with settings by {@link Http2HandlerProvider}
 * ({@code ProtocolHandlers.create("http2", values)}), or built with {@link #Http2ProtocolHandler(Http2Options)}.
 *
 * <pre>{@code
 * ConnectionPool<Http2Connection> pool = ConnectionPool.builder(new Http2ProtocolHandler()).build();
 * Http2Response r = Http2Requests.send(pool, Endpoint.tls("example.org", 443), Http2Request.get("/"));
 * }</pre>
 */
public final class Http2ProtocolHandler implements ProtocolHandler<Http2Connection> {

    /** The handler's name, {@value}. */
    public static final String NAME = "http2";

    private final Http2Options options;

    /** A handler with {@link Http2Options#defaults()}; the constructor {@link java.util.ServiceLoader} uses. */
    public Http2ProtocolHandler() {
        this(Http2Options.defaults());
    }

    /**
     * @param options the handler settings
     * @throws NullPointerException if {@code options} is null
     */
    public Http2ProtocolHandler(Http2Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** @return this handler's settings */
    public Http2Options options() {
        return options;
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /** @return {@code ["h2"]}: HTTP/2 over TLS is negotiated with ALPN */
    @Override
    public List<String> applicationProtocols() {
        return List.of("h2");
    }

    /**
     * Runs the HTTP/2 connection preface and SETTINGS exchange and starts the connection's reader thread.
     *
     * @throws IOException if the server did not select {@code h2} with ALPN, closed the connection, or
     *                     sent no SETTINGS within the pool's connect timeout
     */
    @Override
    public Http2Connection init(Transport transport) throws IOException {
        return Http2Connection.open(transport, options);
    }

    @Override
    public void onAcquire(Http2Connection state) {
        state.acquired();
    }

    /**
     * @return {@code false} after GOAWAY, a connection error, or when a PING sent after
     *         {@link Http2Options#pingAfterInactivity()} without traffic is not answered within
     *         {@link Http2Options#pingTimeout()} (only then does this call wait)
     */
    @Override
    public boolean isHealthy(Http2Connection state) {
        return state.checkHealth();
    }

    /** Sends GOAWAY (best effort) and fails any stream left; the pool then closes the socket, which ends the reader. */
    @Override
    public void onClose(Http2Connection state) {
        state.close();
    }

    /**
     * @return {@code shared(min(server limit, maxConcurrentStreams))} while the connection takes new
     *         streams, {@code draining()} after GOAWAY, a connection error, or close
     */
    @Override
    public AccessMode accessMode(Http2Connection state) {
        int n = state.capacity();
        return n == 0 ? AccessMode.draining() : AccessMode.shared(n);
    }

    /**
     * @return {@link Http2Options#maxConcurrentStreams()}: until a server says otherwise, one
     *         connection is expected to carry that many streams, so a cold burst opens one connection
     */
    @Override
    public int expectedCapacity() {
        return options.maxConcurrentStreams();
    }

    /** @return {@code false}: the reader thread owns the socket's input */
    @Override
    public boolean allowsStaleCheck() {
        return false;
    }

    @Override
    public String toString() {
        return "Http2ProtocolHandler" + options;
    }
}
