package io.conpool.http2;

/**
 * The server did not process the request, so it is safe to send again, even if it is not idempotent:
 * the stream was above the last-stream-id of a GOAWAY, the server refused it with
 * {@code REFUSED_STREAM}, or it was never sent because the connection was already going away.
 * {@link Http2Requests#send} retries such requests on another connection (see its retry policy).
 */
public class Http2RetryableException extends Http2Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message         why the request was not processed; should say it is safe to retry
     * @param errorCode       the HTTP/2 error code involved, or {@code -1}
     * @param connectionError whether the connection can take no more streams
     */
    public Http2RetryableException(String message, int errorCode, boolean connectionError) {
        super(message, errorCode, connectionError, null);
    }

    /** @return always {@code true} */
    @Override
    public boolean isRetrySafe() {
        return true;
    }
}
