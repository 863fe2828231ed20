package io.conpool.http2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One client-initiated stream: the response being received and the send window. The response
 * fields are written by the reader thread only; {@code sendWindow} is guarded by the connection's
 * state lock; completion is published through {@link #result}.
 */
final class Http2Stream {
    final int id;
    final CompletableFuture<Http2Response> result = new CompletableFuture<>();

    /** Bytes we may still send on this stream (guarded by the connection's state lock). */
    long sendWindow;

    // reader thread only
    int status = -1;
    List<Map.Entry<String, String>> headers = List.of();
    List<Map.Entry<String, String>> trailers = List.of();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Received DATA bytes not yet given back with a stream WINDOW_UPDATE. */
    int unackedReceived;

    Http2Stream(int id, long sendWindow) {
        this.id = id;
        this.sendWindow = sendWindow;
    }

    void append(ByteBuffer data) {
        if (data.hasArray()) {
            body.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            body.write(copy, 0, copy.length);
        }
    }

    /** Completes the stream with what was received; the first completion wins. */
    void complete() {
        result.complete(new Http2Response(id, status, headers, body.toByteArray(), trailers));
    }

    /** Fails the stream; the first completion wins. */
    void fail(Http2Exception e) {
        result.completeExceptionally(e);
    }

    boolean isDone() {
        return result.isDone();
    }

    @Override
    public String toString() {
        return "stream " + id;
    }
}
