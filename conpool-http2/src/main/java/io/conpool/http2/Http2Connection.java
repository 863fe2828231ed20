package io.conpool.http2;

import io.conpool.Endpoint;
import io.conpool.Transport;
import io.conpool.http2.internal.FrameListener;
import io.conpool.http2.internal.H2;
import io.conpool.http2.internal.JettyFrameCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pooled HTTP/2 connection: the state the {@code http2} handler gives a lease holder. Many
 * threads may {@link #send} on it at once, each request on its own stream; one reader thread per
 * connection reads every frame for its whole life.
 *
 * <p>What it does for the pool: it tells the server's SETTINGS_MAX_CONCURRENT_STREAMS (so the pool
 * shares it among that many holders), notices GOAWAY (no new streams; streams above the
 * last-stream-id fail with {@link Http2RetryableException}), connection errors and unanswered PINGs.
 *
 * <p>Locks: {@code writeLock} serialises stream-id assignment, HPACK encoding and socket writes (so
 * the wire order is the HPACK order); {@code stateLock} guards the peer's limits, the send windows and
 * the count of open streams. When both are taken, {@code writeLock} comes first. Neither is held
 * while waiting for a response.
 */
public final class Http2Connection {
    private static final System.Logger LOG = System.getLogger("io.conpool.http2");
    private static final AtomicInteger READER_IDS = new AtomicInteger();
    private static final int READ_BUFFER = 64 * 1024;

    private final Transport transport;
    private final Http2Options options;
    private final JettyFrameCodec codec;
    private final InputStream in;
    private final OutputStream out;
    private final String scheme;
    private final String defaultAuthority;
    private final Endpoint endpoint;
    private final Events events = new Events();
    private final ConcurrentHashMap<Integer, Http2Stream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, CountDownLatch> pings = new ConcurrentHashMap<>();
    private final AtomicLong pingPayloads = new AtomicLong(System.nanoTime());
    private final AtomicBoolean firstAcquire = new AtomicBoolean();
    private final byte[] readBuffer = new byte[READ_BUFFER];

    private final ReentrantLock writeLock = new ReentrantLock();
    // guarded by writeLock
    private int nextStreamId = 1;
    private boolean controlQueued;

    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition stateChanged = stateLock.newCondition();
    // guarded by stateLock
    private int peerMaxConcurrentStreams = Integer.MAX_VALUE;
    private int peerInitialWindow = H2.DEFAULT_WINDOW;
    private int peerMaxFrameSize = H2.DEFAULT_MAX_FRAME_SIZE;
    private long connectionSendWindow = H2.DEFAULT_WINDOW;
    private int openStreams;

    // reader thread only (or the init thread before the reader starts)
    private long connectionUnacked;
    private boolean settingsReceived;
    private boolean stopReading;

    private volatile boolean goAwayReceived;
    private volatile int goAwayLastStreamId = Integer.MAX_VALUE;
    private volatile int goAwayErrorCode = -1;
    private volatile String goAwayDebug = "";
    private volatile Http2Exception failure;
    private volatile boolean closed;
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
        this.out = transport.output();
        this.codec = new JettyFrameCodec(options.maxResponseHeaderListSize(), events);
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
        writeLock.lock();
        try {
            codec.writePreface(settings);
            if (options.connectionWindow() > H2.DEFAULT_WINDOW) {
                codec.writeWindowUpdate(0, options.connectionWindow() - H2.DEFAULT_WINDOW);
            }
            codec.flushTo(out);
        } finally {
            writeLock.unlock();
        }
        try {
            while (!settingsReceived) {
                if (!readOnce()) {
                    throw new IOException("server " + endpoint + " closed the connection during the HTTP/2 handshake"
                            + " (does it speak h2c with prior knowledge?)");
                }
                Http2Exception f = failure;
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
     * the body. Safe to call from many threads at once.
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
    Http2Response send(Http2Request request, long deadline) throws IOException {
        reserveStreamSlot(deadline);
        Http2Stream stream = null;
        try {
            byte[] body = request.bodyNoCopy();
            stream = openStream(request, body.length == 0);
            if (body.length > 0) {
                sendBody(stream, body, deadline);
            }
            return awaitResponse(stream, deadline);
        } finally {
            if (stream != null) {
                streams.remove(stream.id);
            }
            releaseStreamSlot();
        }
    }

    private void reserveStreamSlot(long deadline) throws Http2Exception {
        stateLock.lock();
        try {
            for (;;) {
                checkUsable();
                if (openStreams < peerMaxConcurrentStreams) {
                    openStreams++;
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Http2Exception("no free HTTP/2 stream on " + this + " within responseTimeout="
                            + options.responseTimeout().toMillis() + " ms (server allows " + peerMaxConcurrentStreams
                            + " concurrent streams); the request was not sent", -1, false, null);
                }
                stateChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Http2Exception("interrupted while waiting for a free HTTP/2 stream; the request was not sent", -1, false, e);
        } finally {
            stateLock.unlock();
        }
    }

    private void releaseStreamSlot() {
        stateLock.lock();
        try {
            openStreams--;
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    /** Throws when no new stream may start; the request was not sent, so it is retry-safe. */
    private void checkUsable() throws Http2RetryableException {
        if (closed) {
            throw new Http2RetryableException("HTTP/2 connection " + this + " is closed; the request was not sent,"
                    + " safe to retry on another connection", -1, true);
        }
        Http2Exception f = failure;
        if (f != null) {
            throw new Http2RetryableException("HTTP/2 connection " + this + " has failed (" + f.getMessage()
                    + "); the request was not sent, safe to retry on another connection", f.errorCode(), true);
        }
        if (goAwayReceived) {
            throw new Http2RetryableException("server sent GOAWAY (" + H2.errorName(goAwayErrorCode) + ") on " + this
                    + "; the request was not sent, safe to retry on another connection", goAwayErrorCode, true);
        }
    }

    private Http2Stream openStream(Http2Request request, boolean endStream) throws Http2Exception {
        String authority = request.authority() != null ? request.authority() : defaultAuthority;
        writeLock.lock();
        try {
            checkUsable();
            if (nextStreamId < 0) {
                failConnection(new Http2Exception("stream ids exhausted on " + this, -1, true, null));
                checkUsable();
            }
            Http2Stream stream;
            stateLock.lock();
            try {
                stream = new Http2Stream(nextStreamId, peerInitialWindow);
                nextStreamId += 2;
                streams.put(stream.id, stream);
            } finally {
                stateLock.unlock();
            }
            try {
                codec.writeRequestHeaders(stream.id, request.method(), scheme, authority, request.path(), request.headers(),
                        endStream);
                codec.flushTo(out);
                controlQueued = false;
            } catch (IOException e) {
                codec.discardQueued();
                Http2Exception f = new Http2Exception("writing request headers to " + endpoint + " failed: " + e, -1, true, e);
                failConnection(f);
                throw f;
            }
            return stream;
        } finally {
            writeLock.unlock();
        }
    }

    private void sendBody(Http2Stream stream, byte[] body, long deadline) throws Http2Exception {
        int pos = 0;
        try {
            while (pos < body.length) {
                int n = takeSendWindow(stream, body.length - pos, deadline);
                if (n == 0) {
                    break; // the stream completed or failed early (e.g. the server answered before reading the body)
                }
                boolean last = pos + n == body.length;
                writeLock.lock();
                try {
                    if (stream.isDone()) {
                        break;
                    }
                    codec.writeData(stream.id, ByteBuffer.wrap(body, pos, n), last);
                    codec.flushTo(out);
                    controlQueued = false;
                } catch (IOException e) {
                    codec.discardQueued();
                    Http2Exception f = new Http2Exception("writing request body to " + endpoint + " failed: " + e, -1, true, e);
                    failConnection(f);
                    throw f;
                } finally {
                    writeLock.unlock();
                }
                pos += n;
            }
        } catch (Http2Exception e) {
            if (!e.isConnectionError()) {
                resetQuietly(stream.id, H2.CANCEL);
            }
            throw e;
        }
        if (pos < body.length && stream.isDone()) {
            resetQuietly(stream.id, H2.CANCEL); // we stop sending; tell the server the rest will not come
        }
    }

    /** Waits for send window on both the connection and the stream; returns 0 if the stream is already done. */
    private int takeSendWindow(Http2Stream stream, int wanted, long deadline) throws Http2Exception {
        stateLock.lock();
        try {
            for (;;) {
                if (stream.isDone()) {
                    return 0;
                }
                Http2Exception f = failure;
                if (f != null || closed) {
                    throw new Http2Exception("HTTP/2 connection " + this + " failed while sending the request body"
                            + (f != null ? ": " + f.getMessage() : ""), -1, true, f);
                }
                long window = Math.min(connectionSendWindow, stream.sendWindow);
                if (window > 0) {
                    int n = (int) Math.min(Math.min(window, wanted), peerMaxFrameSize);
                    connectionSendWindow -= n;
                    stream.sendWindow -= n;
                    return n;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Http2Exception("server " + endpoint + " gave no flow-control window for the request body of "
                            + stream + " within responseTimeout=" + options.responseTimeout().toMillis() + " ms", -1, false, null);
                }
                stateChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Http2Exception("interrupted while sending the request body of " + stream, -1, false, e);
        } finally {
            stateLock.unlock();
        }
    }

    private Http2Response awaitResponse(Http2Stream stream, long deadline) throws Http2Exception {
        try {
            return stream.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Http2RetryableException) {
                Http2RetryableException r = (Http2RetryableException) cause;
                throw new Http2RetryableException(r.getMessage(), r.errorCode(), r.isConnectionError());
            }
            if (cause instanceof Http2Exception) {
                Http2Exception h = (Http2Exception) cause;
                throw new Http2Exception(h.getMessage(), h.errorCode(), h.isConnectionError(), h);
            }
            throw new Http2Exception("request on " + stream + " failed: " + cause, -1, false, cause);
        } catch (TimeoutException e) {
            resetQuietly(stream.id, H2.CANCEL);
            throw new Http2Exception("no complete response on " + stream + " of " + this + " within responseTimeout="
                    + options.responseTimeout().toMillis() + " ms; the stream was cancelled", H2.CANCEL, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resetQuietly(stream.id, H2.CANCEL);
            throw new Http2Exception("interrupted while waiting for the response on " + stream, H2.CANCEL, false, e);
        }
    }

    /** Sends RST_STREAM unless the connection is already unusable; never throws. */
    private void resetQuietly(int streamId, int errorCode) {
        if (failure != null || closed) {
            return;
        }
        writeLock.lock();
        try {
            codec.writeReset(streamId, errorCode);
            codec.flushTo(out);
            controlQueued = false;
        } catch (IOException e) {
            codec.discardQueued();
            failConnection(new Http2Exception("writing RST_STREAM to " + endpoint + " failed: " + e, -1, true, e));
        } finally {
            writeLock.unlock();
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
        if (failure != null || closed) {
            return false;
        }
        long payload = pingPayloads.incrementAndGet();
        CountDownLatch answered = new CountDownLatch(1);
        pings.put(payload, answered);
        try {
            writeLock.lock();
            try {
                codec.writePing(payload, false);
                codec.flushTo(out);
                controlQueued = false;
            } catch (IOException e) {
                codec.discardQueued();
                failConnection(new Http2Exception("writing PING to " + endpoint + " failed: " + e, -1, true, e));
                return false;
            } finally {
                writeLock.unlock();
            }
            if (answered.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
            failConnection(new Http2Exception("PING to " + endpoint + " unanswered within " + timeout.toMillis() + " ms",
                    -1, true, null));
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
        if (closed || failure != null || goAwayReceived) {
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
        return !closed && failure == null && !goAwayReceived;
    }

    /** @return how many holders the pool may give it now: min(server limit, configured cap), 0 when going away */
    int capacity() {
        if (!isOpen()) {
            return 0;
        }
        stateLock.lock();
        try {
            return Math.max(1, Math.min(peerMaxConcurrentStreams, options.maxConcurrentStreams()));
        } finally {
            stateLock.unlock();
        }
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
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null) {
            try {
                if (writeLock.tryLock(100, TimeUnit.MILLISECONDS)) {
                    try {
                        codec.writeGoAway(0, H2.NO_ERROR);
                        codec.flushTo(out);
                    } catch (IOException e) {
                        codec.discardQueued();
                    } finally {
                        writeLock.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failStreams(s -> true, new Http2Exception("HTTP/2 connection " + this + " was closed by the pool", -1, true, null));
        signalState();
    }

    // ------------------------------------------------------------------ reading

    private void readLoop() {
        try {
            while (!stopReading && !closed) {
                if (!readOnce()) {
                    if (!closed) {
                        failConnection(new Http2Exception("server " + endpoint + " closed the connection"
                                + (goAwayReceived ? " after GOAWAY" : ""), -1, true, null));
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failConnection(new Http2Exception("reading from " + endpoint + " failed: " + e, -1, true, e));
            }
        }
    }

    /** Reads what is available and parses it; false at end of stream. */
    private boolean readOnce() throws IOException {
        int n = in.read(readBuffer);
        if (n < 0) {
            return false;
        }
        lastReceivedNanos = System.nanoTime();
        codec.parse(ByteBuffer.wrap(readBuffer, 0, n));
        flushQueuedControl();
        return true;
    }

    private void flushQueuedControl() {
        writeLock.lock();
        try {
            if (controlQueued) {
                controlQueued = false;
                codec.flushTo(out);
            }
        } catch (IOException e) {
            codec.discardQueued();
            failConnection(new Http2Exception("writing to " + endpoint + " failed: " + e, -1, true, e));
        } finally {
            writeLock.unlock();
        }
    }

    /** Queues a control frame from the reader; it is flushed after the current read is parsed. */
    private void queueControl(ControlWrite write) {
        writeLock.lock();
        try {
            write.run();
            controlQueued = true;
        } catch (IOException e) {
            codec.discardQueued();
            failConnection(new Http2Exception("encoding a control frame for " + endpoint + " failed: " + e, -1, true, e));
        } finally {
            writeLock.unlock();
        }
    }

    private interface ControlWrite {
        void run() throws IOException;
    }

    private void failConnection(Http2Exception cause) {
        if (failure != null) {
            return;
        }
        failure = cause;
        stopReading = true;
        LOG.log(System.Logger.Level.DEBUG, () -> "conpool: HTTP/2 connection " + this + " failed: " + cause.getMessage());
        signalCapacity();
        failStreams(s -> true, cause);
        signalState();
    }

    private void failStreams(java.util.function.IntPredicate which, Http2Exception cause) {
        List<Http2Stream> failed = new ArrayList<>();
        for (Http2Stream s : streams.values()) {
            if (which.test(s.id)) {
                failed.add(s);
            }
        }
        for (Http2Stream s : failed) {
            s.fail(cause);
        }
    }

    private void signalState() {
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    private void signalCapacity() {
        capacitySignalled = true;
        transport.capacityChanged();
    }

    /** Frame events from the parser, on the reader thread (or the init thread during the handshake). */
    private final class Events implements FrameListener {

        @Override
        public void onHeaders(int streamId, int status, List<Map.Entry<String, String>> fields, boolean endStream) {
            Http2Stream s = streams.get(streamId);
            if (s == null) {
                return; // a stream we cancelled or timed out
            }
            if (s.status < 0) {
                if (status >= 100 && status < 200 && !endStream) {
                    return; // informational (100 Continue, 103 Early Hints)
                }
                if (status < 0) {
                    streamError(s, H2.PROTOCOL_ERROR, "response header block without :status");
                    return;
                }
                s.status = status;
                s.headers = fields;
            } else {
                s.trailers = fields;
            }
            if (endStream) {
                s.complete();
            }
        }

        @Override
        public void onData(int streamId, ByteBuffer data, int flowControlLength, boolean endStream) {
            connectionUnacked += flowControlLength;
            if (connectionUnacked >= options.connectionWindow() / 2) {
                int delta = (int) connectionUnacked;
                connectionUnacked = 0;
                queueControl(() -> codec.writeWindowUpdate(0, delta));
            }
            Http2Stream s = streams.get(streamId);
            if (s == null || s.isDone()) {
                return;
            }
            if (s.status < 0) {
                streamError(s, H2.PROTOCOL_ERROR, "DATA before the response headers");
                return;
            }
            if ((long) s.body.size() + data.remaining() > options.maxResponseBodySize()) {
                streamError(s, H2.CANCEL, "response body larger than maxResponseBodySize=" + options.maxResponseBodySize()
                        + " bytes; raise it in the http2 handler options");
                return;
            }
            s.append(data);
            if (endStream) {
                s.complete();
                return;
            }
            s.unackedReceived += flowControlLength;
            if (s.unackedReceived >= options.streamWindow() / 2) {
                int delta = s.unackedReceived;
                s.unackedReceived = 0;
                queueControl(() -> codec.writeWindowUpdate(streamId, delta));
            }
        }

        private void streamError(Http2Stream s, int code, String reason) {
            queueControl(() -> codec.writeReset(s.id, code));
            s.fail(new Http2Exception("stream " + s.id + " on " + Http2Connection.this + ": " + reason, code, false, null));
        }

        @Override
        public void onReset(int streamId, int errorCode) {
            Http2Stream s = streams.get(streamId);
            if (s == null || s.isDone()) {
                return;
            }
            if (errorCode == H2.REFUSED_STREAM) {
                s.fail(new Http2RetryableException("server " + endpoint + " refused stream " + streamId
                        + " (REFUSED_STREAM): it did not process the request, safe to retry", errorCode, false));
            } else {
                s.fail(new Http2Exception("server " + endpoint + " reset stream " + streamId + " with "
                        + H2.errorName(errorCode), errorCode, false, null));
            }
        }

        @Override
        public void onSettings(Map<Integer, Integer> settings, boolean ack) {
            if (ack) {
                return;
            }
            writeLock.lock();
            try {
                codec.applyPeerSettings(settings);
                codec.writeSettingsAck();
                controlQueued = true;
            } catch (IOException e) {
                codec.discardQueued();
                failConnection(new Http2Exception("acknowledging SETTINGS of " + endpoint + " failed: " + e, -1, true, e));
                return;
            } finally {
                writeLock.unlock();
            }
            boolean limitChanged = false;
            stateLock.lock();
            try {
                Integer max = settings.get(H2.MAX_CONCURRENT_STREAMS);
                if (max != null && max != peerMaxConcurrentStreams) {
                    peerMaxConcurrentStreams = max;
                    limitChanged = true;
                }
                Integer window = settings.get(H2.INITIAL_WINDOW_SIZE);
                if (window != null) {
                    int delta = window - peerInitialWindow;
                    peerInitialWindow = window;
                    for (Http2Stream s : streams.values()) {
                        s.sendWindow += delta;
                    }
                }
                Integer frame = settings.get(H2.MAX_FRAME_SIZE);
                if (frame != null) {
                    peerMaxFrameSize = frame;
                }
                stateChanged.signalAll();
            } finally {
                stateLock.unlock();
            }
            boolean first = !settingsReceived;
            settingsReceived = true;
            if (limitChanged && !first) {
                LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + Http2Connection.this
                        + " server changed MAX_CONCURRENT_STREAMS to " + max());
                signalCapacity();
            }
        }

        private int max() {
            stateLock.lock();
            try {
                return peerMaxConcurrentStreams;
            } finally {
                stateLock.unlock();
            }
        }

        @Override
        public void onPing(long payload, boolean ack) {
            if (ack) {
                CountDownLatch l = pings.get(payload);
                if (l != null) {
                    l.countDown();
                }
            } else {
                queueControl(() -> codec.writePing(payload, true));
            }
        }

        @Override
        public void onGoAway(int lastStreamId, int errorCode, String debug) {
            writeLock.lock();
            try {
                goAwayLastStreamId = Math.min(goAwayLastStreamId, lastStreamId);
                goAwayErrorCode = errorCode;
                goAwayDebug = debug;
                goAwayReceived = true;
            } finally {
                writeLock.unlock();
            }
            int last = goAwayLastStreamId;
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + Http2Connection.this + " got GOAWAY last-stream-id="
                    + last + " " + H2.errorName(errorCode) + (debug.isEmpty() ? "" : " (" + debug + ")"));
            signalCapacity();
            failStreams(id -> id > last, new Http2RetryableException("server " + endpoint + " sent GOAWAY ("
                    + H2.errorName(errorCode) + ", last-stream-id " + last + ") before processing this stream:"
                    + " safe to retry on another connection", errorCode, true));
            signalState();
        }

        @Override
        public void onWindowUpdate(int streamId, int delta) {
            stateLock.lock();
            try {
                if (streamId == 0) {
                    connectionSendWindow += delta;
                } else {
                    Http2Stream s = streams.get(streamId);
                    if (s != null) {
                        s.sendWindow += delta;
                    }
                }
                stateChanged.signalAll();
            } finally {
                stateLock.unlock();
            }
        }

        @Override
        public void onStreamError(int streamId, int errorCode, String reason) {
            Http2Stream s = streams.get(streamId);
            if (s != null) {
                streamError(s, errorCode, reason);
            } else {
                queueControl(() -> codec.writeReset(streamId, errorCode));
            }
        }

        @Override
        public void onConnectionError(int errorCode, String reason) {
            queueControl(() -> codec.writeGoAway(0, errorCode));
            failConnection(new Http2Exception("HTTP/2 connection error with " + endpoint + ": " + H2.errorName(errorCode)
                    + " (" + reason + ")", errorCode, true, null));
        }
    }

    // ------------------------------------------------------------------ observation

    /** @return the endpoint this connection goes to */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return whether the server sent GOAWAY */
    public boolean goAwayReceived() {
        return goAwayReceived;
    }

    /** @return the lowest last-stream-id of the GOAWAY frames received, or {@code -1} when none */
    public int goAwayLastStreamId() {
        return goAwayReceived ? goAwayLastStreamId : -1;
    }

    /** @return the error code of the last GOAWAY received, or {@code -1} when none */
    public int goAwayErrorCode() {
        return goAwayErrorCode;
    }

    /** @return the debug text of the last GOAWAY received, empty when none */
    public String goAwayDebug() {
        return goAwayDebug;
    }

    /** @return the server's SETTINGS_MAX_CONCURRENT_STREAMS ({@link Integer#MAX_VALUE} when it sent none) */
    public int peerMaxConcurrentStreams() {
        stateLock.lock();
        try {
            return peerMaxConcurrentStreams;
        } finally {
            stateLock.unlock();
        }
    }

    /** @return how many requests are in flight on this connection now */
    public int openStreams() {
        stateLock.lock();
        try {
            return openStreams;
        } finally {
            stateLock.unlock();
        }
    }

    /** @return the connection failure, or {@code null} while healthy */
    public Http2Exception failure() {
        return failure;
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
