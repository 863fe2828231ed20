package io.conpool.rar;

import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.NamingException;
import javax.naming.Reference;

/**
 * The connection factory the server binds in JNDI for one connection definition. It asks the
 * server's {@link ConnectionManager} for connections, so the server sees every handle; errors
 * reach the application as {@link ConpoolException}: the engine's own (e.g.
 * {@link io.conpool.AcquireTimeoutException}) when it caused the failure, otherwise one wrapping
 * the server's {@link ResourceException}.
 */
public final class ManagedConpoolConnectionFactory implements ConpoolConnectionFactory, Referenceable {
    private static final long serialVersionUID = 1L;

    private final ConpoolManagedConnectionFactory mcf;
    private final ConnectionManager manager;
    private Reference reference;

    ManagedConpoolConnectionFactory(ConpoolManagedConnectionFactory mcf, ConnectionManager manager) {
        this.mcf = mcf;
        this.manager = manager;
    }

    @Override
    public ConpoolConnection getConnection() throws ConpoolException {
        try {
            return (ConpoolConnection) manager.allocateConnection(mcf, null);
        } catch (ResourceException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof ConpoolException) {
                    ConpoolException engine = (ConpoolException) c;
                    if (engine != e.getCause()) {
                        engine.addSuppressed(e);
                    }
                    throw engine;
                }
            }
            throw new ConpoolException("conpool: the server gave no connection to " + endpointText() + ": "
                    + e.getMessage(), e);
        }
    }

    private String endpointText() {
        return mcf.getHost() + ":" + mcf.getPort() + (Boolean.TRUE.equals(mcf.getTls()) ? "/tls" : "");
    }

    @Override
    public Endpoint endpoint() {
        try {
            return mcf.endpoint();
        } catch (jakarta.resource.spi.InvalidPropertyException e) {
            throw new IllegalStateException(e.getMessage(), e); // validated when the factory was made
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() throws NamingException {
        if (reference == null) {
            throw new NamingException("conpool connection factory for " + endpointText() + " has no JNDI reference");
        }
        return reference;
    }

    @Override
    public String toString() {
        return "ConpoolConnectionFactory[" + endpointText() + ", pool " + mcf.getPoolName() + "]";
    }
}
