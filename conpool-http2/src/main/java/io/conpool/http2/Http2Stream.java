package io.conpool.http2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One client-initiated stream: the response being received, its send credit, and the hand-off of the
 * outcome from the reader thread to the caller waiting in {@link #await}.
 *
 * <p>Threads: {@link #sendCredit} is guarded by the connection's {@link FlowControl}; the response
 * fields are the reader thread's only; the outcome is set once (first completion wins) and read by
 * the caller.
 */
final class Http2Stream {
    private static final byte[] NO_BODY = new byte[0];
    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Http2Stream.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int id;

    /** WINDOW_UPDATEs received for this stream minus bytes sent on it (guarded by {@link FlowControl}). */
    long sendCredit;

    // reader thread only
    int status = -1;
    List<Map.Entry<String, String>> headers = List.of();
    List<Map.Entry<String, String>> trailers = List.of();
    private byte[] body = NO_BODY;
    private int bodyLength;
    /** Received DATA bytes not yet given back with a stream WINDOW_UPDATE. */
    int unackedReceived;

    /** An {@link Http2Response} or an {@link Http2Exception}, set once. */
    @SuppressWarnings("unused") // through OUTCOME
    private volatile Object outcome;
    private volatile Thread waiter;

    /**
     * @param id         the stream id
     * @param sendCredit the initial credit: minus the body bytes already sent with the HEADERS
     */
    Http2Stream(int id, long sendCredit) {
        this.id = id;
        this.sendCredit = sendCredit;
    }

    /** @return body bytes received so far */
    int bodyLength() {
        return bodyLength;
    }

    /**
     * Sizes the body buffer for a response that announced its length, so the DATA payloads are copied
     * once, straight into the array the response keeps.
     *
     * @param contentLength the {@code content-length}, or a negative value when unknown
     * @param max           the largest body kept
     */
    void expectBody(long contentLength, long max) {
        if (contentLength > 0 && contentLength <= Math.min(max, Integer.MAX_VALUE - 8) && bodyLength == 0) {
            body = new byte[(int) contentLength];
        }
    }

    /** Copies a DATA payload (it points into the read buffer) to the body. */
    void append(ByteBuffer data) {
        int n = data.remaining();
        if (body.length - bodyLength < n) {
            body = Arrays.copyOf(body, Math.max(bodyLength + n, Math.min(Integer.MAX_VALUE - 8, body.length * 2)));
        }
        data.get(body, bodyLength, n);
        bodyLength += n;
    }

    /** Completes the stream with what was received; the first completion wins. */
    void complete() {
        byte[] b = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        finish(new Http2Response(id, status, headers, b, trailers));
    }

    /** Fails the stream; the first completion wins. */
    void fail(Http2Exception e) {
        finish(e);
    }

    private void finish(Object result) {
        if (OUTCOME.compareAndSet(this, null, result)) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** @return whether the stream has its outcome */
    boolean isDone() {
        return outcome != null;
    }

    /**
     * Waits for the outcome: first spins {@code spins} times (a response that is a few microseconds
     * away then costs no park/unpark hand-off), then parks until the reader completes the stream.
     *
     * @param deadline {@link System#nanoTime()} bound
     * @param spins    busy-wait iterations before parking (0 to park at once)
     * @return the response, or {@code null} when the deadline passed first
     * @throws Http2Exception       the failure the stream completed with
     * @throws InterruptedException if the thread was interrupted while parked
     */
    Http2Response await(long deadline, int spins) throws Http2Exception, InterruptedException {
        Object o = outcome;
        for (int i = 0; o == null && i < spins; i++) {
            Thread.onSpinWait();
            o = outcome;
        }
        if (o == null) {
            waiter = Thread.currentThread();
            try {
                while ((o = outcome) == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    LockSupport.parkNanos(this, left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            } finally {
                waiter = null;
            }
        }
        if (o instanceof Http2Response) {
            return (Http2Response) o;
        }
        throw (Http2Exception) o;
    }

    @Override
    public String toString() {
        return "stream " + id;
    }
}
