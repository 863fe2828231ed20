package io.conpool.http2;

import java.io.IOException;

/**
 * An HTTP/2 request failed: the stream was reset, the connection broke, or a bound was exceeded.
 * {@link #isRetrySafe()} tells whether the server certainly did not process the request.
 */
public class Http2Exception extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final boolean connectionError;

    /**
     * @param message         what failed and what to do
     * @param errorCode       the HTTP/2 error code involved, or {@code -1} when none
     * @param connectionError whether the whole connection is unusable (not just this stream)
     * @param cause           the underlying failure, or {@code null}
     */
    public Http2Exception(String message, int errorCode, boolean connectionError, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.connectionError = connectionError;
    }

    /** @return the HTTP/2 error code (RFC 9113 section 7) from the peer or from us, or {@code -1} when none applies */
    public int errorCode() {
        return errorCode;
    }

    /** @return whether the connection is unusable (connection error, closed socket), not just the stream */
    public boolean isConnectionError() {
        return connectionError;
    }

    /**
     * @return {@code true} when the server certainly did not process the request, so sending it again
     *         (on another connection) cannot apply it twice
     */
    public boolean isRetrySafe() {
        return false;
    }
}
