package io.conpool;

import java.util.Objects;
import javax.naming.NamingException;
import javax.naming.Reference;

/**
 * The Java SE {@link ConpoolConnectionFactory}: leases from a {@link ConnectionPool} it does not own.
 * A deserialized copy has no pool and refuses connections (it only exists so that a naming service
 * can hold the factory); {@link #getReference()} answers the reference set by whoever bound it.
 */
final class PoolConnectionFactory implements ConpoolConnectionFactory {
    private static final long serialVersionUID = 1L;

    private final transient ConnectionPool<?> pool;
    private transient Endpoint endpoint;
    private final String endpointText;
    private volatile Reference reference;

    PoolConnectionFactory(ConnectionPool<?> pool, Endpoint endpoint) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.endpointText = endpoint.toString();
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        endpoint = Endpoint.parse(endpointText);
    }

    @Override
    public ConpoolConnection getConnection() throws ConpoolException {
        if (pool == null) {
            throw new ConpoolException("This connection factory for " + endpoint
                    + " was deserialized and has no pool: look the factory up again where its pool lives");
        }
        return LeasedConnection.of(pool.acquire(endpoint));
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * @param reference the reference a naming service should store for this factory
     */
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() throws NamingException {
        Reference r = reference;
        if (r == null) {
            throw new NamingException("conpool connection factory for " + endpoint
                    + " has no JNDI reference: bind it through a server that sets one");
        }
        return r;
    }

    @Override
    public String toString() {
        return "ConpoolConnectionFactory[" + endpoint + (pool == null ? ", detached" : ", pool " + pool.name()) + "]";
    }
}
