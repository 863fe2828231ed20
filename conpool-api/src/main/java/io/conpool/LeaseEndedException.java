package io.conpool;

/**
 * I/O on a connection through a lease that has already ended (closed or invalidated). The
 * connection may by now belong to another caller, so the call is refused instead of reading or
 * writing another caller's exchange. Acquire a new lease.
 */
public class LeaseEndedException extends ConpoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the endpoint of the lease
     */
    public LeaseEndedException(Endpoint endpoint) {
        super("The lease on " + endpoint + " has ended (closed or invalidated): this connection is no longer yours;"
                + " acquire a new lease instead of keeping the connection, its streams or its socket");
    }
}
