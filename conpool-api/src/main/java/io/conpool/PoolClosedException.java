package io.conpool;

/** The pool was closed before or while the caller waited; no connection is given out after {@code close()}. */
public class PoolClosedException extends ConpoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param poolName the closed pool's name
     */
    public PoolClosedException(String poolName) {
        super("Connection pool '" + poolName + "' is closed: create a new pool");
    }
}
