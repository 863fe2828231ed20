package io.conpool.http2.internal;

/** HTTP/2 protocol numbers from RFC 9113 used by the handler: settings identifiers, error codes, limits. */
public final class H2 {
    /** SETTINGS_HEADER_TABLE_SIZE. */
    public static final int HEADER_TABLE_SIZE = 1;
    /** SETTINGS_ENABLE_PUSH. */
    public static final int ENABLE_PUSH = 2;
    /** SETTINGS_MAX_CONCURRENT_STREAMS. */
    public static final int MAX_CONCURRENT_STREAMS = 3;
    /** SETTINGS_INITIAL_WINDOW_SIZE. */
    public static final int INITIAL_WINDOW_SIZE = 4;
    /** SETTINGS_MAX_FRAME_SIZE. */
    public static final int MAX_FRAME_SIZE = 5;
    /** SETTINGS_MAX_HEADER_LIST_SIZE. */
    public static final int MAX_HEADER_LIST_SIZE = 6;

    /** NO_ERROR. */
    public static final int NO_ERROR = 0x0;
    /** PROTOCOL_ERROR. */
    public static final int PROTOCOL_ERROR = 0x1;
    /** INTERNAL_ERROR. */
    public static final int INTERNAL_ERROR = 0x2;
    /** FLOW_CONTROL_ERROR. */
    public static final int FLOW_CONTROL_ERROR = 0x3;
    /** REFUSED_STREAM: the server did not process the stream; safe to retry. */
    public static final int REFUSED_STREAM = 0x7;
    /** CANCEL. */
    public static final int CANCEL = 0x8;

    /** The window every stream and the connection start with (RFC 9113 section 6.9.2). */
    public static final int DEFAULT_WINDOW = 65_535;
    /** The largest window and stream id: 2^31 - 1. */
    public static final int MAX_WINDOW = Integer.MAX_VALUE;
    /** The default and smallest SETTINGS_MAX_FRAME_SIZE. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;

    private H2() {
    }

    /**
     * @param code an HTTP/2 error code
     * @return its RFC name, e.g. {@code REFUSED_STREAM}, or the number in hex
     */
    public static String errorName(int code) {
        switch (code) {
            case 0x0: return "NO_ERROR";
            case 0x1: return "PROTOCOL_ERROR";
            case 0x2: return "INTERNAL_ERROR";
            case 0x3: return "FLOW_CONTROL_ERROR";
            case 0x4: return "SETTINGS_TIMEOUT";
            case 0x5: return "STREAM_CLOSED";
            case 0x6: return "FRAME_SIZE_ERROR";
            case 0x7: return "REFUSED_STREAM";
            case 0x8: return "CANCEL";
            case 0x9: return "COMPRESSION_ERROR";
            case 0xa: return "CONNECT_ERROR";
            case 0xb: return "ENHANCE_YOUR_CALM";
            case 0xc: return "INADEQUATE_SECURITY";
            case 0xd: return "HTTP_1_1_REQUIRED";
            default: return "0x" + Integer.toHexString(code);
        }
    }
}
