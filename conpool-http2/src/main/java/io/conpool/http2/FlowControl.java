package io.conpool.http2;

import io.conpool.http2.internal.H2;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stream admission and the send side of flow control for one connection, under one lock of its own
 * (never held while another lock is taken, and never held during I/O): the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS and the number of streams we have open, the server's initial stream
 * window and max frame size, the connection send window, and each stream's
 * {@link Http2Stream#sendCredit}.
 *
 * <p>A stream's send window is {@code peerInitialWindow + sendCredit}, where the credit is the
 * WINDOW_UPDATEs received for it minus the bytes sent on it. A change of SETTINGS_INITIAL_WINDOW_SIZE
 * so applies to every open stream at once (RFC 9113 section 6.9.2) without visiting them.
 */
final class FlowControl {

    /** Whether new streams may start; throws (retry-safe) when they may not. */
    interface UsableCheck {
        void check() throws Http2Exception;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private int peerMaxConcurrentStreams = Integer.MAX_VALUE;
    private int peerInitialWindow = H2.DEFAULT_WINDOW;
    private int peerMaxFrameSize = H2.DEFAULT_MAX_FRAME_SIZE;
    private long connectionWindow = H2.DEFAULT_WINDOW;
    /** Written under the lock; volatile so {@link #openStreams()} can be read without it. */
    private volatile int openStreams;

    /**
     * Takes one of the server's concurrent streams, waiting for one until {@code deadline}, and in the
     * same lock hold the send window for the request's first DATA frame (sent with its HEADERS).
     *
     * @param deadline    {@link System#nanoTime()} bound
     * @param usable      checked before each try; its exception ends the wait
     * @param what        the connection, for messages
     * @param bound       the time bound's name and value, for messages
     * @param firstWanted body bytes the caller would like to send with the HEADERS (0 for none)
     * @return body bytes granted for the first DATA frame (0 when none or no window is open now); the
     *         new stream starts with credit {@code -n}
     * @throws Http2Exception when the connection cannot take streams, the deadline passed, or the thread
     *                        was interrupted; the request was not sent in each case
     */
    int reserveStream(long deadline, UsableCheck usable, Object what, String bound, int firstWanted)
            throws Http2Exception {
        lock.lock();
        try {
            for (;;) {
                usable.check();
                if (openStreams < peerMaxConcurrentStreams) {
                    openStreams++;
                    long n = Math.min(Math.min(connectionWindow, peerInitialWindow), Math.min(firstWanted, peerMaxFrameSize));
                    if (n <= 0) {
                        return 0;
                    }
                    connectionWindow -= n;
                    return (int) n;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Http2Exception("no free HTTP/2 stream on " + what + " within " + bound + " (server allows "
                            + peerMaxConcurrentStreams + " concurrent streams); the request was not sent", -1, false, null);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Http2Exception("interrupted while waiting for a free HTTP/2 stream; the request was not sent",
                    -1, false, e);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a stream taken with {@link #reserveStream}. */
    void releaseStream() {
        lock.lock();
        try {
            openStreams--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes send window on the connection and on {@code stream}, waiting for it until {@code deadline}.
     *
     * @param stream   the stream
     * @param wanted   bytes left to send
     * @param deadline {@link System#nanoTime()} bound
     * @param usable   checked before each try; its exception ends the wait
     * @param bound    the time bound's name and value, for messages
     * @return bytes granted, at most one frame; 0 when the stream is already done
     * @throws Http2Exception if the connection failed, the deadline passed, or the thread was interrupted
     */
    int takeSendWindow(Http2Stream stream, int wanted, long deadline, UsableCheck usable, String bound)
            throws Http2Exception {
        lock.lock();
        try {
            for (;;) {
                if (stream.isDone()) {
                    return 0;
                }
                usable.check();
                long window = Math.min(connectionWindow, peerInitialWindow + stream.sendCredit);
                if (window > 0) {
                    int n = (int) Math.min(Math.min(window, wanted), peerMaxFrameSize);
                    connectionWindow -= n;
                    stream.sendCredit -= n;
                    return n;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Http2Exception("the server gave no flow-control window for the request body of " + stream
                            + " within " + bound, -1, false, null);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Http2Exception("interrupted while sending the request body of " + stream, -1, false, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A WINDOW_UPDATE arrived.
     *
     * @param stream the stream it names, or {@code null} for the connection window
     * @param delta  the increment in bytes
     */
    void windowUpdate(Http2Stream stream, int delta) {
        lock.lock();
        try {
            if (stream == null) {
                connectionWindow += delta;
            } else {
                stream.sendCredit += delta;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the server's SETTINGS values that concern sending (each {@code null} when absent).
     *
     * @return whether SETTINGS_MAX_CONCURRENT_STREAMS changed
     */
    boolean applySettings(Integer maxConcurrentStreams, Integer initialWindow, Integer maxFrameSize) {
        lock.lock();
        try {
            boolean limitChanged = maxConcurrentStreams != null && maxConcurrentStreams != peerMaxConcurrentStreams;
            if (maxConcurrentStreams != null) {
                peerMaxConcurrentStreams = maxConcurrentStreams;
            }
            if (initialWindow != null) {
                peerInitialWindow = initialWindow;
            }
            if (maxFrameSize != null) {
                peerMaxFrameSize = maxFrameSize;
            }
            changed.signalAll();
            return limitChanged;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter so it re-checks the connection (after GOAWAY, failure or close). */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return the server's SETTINGS_MAX_CONCURRENT_STREAMS ({@link Integer#MAX_VALUE} when it sent none) */
    int peerMaxConcurrentStreams() {
        lock.lock();
        try {
            return peerMaxConcurrentStreams;
        } finally {
            lock.unlock();
        }
    }

    /** @return streams reserved and not yet released (read without the lock) */
    int openStreams() {
        return openStreams;
    }
}
