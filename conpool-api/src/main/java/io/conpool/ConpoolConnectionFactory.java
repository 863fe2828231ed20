package io.conpool;

import java.io.Serializable;
import javax.naming.Referenceable;

/**
 * Gives connections to one endpoint. Applications get it by JNDI lookup or injection in a Jakarta
 * EE server (from the conpool resource adapter), by CDI injection with
 * {@code @Inject @PoolEndpoint("name")} in CDI SE, or from {@link #of(ConnectionPool, Endpoint)}
 * in plain Java SE. The code using it is the same in all three worlds.
 *
 * <p>It is {@link Serializable} and {@link Referenceable} so that servers can bind it in JNDI.
 */
public interface ConpoolConnectionFactory extends Serializable, Referenceable {

    /**
     * Leases a connection to {@link #endpoint()}; waits up to the endpoint's {@code acquireTimeout}
     * when all its connections are busy.
     *
     * @return a connection handle; close it to give the connection back
     * @throws AcquireTimeoutException   if no connection became free within acquireTimeout
     * @throws ConnectionFailedException if the endpoint cannot be reached
     * @throws PoolClosedException       if the pool (or the resource adapter) was stopped
     * @throws ConpoolException          for any other reason no connection could be had; in an
     *                                   application server the server's own error is the cause
     */
    ConpoolConnection getConnection() throws ConpoolException;

    /** @return the endpoint this factory connects to */
    Endpoint endpoint();

    /**
     * A Java SE factory on top of an existing pool.
     *
     * @param pool     the pool; its life is the caller's (close it at shutdown)
     * @param endpoint the endpoint connections go to
     * @return the factory
     * @throws NullPointerException if either is null
     */
    static ConpoolConnectionFactory of(ConnectionPool<?> pool, Endpoint endpoint) {
        return new PoolConnectionFactory(pool, endpoint);
    }
}
