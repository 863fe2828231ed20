package io.conpool.http2;

import io.conpool.http2.internal.FrameListener;
import io.conpool.http2.internal.H2;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * What the reader thread does with each frame of one connection (on the thread that called
 * {@code codec.parse}: the reader, or the opening thread during the handshake). Replies go through the
 * connection's {@link FrameWriter} queue, flushed after each read; a connection error goes to the
 * connection's one failure path.
 */
final class InboundFrames implements FrameListener {
    private final Http2Connection c;
    private final Http2Options options;
    // reader thread only
    private long connectionUnacked;
    private boolean settingsReceived;
    private boolean queued;

    InboundFrames(Http2Connection connection, Http2Options options) {
        this.c = connection;
        this.options = options;
    }

    /** @return whether replies were queued since the last call (and clears that) */
    boolean takeQueued() {
        boolean q = queued;
        queued = false;
        return q;
    }

    /** @return whether the server's first SETTINGS arrived */
    boolean settingsReceived() {
        return settingsReceived;
    }

    @Override
    public void onHeaders(int streamId, int status, List<Map.Entry<String, String>> fields, boolean endStream) {
        Http2Stream s = c.stream(streamId);
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
            if (!endStream) {
                s.expectBody(contentLength(fields), options.maxResponseBodySize());
            }
        } else {
            s.trailers = fields;
        }
        if (endStream) {
            s.complete();
        }
    }

    private static long contentLength(List<Map.Entry<String, String>> fields) {
        for (Map.Entry<String, String> f : fields) {
            if ("content-length".equals(f.getKey())) {
                try {
                    return Long.parseLong(f.getValue().trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    @Override
    public void onData(int streamId, ByteBuffer data, int flowControlLength, boolean endStream) {
        connectionUnacked += flowControlLength;
        if (connectionUnacked >= options.connectionWindow() / 2) {
            int delta = (int) connectionUnacked;
            connectionUnacked = 0;
            queue("WINDOW_UPDATE", codec -> codec.writeWindowUpdate(0, delta));
        }
        Http2Stream s = c.stream(streamId);
        if (s == null || s.isDone()) {
            return;
        }
        if (s.status < 0) {
            streamError(s, H2.PROTOCOL_ERROR, "DATA before the response headers");
            return;
        }
        if ((long) s.bodyLength() + data.remaining() > options.maxResponseBodySize()) {
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
            queue("WINDOW_UPDATE", codec -> codec.writeWindowUpdate(streamId, delta));
        }
    }

    private void streamError(Http2Stream s, int code, String reason) {
        queue("RST_STREAM", codec -> codec.writeReset(s.id, code));
        s.fail(new Http2Exception("stream " + s.id + " on " + c + ": " + reason, code, false, null));
    }

    @Override
    public void onReset(int streamId, int errorCode) {
        Http2Stream s = c.stream(streamId);
        if (s == null || s.isDone()) {
            return;
        }
        if (errorCode == H2.REFUSED_STREAM) {
            s.fail(new Http2RetryableException("server " + c.endpoint() + " refused stream " + streamId
                    + " (REFUSED_STREAM): it did not process the request, safe to retry", errorCode, false));
        } else {
            s.fail(new Http2Exception("server " + c.endpoint() + " reset stream " + streamId + " with "
                    + H2.errorName(errorCode), errorCode, false, null));
        }
    }

    @Override
    public void onSettings(Map<Integer, Integer> settings, boolean ack) {
        if (ack) {
            return;
        }
        if (!queue("SETTINGS ack", codec -> {
            codec.applyPeerSettings(settings);
            codec.writeSettingsAck();
        })) {
            return;
        }
        boolean limitChanged = c.flow().applySettings(settings.get(H2.MAX_CONCURRENT_STREAMS),
                settings.get(H2.INITIAL_WINDOW_SIZE), settings.get(H2.MAX_FRAME_SIZE));
        boolean first = !settingsReceived;
        settingsReceived = true;
        if (limitChanged && !first) {
            c.capacityChanged("server changed MAX_CONCURRENT_STREAMS to " + settings.get(H2.MAX_CONCURRENT_STREAMS));
        }
    }

    @Override
    public void onPing(long payload, boolean ack) {
        if (ack) {
            c.pingAnswered(payload);
        } else {
            queue("PING ack", codec -> codec.writePing(payload, true));
        }
    }

    @Override
    public void onGoAway(int lastStreamId, int errorCode, String debug) {
        c.goAwayReceived(new GoAway(lastStreamId, errorCode, debug));
    }

    @Override
    public void onWindowUpdate(int streamId, int delta) {
        if (streamId == 0) {
            c.flow().windowUpdate(null, delta);
        } else {
            Http2Stream s = c.stream(streamId);
            if (s != null) {
                c.flow().windowUpdate(s, delta);
            }
        }
    }

    @Override
    public void onStreamError(int streamId, int errorCode, String reason) {
        Http2Stream s = c.stream(streamId);
        if (s != null) {
            streamError(s, errorCode, reason);
        } else {
            queue("RST_STREAM", codec -> codec.writeReset(streamId, errorCode));
        }
    }

    @Override
    public void onConnectionError(int errorCode, String reason) {
        queue("GOAWAY", codec -> codec.writeGoAway(0, errorCode));
        c.failConnection(new Http2Exception("HTTP/2 connection error with " + c.endpoint() + ": "
                + H2.errorName(errorCode) + " (" + reason + ")", errorCode, true, null));
    }

    /** Queues a reply for the flush after this read; false when that failed (the connection has failed then). */
    private boolean queue(String what, FrameWriter.Encode frame) {
        queued = true;
        try {
            c.writer().queue(what, frame);
            return true;
        } catch (Http2Exception e) {
            return false;
        }
    }
}
