package io.conpool;

/**
 * The thread was interrupted while it waited for or opened a connection. The thread's interrupt
 * status is set again when this is thrown; nothing was taken from the pool.
 */
public class AcquireInterruptedException extends ConpoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint the thread was waiting for
     */
    public AcquireInterruptedException(Endpoint endpoint) {
        super("Interrupted while acquiring a connection to " + endpoint);
    }
}
