package io.conpool;

/** An endpoint's host or port is invalid; the message names the bad part. */
public class InvalidEndpointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to write it
     */
    public InvalidEndpointException(String message) {
        super(message);
    }
}
