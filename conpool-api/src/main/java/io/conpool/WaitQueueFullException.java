package io.conpool;

/**
 * The endpoint had no free connection and already {@code maxWaitersPerEndpoint} callers waiting,
 * so this caller was refused at once instead of queueing.
 */
public class WaitQueueFullException extends ConpoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the endpoint and the pool's numbers
     */
    public WaitQueueFullException(String message) {
        super(message);
    }
}
