package io.conpool.http2;

import io.conpool.http2.internal.JettyFrameCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything that goes out on one connection, under one write lock: stream-id assignment, HPACK
 * encoding and the socket write happen under it together, so the wire order is the HPACK order. No
 * other lock is taken while it is held.
 *
 * <p>Coalescing: a writer encodes its frames into the shared buffer and flushes only if no other
 * thread is waiting for the lock; otherwise the next holder flushes everything at once. Every
 * acquisition is an uninterruptible {@link ReentrantLock#lock()} (the pool's close uses a
 * non-waiting {@code tryLock()}), so a queued thread always gets the lock and the last one flushes.
 * Frames the reader queues (SETTINGS ack, PING ack, WINDOW_UPDATE, RST_STREAM) are flushed by
 * {@link #flush} after each read, or earlier by any writer.
 *
 * <p>A failed write or encode goes to the connection's one failure path ({@link ConnectionFailure}),
 * called after the write lock is released (so that path may take other locks), and the caller gets
 * that failure as an {@link Http2Exception}.
 */
final class FrameWriter {

    /** The connection's single place that decides a connection error. */
    interface ConnectionFailure {
        /**
         * @param cause why the connection is unusable
         * @return the connection's failure (the first one recorded)
         */
        Http2Exception fail(Http2Exception cause);
    }

    /** One frame encoding step, run under the write lock. */
    interface Encode {
        void encode(JettyFrameCodec codec) throws IOException;
    }

    /** Registers a new stream under the id just assigned; throws when no stream may start. */
    interface StreamRegistrar {
        Http2Stream register(int streamId) throws Http2Exception;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final JettyFrameCodec codec;
    private final OutputStream out;
    private final ConnectionFailure failure;
    private final String peer;
    // guarded by lock
    private int nextStreamId = 1;

    FrameWriter(JettyFrameCodec codec, OutputStream out, ConnectionFailure failure, String peer) {
        this.codec = codec;
        this.out = out;
        this.failure = failure;
        this.peer = peer;
    }

    /**
     * Opens a stream: assigns the next id, registers the stream, HPACK-encodes the request's HEADERS and,
     * when given, its first DATA frame, and writes them in one flush.
     *
     * @param registrar  makes and registers the stream (or throws: nothing is written then)
     * @param method     {@code :method}
     * @param scheme     {@code :scheme}
     * @param authority  {@code :authority}
     * @param path       {@code :path}
     * @param headers    regular header fields
     * @param body       the request body (possibly empty)
     * @param firstChunk how many body bytes go out with the HEADERS (already within the send windows)
     * @return the stream
     * @throws Http2Exception from the registrar, or a connection error when encoding or writing failed
     */
    Http2Stream openStream(StreamRegistrar registrar, String method, String scheme, String authority, String path,
                           List<Map.Entry<String, String>> headers, byte[] body, int firstChunk) throws Http2Exception {
        IOException error;
        lock.lock();
        try {
            int id = nextStreamId;
            if (id < 0) {
                error = new IOException("stream ids exhausted; the pool opens a new connection");
            } else {
                nextStreamId += 2;
                Http2Stream stream = registrar.register(id); // throws before anything is encoded
                try {
                    codec.writeRequestHeaders(id, method, scheme, authority, path, headers, body.length == 0);
                    if (firstChunk > 0) {
                        codec.writeData(id, ByteBuffer.wrap(body, 0, firstChunk), firstChunk == body.length);
                    }
                    flushUnlessOthersWait();
                    return stream;
                } catch (IOException e) {
                    codec.discardQueued();
                    error = e;
                }
            }
        } finally {
            lock.unlock();
        }
        throw failed("writing request headers", error);
    }

    /**
     * Writes one DATA frame of a request body, unless the stream is already done.
     *
     * @return {@code false} if the stream was done and nothing was written
     * @throws Http2Exception a connection error when the write failed
     */
    boolean writeData(Http2Stream stream, byte[] body, int offset, int length, boolean endStream) throws Http2Exception {
        IOException error;
        lock.lock();
        try {
            if (stream.isDone()) {
                return false;
            }
            codec.writeData(stream.id, ByteBuffer.wrap(body, offset, length), endStream);
            flushUnlessOthersWait();
            return true;
        } catch (IOException e) {
            codec.discardQueued();
            error = e;
        } finally {
            lock.unlock();
        }
        throw failed("writing the request body", error);
    }

    /**
     * Encodes a frame and writes it (with anything queued) now, or lets a waiting writer flush it.
     *
     * @param what the frame, for the failure message
     * @throws Http2Exception a connection error when the write failed
     */
    void write(String what, Encode frame) throws Http2Exception {
        IOException error = locked(frame, true);
        if (error != null) {
            throw failed("writing " + what, error);
        }
    }

    /**
     * Encodes a frame for the next {@link #flush} (used by the reader, which flushes after each read).
     *
     * @param what the frame, for the failure message
     * @throws Http2Exception a connection error when encoding failed
     */
    void queue(String what, Encode frame) throws Http2Exception {
        IOException error = locked(frame, false);
        if (error != null) {
            throw failed("encoding " + what, error);
        }
    }

    /**
     * Writes whatever is queued.
     *
     * @throws Http2Exception a connection error when the write failed
     */
    void flush() throws Http2Exception {
        IOException error = locked(null, true);
        if (error != null) {
            throw failed("writing control frames", error);
        }
    }

    /** Runs {@code frame} (if any) and the flush under the lock; returns the I/O failure instead of throwing. */
    private IOException locked(Encode frame, boolean flush) {
        lock.lock();
        try {
            if (frame != null) {
                frame.encode(codec);
            }
            if (flush) {
                flushUnlessOthersWait();
            }
            return null;
        } catch (IOException e) {
            codec.discardQueued();
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Best effort, never waits: writes {@code frame} (and anything queued) if no other thread holds the
     * lock. Used when the pool closes the connection.
     *
     * @return whether it was written
     */
    boolean tryWriteNow(Encode frame) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            frame.encode(codec);
            codec.flushTo(out);
            return true;
        } catch (IOException e) {
            codec.discardQueued();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void flushUnlessOthersWait() throws IOException {
        if (!lock.hasQueuedThreads()) {
            codec.flushTo(out);
        }
    }

    /** Hands a write failure to the connection's failure path; called after the lock is released. */
    private Http2Exception failed(String what, IOException e) {
        return failure.fail(new Http2Exception(what + " to " + peer + " failed: " + e, -1, true, e));
    }
}
