package io.conpool.http2.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * What the frame parser reports, in JDK types only, so that nothing outside {@link JettyFrameCodec}
 * sees the framing library. Called on the reader thread, one frame at a time, in wire order.
 */
public interface FrameListener {

    /**
     * A complete header block (HEADERS plus any CONTINUATION frames), already HPACK-decoded.
     *
     * @param streamId  the stream
     * @param status    the {@code :status} of a response header block, or {@code -1} for trailers
     * @param fields    the regular header fields in wire order, names in lower case
     * @param endStream whether the block ends the stream
     */
    void onHeaders(int streamId, int status, List<Map.Entry<String, String>> fields, boolean endStream);

    /**
     * Payload of a DATA frame, or part of one. The buffer points into the read buffer: copy it now.
     *
     * @param streamId          the stream
     * @param data              the payload (without padding)
     * @param flowControlLength bytes this frame counts against the receive windows (payload plus padding)
     * @param endStream         whether it ends the stream
     */
    void onData(int streamId, ByteBuffer data, int flowControlLength, boolean endStream);

    /**
     * RST_STREAM.
     *
     * @param streamId  the stream
     * @param errorCode the HTTP/2 error code (RFC 9113 section 7)
     */
    void onReset(int streamId, int errorCode);

    /**
     * SETTINGS.
     *
     * @param settings the identifiers (RFC 9113 section 6.5.2) and values, empty for an ack
     * @param ack      whether this acknowledges our SETTINGS
     */
    void onSettings(Map<Integer, Integer> settings, boolean ack);

    /**
     * PING.
     *
     * @param payload the 8 opaque bytes as a long
     * @param ack     whether this answers our PING
     */
    void onPing(long payload, boolean ack);

    /**
     * GOAWAY.
     *
     * @param lastStreamId the highest stream id the peer may have processed
     * @param errorCode    the HTTP/2 error code
     * @param debug        the debug text, possibly empty
     */
    void onGoAway(int lastStreamId, int errorCode, String debug);

    /**
     * WINDOW_UPDATE.
     *
     * @param streamId the stream, or 0 for the connection
     * @param delta    the window increment in bytes
     */
    void onWindowUpdate(int streamId, int delta);

    /**
     * A frame broke a stream-level rule; the stream must be reset.
     *
     * @param streamId  the stream
     * @param errorCode the HTTP/2 error code
     * @param reason    what was wrong
     */
    void onStreamError(int streamId, int errorCode, String reason);

    /**
     * The peer broke a connection-level rule (bad frame, HPACK failure, ...): the connection is unusable.
     *
     * @param errorCode the HTTP/2 error code
     * @param reason    what was wrong
     */
    void onConnectionError(int errorCode, String reason);
}
