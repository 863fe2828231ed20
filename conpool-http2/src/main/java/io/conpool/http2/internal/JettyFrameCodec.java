package io.conpool.http2.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.Frame;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.http2.frames.PrefaceFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.http2.frames.WindowUpdateFrame;
import org.eclipse.jetty.http2.generator.Generator;
import org.eclipse.jetty.http2.hpack.HpackEncoder;
import org.eclipse.jetty.http2.hpack.HpackException;
import org.eclipse.jetty.http2.parser.Parser;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;

/**
 * The one place that talks to Jetty's {@code jetty-http2-common}: frame generation with HPACK
 * encoding, and frame parsing with HPACK decoding and CONTINUATION reassembly. Everything it
 * takes and gives is JDK types, so the rest of the handler does not depend on the library's API.
 *
 * <p>Threading: the {@code write*} methods and {@link #flushTo} share one output buffer and the
 * HPACK encoder state; callers serialise them (one lock around encode-and-write keeps the wire
 * order equal to the HPACK order). {@link #parse} is called by one thread at a time (the
 * connection's reader).
 */
public final class JettyFrameCodec {
    private static final int MAX_ENCODER_TABLE = 4096;

    private final Generator generator;
    private final Parser parser;
    private final RetainableByteBuffer.Mutable out;

    /**
     * @param maxHeaderListSize the largest decoded response header block accepted, in bytes
     * @param listener          receives the parsed frames
     */
    public JettyFrameCodec(int maxHeaderListSize, FrameListener listener) {
        ByteBufferPool pool = ByteBufferPool.NON_POOLING;
        this.generator = new Generator(pool, false, 0);
        this.parser = new Parser(pool, maxHeaderListSize);
        this.parser.init(new ParserListener(listener));
        this.out = new RetainableByteBuffer.DynamicCapacity(pool, false, -1);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Queues the client connection preface followed by our SETTINGS.
     *
     * @param settings our settings (identifiers from {@link H2})
     * @throws IOException if writing to the socket fails
     */
    public void writePreface(Map<Integer, Integer> settings) throws IOException {
        control(new PrefaceFrame());
        control(new SettingsFrame(settings, false));
    }

    /**
     * Queues a SETTINGS acknowledgement.
     *
     * @throws IOException if writing to the socket fails
     */
    public void writeSettingsAck() throws IOException {
        control(new SettingsFrame(Map.of(), true));
    }

    /**
     * Queues a WINDOW_UPDATE.
     *
     * @param streamId the stream, or 0 for the connection
     * @param delta    bytes to add to the window, 1..2^31-1
     * @throws IOException if writing to the socket fails
     */
    public void writeWindowUpdate(int streamId, int delta) throws IOException {
        control(new WindowUpdateFrame(streamId, delta));
    }

    /**
     * Queues a PING.
     *
     * @param payload the 8 opaque bytes
     * @param ack     whether it answers the peer's PING
     * @throws IOException if writing to the socket fails
     */
    public void writePing(long payload, boolean ack) throws IOException {
        control(new PingFrame(payload, ack));
    }

    /**
     * Queues a GOAWAY.
     *
     * @param lastStreamId the last peer-initiated stream we processed (0 for a client)
     * @param errorCode    the HTTP/2 error code
     * @throws IOException if writing to the socket fails
     */
    public void writeGoAway(int lastStreamId, int errorCode) throws IOException {
        control(new GoAwayFrame(lastStreamId, errorCode, new byte[0]));
    }

    /**
     * Queues a RST_STREAM.
     *
     * @param streamId  the stream
     * @param errorCode the HTTP/2 error code
     * @throws IOException if writing to the socket fails
     */
    public void writeReset(int streamId, int errorCode) throws IOException {
        control(new ResetFrame(streamId, errorCode));
    }

    /**
     * HPACK-encodes a request header block and queues it as HEADERS (plus CONTINUATION if needed).
     *
     * @param streamId  the new stream's id
     * @param method    the {@code :method}
     * @param scheme    the {@code :scheme} ({@code http} or {@code https})
     * @param authority the {@code :authority}, {@code host:port}
     * @param pathQuery the {@code :path}, with the query
     * @param headers   regular header fields (lower-case names)
     * @param endStream whether no body follows
     * @throws IOException if HPACK encoding fails (for example a header list over the peer's limit)
     */
    public void writeRequestHeaders(int streamId, String method, String scheme, String authority, String pathQuery,
                                    List<Map.Entry<String, String>> headers, boolean endStream) throws IOException {
        HttpFields.Mutable fields = HttpFields.build(headers.size());
        for (Map.Entry<String, String> h : headers) {
            fields.add(h.getKey(), h.getValue());
        }
        HttpURI uri = HttpURI.build().scheme(scheme).authority(authority).pathQuery(pathQuery);
        MetaData.Request request = new MetaData.Request(method, uri, HttpVersion.HTTP_2, fields, -1);
        control(new HeadersFrame(streamId, request, null, endStream));
    }

    /**
     * Queues one DATA frame carrying all of {@code chunk}, which must fit the peer's max frame size.
     *
     * @param streamId  the stream
     * @param chunk     the payload; fully consumed
     * @param endStream whether it ends the stream
     */
    public void writeData(int streamId, ByteBuffer chunk, boolean endStream) {
        int length = chunk.remaining();
        generator.data(out, new DataFrame(streamId, chunk, endStream), length);
    }

    /**
     * Writes every queued frame to {@code stream} and flushes it.
     *
     * @param stream the socket's output stream
     * @throws IOException if the write fails
     */
    public void flushTo(OutputStream stream) throws IOException {
        if (out.remaining() == 0) {
            return;
        }
        try {
            ByteBuffer bytes = out.getByteBuffer();
            if (bytes.hasArray()) {
                stream.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            } else {
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                stream.write(copy);
            }
            stream.flush();
        } finally {
            out.clear();
        }
    }

    /** Drops queued frames that will not be written (after a failed write). */
    public void discardQueued() {
        out.clear();
    }

    /**
     * Applies the peer's SETTINGS to the encoder side: max frame size, HPACK table size, max header list size.
     *
     * @param settings the peer's settings frame content
     */
    public void applyPeerSettings(Map<Integer, Integer> settings) {
        for (Map.Entry<Integer, Integer> e : settings.entrySet()) {
            int value = e.getValue();
            switch (e.getKey()) {
                case H2.MAX_FRAME_SIZE:
                    generator.setMaxFrameSize(value);
                    break;
                case H2.HEADER_TABLE_SIZE:
                    HpackEncoder encoder = generator.getHpackEncoder();
                    encoder.setMaxTableCapacity(value);
                    encoder.setTableCapacity(Math.min(value, MAX_ENCODER_TABLE));
                    break;
                case H2.MAX_HEADER_LIST_SIZE:
                    generator.getHpackEncoder().setMaxHeaderListSize(value);
                    break;
                default:
                    break;
            }
        }
    }

    /**
     * Applies our own SETTINGS to the parser side (the frame size we accept).
     *
     * @param maxFrameSize the SETTINGS_MAX_FRAME_SIZE we advertised
     */
    public void applyLocalMaxFrameSize(int maxFrameSize) {
        parser.setMaxFrameSize(maxFrameSize);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Parses every complete frame in {@code bytes} (partial frames are kept for the next call) and
     * reports them to the listener.
     *
     * @param bytes bytes read from the socket, in read mode; fully consumed
     */
    public void parse(ByteBuffer bytes) {
        parser.parse(bytes);
    }

    private void control(Frame frame) throws IOException {
        try {
            generator.control(out, frame);
        } catch (HpackException e) {
            throw new IOException("HPACK encoding failed: " + e.getMessage(), e);
        }
    }

    /** Translates Jetty's frame objects into {@link FrameListener} calls. */
    private static final class ParserListener implements Parser.Listener {
        private final FrameListener target;

        ParserListener(FrameListener target) {
            this.target = target;
        }

        @Override
        public void onHeaders(HeadersFrame frame) {
            MetaData meta = frame.getMetaData();
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            if (meta != null) {
                for (HttpField f : meta.getHttpFields()) {
                    fields.add(Map.entry(f.getLowerCaseName(), f.getValue() == null ? "" : f.getValue()));
                }
            }
            int status = meta instanceof MetaData.Response ? ((MetaData.Response) meta).getStatus() : -1;
            target.onHeaders(frame.getStreamId(), status, fields, frame.isEndStream());
        }

        @Override
        public void onData(DataFrame frame) {
            target.onData(frame.getStreamId(), frame.getByteBuffer(), frame.flowControlLength(), frame.isEndStream());
        }

        @Override
        public void onReset(ResetFrame frame) {
            target.onReset(frame.getStreamId(), frame.getError());
        }

        @Override
        public void onSettings(SettingsFrame frame) {
            target.onSettings(frame.getSettings(), frame.isReply());
        }

        @Override
        public void onPing(PingFrame frame) {
            target.onPing(frame.getPayloadAsLong(), frame.isReply());
        }

        @Override
        public void onGoAway(GoAwayFrame frame) {
            String debug = frame.tryConvertPayload();
            target.onGoAway(frame.getLastStreamId(), frame.getError(), debug == null ? "" : debug);
        }

        @Override
        public void onWindowUpdate(WindowUpdateFrame frame) {
            target.onWindowUpdate(frame.getStreamId(), frame.getWindowDelta());
        }

        @Override
        public void onStreamFailure(int streamId, int error, String reason) {
            target.onStreamError(streamId, error, reason);
        }

        @Override
        public void onConnectionFailure(int error, String reason) {
            target.onConnectionError(error, reason);
        }
    }
}
