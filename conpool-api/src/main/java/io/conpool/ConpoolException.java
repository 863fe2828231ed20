package io.conpool;

import java.io.IOException;

/**
 * Base class of the errors the pool reports when it cannot give out a connection.
 *
 * <p>It is an {@link IOException} so that code doing socket I/O handles pool failures with the
 * same {@code catch}. Messages say what failed, for which endpoint, and what to change.
 */
public class ConpoolException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do about it
     */
    public ConpoolException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do about it
     * @param cause   the underlying error, kept for diagnosis
     */
    public ConpoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
