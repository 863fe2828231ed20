package io.conpool;

/** No connection became free within {@code acquireTimeout}; the message gives the endpoint pool's numbers. */
public class AcquireTimeoutException extends ConpoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the endpoint, the wait, and the pool's active/idle/waiting/limit numbers
     */
    public AcquireTimeoutException(String message) {
        super(message);
    }
}
