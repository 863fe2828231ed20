package io.conpool.http2;

import io.conpool.Endpoint;
import io.conpool.Transport;
import io.conpool.http2.internal.H2;
import io.conpool.http2.internal.JettyFrameCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One pooled HTTP/2 connection: the state the {@code http2} handler gives a lease holder. Many
 * threads may {@link #send} on it at once, each request on its own stream; one reader thread per
 * connection reads every frame for its whole life.
 *
 * <p>What it does for the pool: it tells the server's SETTINGS_MAX_CONCURRENT_STREAMS (so the pool
 * shares it among that many holders), notices GOAWAY (no new streams; streams above the
 * last-stream-id fail with {@link Http2RetryableException}), connection errors and unanswered PINGs.
 *
 * <p>Parts, each with one job and at most one lock, none held while another is taken:
 * {@link FrameWriter} (stream ids, HPACK, writes; its write lock), {@link FlowControl} (stream
 * admission and send windows; its own lock), {@link InboundFrames} (what each received frame does;
 * reader thread), {@link Http2Stream} (one request's response and hand-off). The connection's own
 * state is lock-free: the GOAWAY state is one immutable {@link GoAway} in an atomic reference, the
 * failure is set once, and every connection error goes through {@link #failConnection}.
 *
 * <p>New streams versus GOAWAY or failure: a stream is put in the stream table before the state is
 * checked, and GOAWAY/failure is published before the table is scanned, so for every stream either
 * its opener sees the state (and does not send) or the scan fails it.
 */
public final class Http2Connection {
    private static final System.Logger LOG = System.getLogger("io.conpool.http2");
    private static final AtomicInteger READER_IDS = new AtomicInteger();
    private static final int READ_BUFFER = 64 * 1024;
    /**
     * Busy-wait iterations (about 20-80 µs) for a response before parking, only while fewer streams
     * are open than the machine has CPUs, so a core stays free for the reader thread that delivers the
     * response: a response that arrives within the spin then costs no park/unpark hand-off. Measured
     * on 2 cores, h2c loopback, with other builds running: 4 threads +10-20 % requests/s at equal CPU
     * per request when up to 2 streams spun; letting 4 or 16 streams spin on 2 CPUs cost 30-65 %.
     * Bounded at CPUs - 1 spinners since two spinners on two cores starve the reader.
     */
    private static final int SPINS = 2_000;
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    private final Transport transport;
    private final Http2Options options;
    private final Endpoint endpoint;
    private final String scheme;
    private final String defaultAuthority;
    private final InputStream in;
    private final byte[] readBuffer = new byte[READ_BUFFER];
    private final InboundFrames inbound;
    private final JettyFrameCodec codec;
    private final FrameWriter writer;
    private final FlowControl flow = new FlowControl();
    private final ConcurrentHashMap<Integer, Http2Stream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, CountDownLatch> pings = new ConcurrentHashMap<>();
    private final AtomicLong pingPayloads = new AtomicLong(System.nanoTime());
    private final AtomicReference<GoAway> goAway = new AtomicReference<>();
    private final AtomicReference<Http2Exception> failure = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean firstAcquire = new AtomicBoolean();
    private volatile boolean capacitySignalled;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile Thread reader;

    private Http2Connection(Transport transport, Http2Options options) {
        this.transport = transport;
        this.options = options;
        this.endpoint = transport.endpoint();
        this.scheme = endpoint.tls() ? "https" : "http";
        String host = endpoint.host().indexOf(':') >= 0 && !endpoint.host().startsWith("[")
                ? "[" + endpoint.host() + "]" : endpoint.host();
        this.defaultAuthority = host + ":" + endpoint.port();
        this.in = transport.input();
        this.inbound = new InboundFrames(this, options);
        this.codec = new JettyFrameCodec(options.maxResponseHeaderListSize(), inbound);
        this.writer = new FrameWriter(codec, transport.output(), this::failConnection, endpoint.toString());
    }

    /**
     * Sets up HTTP/2 on a fresh connection: checks ALPN (TLS), sends the preface and our SETTINGS,
     * reads until the server's SETTINGS arrive (acknowledging them), then starts the reader thread.
     * Reading is bounded by the socket timeout the pool set for the connection attempt.
     *
     * @param transport the connected socket
     * @param options   the handler's settings
     * @return the ready connection
     * @throws IOException if the server does not speak HTTP/2 or the set-up fails
     */
    static Http2Connection open(Transport transport, Http2Options options) throws IOException {
        Endpoint ep = transport.endpoint();
        if (ep.tls() && !"h2".equals(transport.applicationProtocol())) {
            String got = transport.applicationProtocol();
            throw new IOException("server " + ep + " did not select HTTP/2 with ALPN (selected "
                    + (got.isEmpty() ? "nothing" : "'" + got + "'") + "): enable h2 on the server or use the raw handler");
        }
        Http2Connection c = new Http2Connection(transport, options);
        c.handshake();
        return c;
    }

    private void handshake() throws IOException {
        Map<Integer, Integer> settings = new LinkedHashMap<>();
        settings.put(H2.ENABLE_PUSH, 0);
        settings.put(H2.INITIAL_WINDOW_SIZE, options.streamWindow());
        settings.put(H2.MAX_HEADER_LIST_SIZE, options.maxResponseHeaderListSize());
        writer.write("the connection preface", codec -> {
            codec.writePreface(settings);
            if (options.connectionWindow() > H2.DEFAULT_WINDOW) {
                codec.writeWindowUpdate(0, options.connectionWindow() - H2.DEFAULT_WINDOW);
            }
        });
        try {
            while (!inbound.settingsReceived()) {
                if (!readOnce()) {
                    throw new IOException("server " + endpoint + " closed the connection during the HTTP/2 handshake"
                            + " (does it speak h2c with prior knowledge?)");
                }
                Http2Exception f = failure.get();
                if (f != null) {
                    throw new IOException("HTTP/2 handshake with " + endpoint + " failed: " + f.getMessage(), f);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no HTTP/2 SETTINGS from " + endpoint + " within the connect timeout"
                    + " (does the server speak HTTP/2 on this port?)");
        }
        transport.socket().setSoTimeout(0);
        Thread t = new Thread(this::readLoop, "conpool-h2-reader-" + endpoint + "-" + READER_IDS.incrementAndGet());
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    // ------------------------------------------------------------------ requests

    /**
     * Sends a request on a new stream of this connection and waits for the whole response, within
     * {@link Http2Options#responseTimeout()}. Waits (within the same bound) for a free stream when the
     * server's SETTINGS_MAX_CONCURRENT_STREAMS is reached, and for flow-control window while sending
     * the body. Safe to call from many threads at once. Not retried here (see {@link Http2Requests}).
     *
     * @param request the request
     * @return the response
     * @throws Http2RetryableException if the server certainly did not process the request (GOAWAY
     *                                 below this stream, REFUSED_STREAM, or the connection was
     *                                 already going away): safe to send again on another connection
     * @throws Http2Exception          if the stream was reset, the connection failed, the response was
     *                                 too large, or the time bound passed
     * @throws IOException             never other than the above
     */
    public Http2Response send(Http2Request request) throws IOException {
        return send(request, System.nanoTime() + options.responseTimeout().toNanos());
    }

    /** {@link #send(Http2Request)} bounded by {@code deadline} ({@link System#nanoTime()} based) instead. */
    Http2Response send(Http2Request request, long deadline) throws Http2Exception {
        String bound = "the time bound of " + TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime()))
                + " ms (responseTimeout=" + options.responseTimeout().toMillis() + " ms)";
        byte[] body = request.bodyNoCopy();
        int first = flow.reserveStream(deadline, this::checkUsable, this, bound, body.length);
        Http2Stream stream = null;
        try {
            String authority = request.authority() != null ? request.authority() : defaultAuthority;
            stream = writer.openStream(id -> register(id, first), request.method(), scheme, authority, request.path(),
                    request.headers(), body, first);
            if (first < body.length) {
                sendBody(stream, body, first, deadline, bound);
            }
            return awaitResponse(stream, deadline, bound);
        } finally {
            if (stream != null) {
                streams.remove(stream.id);
            }
            flow.releaseStream();
        }
    }

    /** Under the write lock, with the id just assigned: table first, then the check (see the class comment). */
    private Http2Stream register(int id, int firstChunk) throws Http2Exception {
        Http2Stream s = new Http2Stream(id, -firstChunk);
        streams.put(id, s);
        try {
            checkUsable();
        } catch (Http2Exception e) {
            streams.remove(id);
            if (firstChunk > 0) {
                flow.windowUpdate(null, firstChunk); // not sent: give the connection window back
            }
            throw e;
        }
        return s;
    }

    /** Throws when no new stream may start; the request was not sent, so it is retry-safe. */
    private void checkUsable() throws Http2RetryableException {
        if (closed.get()) {
            throw new NotSent("HTTP/2 connection " + this + " is closed; the request was not sent,"
                    + " safe to retry on another connection", -1);
        }
        Http2Exception f = failure.get();
        if (f != null) {
            throw new NotSent("HTTP/2 connection " + this + " has failed (" + f.getMessage()
                    + "); the request was not sent, safe to retry on another connection", f.errorCode());
        }
        GoAway g = goAway.get();
        if (g != null) {
            throw new NotSent("server sent GOAWAY (" + H2.errorName(g.errorCode()) + ") on " + this
                    + "; the request was not sent, safe to retry on another connection", g.errorCode());
        }
    }

    /** The request never left: the connection was already going away, failed or closed. */
    static final class NotSent extends Http2RetryableException {
        private static final long serialVersionUID = 1L;

        NotSent(String message, int errorCode) {
            super(message, errorCode, true);
        }
    }

    /** Throws when the connection can no longer carry a stream already open (a connection error). */
    private void checkAlive() throws Http2Exception {
        Http2Exception f = failure.get();
        if (f != null || closed.get()) {
            throw new Http2Exception("HTTP/2 connection " + this + " failed while sending the request body"
                    + (f != null ? ": " + f.getMessage() : " (closed by the pool)"), -1, true, f);
        }
    }

    private void sendBody(Http2Stream stream, byte[] body, int from, long deadline, String bound) throws Http2Exception {
        int pos = from;
        try {
            while (pos < body.length) {
                int n = flow.takeSendWindow(stream, body.length - pos, deadline, this::checkAlive, bound);
                if (n == 0 || !writer.writeData(stream, body, pos, n, pos + n == body.length)) {
                    break; // the stream completed or failed early (e.g. the server answered before reading the body)
                }
                pos += n;
            }
        } catch (Http2Exception e) {
            if (!e.isConnectionError()) {
                resetQuietly(stream.id, H2.CANCEL);
            }
            throw e;
        }
        if (pos < body.length) {
            resetQuietly(stream.id, H2.CANCEL); // we stop sending; tell the server the rest will not come
        }
    }

    private Http2Response awaitResponse(Http2Stream stream, long deadline, String bound) throws Http2Exception {
        Http2Response r;
        try {
            r = stream.await(deadline, flow.openStreams() < CPUS ? SPINS : 0);
        } catch (NotSent e) {
            throw new NotSent(e.getMessage(), e.errorCode());
        } catch (Http2RetryableException e) {
            throw new Http2RetryableException(e.getMessage(), e.errorCode(), e.isConnectionError());
        } catch (Http2Exception e) {
            throw new Http2Exception(e.getMessage(), e.errorCode(), e.isConnectionError(), e); // this caller's stack
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resetQuietly(stream.id, H2.CANCEL);
            throw new Http2Exception("interrupted while waiting for the response on " + stream, H2.CANCEL, false, e);
        }
        if (r == null) {
            resetQuietly(stream.id, H2.CANCEL);
            throw new Http2Exception("no complete response on " + stream + " of " + this + " within " + bound
                    + "; the stream was cancelled", H2.CANCEL, false, null);
        }
        return r;
    }

    /** Sends RST_STREAM unless the connection is already unusable; never throws. */
    private void resetQuietly(int streamId, int errorCode) {
        if (failure.get() != null || closed.get()) {
            return;
        }
        try {
            writer.write("RST_STREAM", codec -> codec.writeReset(streamId, errorCode));
        } catch (Http2Exception ignored) {
            // the connection failed; failConnection has dealt with it
        }
    }

    // ------------------------------------------------------------------ health

    /**
     * Sends a PING and waits for the answer.
     *
     * @param timeout how long to wait
     * @return {@code true} if the server answered in time; {@code false} otherwise (the connection is
     *         then marked failed)
     */
    public boolean ping(Duration timeout) {
        if (failure.get() != null || closed.get()) {
            return false;
        }
        long payload = pingPayloads.incrementAndGet();
        CountDownLatch answered = new CountDownLatch(1);
        pings.put(payload, answered);
        try {
            writer.write("PING", codec -> codec.writePing(payload, false));
            if (answered.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            failConnection(new Http2Exception("PING to " + endpoint + " unanswered within " + timeout.toMillis() + " ms",
                    -1, true, null));
            return false;
        } catch (Http2Exception e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            pings.remove(payload);
        }
    }

    /**
     * Whether new requests may go on this connection: no GOAWAY, no connection error, not closed, and,
     * when nothing was received for {@link Http2Options#pingAfterInactivity()}, a PING answered within
     * {@link Http2Options#pingTimeout()}.
     *
     * @return whether the connection may be reused
     */
    boolean checkHealth() {
        if (!isOpen()) {
            return false;
        }
        long idle = System.nanoTime() - lastReceivedNanos;
        if (idle < options.pingAfterInactivity().toNanos()) {
            return true;
        }
        return ping(options.pingTimeout());
    }

    /** @return whether the connection accepts new streams (no GOAWAY, no failure, not closed); cheap */
    public boolean isOpen() {
        return !closed.get() && failure.get() == null && goAway.get() == null;
    }

    /** @return how many holders the pool may give it now: min(server limit, configured cap), 0 when going away */
    int capacity() {
        if (!isOpen()) {
            return 0;
        }
        return Math.max(1, Math.min(flow.peerMaxConcurrentStreams(), options.maxConcurrentStreams()));
    }

    // ------------------------------------------------------------------ what the handler needs

    /** First acquire: re-sends a capacity signal raised before the pool listened for it. */
    void acquired() {
        if (firstAcquire.compareAndSet(false, true) && capacitySignalled) {
            transport.capacityChanged();
        }
    }

    /** Closes the connection from the pool's side: GOAWAY (best effort), fail what is left; the pool then closes the socket. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (failure.get() == null) {
            writer.tryWriteNow(codec -> codec.writeGoAway(0, H2.NO_ERROR));
        }
        failStreams(new Http2Exception("HTTP/2 connection " + this + " was closed by the pool", -1, true, null));
        flow.wakeAll();
    }

    // ------------------------------------------------------------------ reading

    private void readLoop() {
        try {
            while (failure.get() == null && !closed.get()) {
                if (!readOnce()) {
                    if (!closed.get()) {
                        failConnection(new Http2Exception("server " + endpoint + " closed the connection"
                                + (goAway.get() != null ? " after GOAWAY" : ""), -1, true, null));
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                failConnection(new Http2Exception("reading from " + endpoint + " failed: " + e, -1, true, e));
            }
        }
    }

    /** Reads what is available, parses it and flushes the replies it queued (if any); false at end of stream. */
    private boolean readOnce() throws IOException {
        int n = in.read(readBuffer);
        if (n < 0) {
            return false;
        }
        lastReceivedNanos = System.nanoTime();
        codec.parse(ByteBuffer.wrap(readBuffer, 0, n));
        if (inbound.takeQueued()) { // only then: the write lock is often held by a caller writing
            try {
                writer.flush();
            } catch (Http2Exception ignored) {
                // failConnection has recorded it; the read loop ends
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ the connection's state changes

    /**
     * The one place where a connection error is decided: records the first failure, tells the pool
     * (the connection is marked broken, so it is closed once its holders are gone and counted in the
     * pool's errors; after a GOAWAY with NO_ERROR only its capacity becomes 0), fails every open
     * stream and wakes every waiter. Every part reports its connection errors here.
     *
     * @param cause why the connection is unusable
     * @return the connection's failure: {@code cause}, or the failure recorded before it
     */
    Http2Exception failConnection(Http2Exception cause) {
        if (!failure.compareAndSet(null, cause)) {
            return failure.get();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "conpool: HTTP/2 connection " + this + " failed: " + cause.getMessage());
        GoAway g = goAway.get();
        if (g == null || g.errorCode() != H2.NO_ERROR) {
            // a connection error: the pool closes it and counts it, even if its holders only close() their leases;
            // the end of a connection the server drained with GOAWAY(NO_ERROR) is expected, not an error
            transport.markBroken(cause);
        }
        signalCapacity();
        failStreams(cause);
        flow.wakeAll();
        return cause;
    }

    /** A GOAWAY frame arrived (reader thread): publish the new state, then fail the streams above it. */
    void goAwayReceived(GoAway frame) {
        GoAway now = goAway.updateAndGet(g -> g == null ? frame : g.then(frame));
        LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + this + " got GOAWAY last-stream-id=" + now.lastStreamId()
                + " " + H2.errorName(now.errorCode()) + (now.debug().isEmpty() ? "" : " (" + now.debug() + ")"));
        signalCapacity();
        int last = now.lastStreamId();
        for (Http2Stream s : streams.values()) {
            if (s.id > last) {
                s.fail(new Http2RetryableException("server " + endpoint + " sent GOAWAY (" + H2.errorName(now.errorCode())
                        + ", last-stream-id " + last + ") before processing " + s + " of " + this
                        + ": safe to retry on another connection", now.errorCode(), true));
            }
        }
        flow.wakeAll();
    }

    /** The server changed its stream limit (reader thread). */
    void capacityChanged(String why) {
        LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + this + " " + why);
        signalCapacity();
    }

    void pingAnswered(long payload) {
        CountDownLatch l = pings.get(payload);
        if (l != null) {
            l.countDown();
        }
    }

    Http2Stream stream(int id) {
        return streams.get(id);
    }

    FlowControl flow() {
        return flow;
    }

    FrameWriter writer() {
        return writer;
    }

    private void failStreams(Http2Exception cause) {
        for (Http2Stream s : streams.values()) {
            s.fail(cause);
        }
    }

    private void signalCapacity() {
        capacitySignalled = true;
        transport.capacityChanged();
    }

    // ------------------------------------------------------------------ observation

    /** @return the endpoint this connection goes to */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the pooled socket under this connection (for tests: whether it was reported broken) */
    Transport transport() {
        return transport;
    }

    /** @return whether the server sent GOAWAY */
    public boolean goAwayReceived() {
        return goAway.get() != null;
    }

    /** @return the lowest last-stream-id of the GOAWAY frames received, or {@code -1} when none */
    public int goAwayLastStreamId() {
        GoAway g = goAway.get();
        return g == null ? -1 : g.lastStreamId();
    }

    /** @return the error code of the last GOAWAY received, or {@code -1} when none */
    public int goAwayErrorCode() {
        GoAway g = goAway.get();
        return g == null ? -1 : g.errorCode();
    }

    /** @return the debug text of the last GOAWAY received, empty when none */
    public String goAwayDebug() {
        GoAway g = goAway.get();
        return g == null ? "" : g.debug();
    }

    /** @return the server's SETTINGS_MAX_CONCURRENT_STREAMS ({@link Integer#MAX_VALUE} when it sent none) */
    public int peerMaxConcurrentStreams() {
        return flow.peerMaxConcurrentStreams();
    }

    /** @return how many requests are in flight on this connection now */
    public int openStreams() {
        return flow.openStreams();
    }

    /** @return the connection failure, or {@code null} while healthy */
    public Http2Exception failure() {
        return failure.get();
    }

    /** @return whether the reader thread is running */
    public boolean isReaderAlive() {
        Thread r = reader;
        return r != null && r.isAlive();
    }

    @Override
    public String toString() {
        return "Http2Connection[" + endpoint + " local=" + transport.socket().getLocalPort() + "]";
    }
}
