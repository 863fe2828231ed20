package io.conpool.rar;

import io.conpool.ConpoolConnection;
import io.conpool.Endpoint;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The application's handle in a server: delegates to the engine lease its managed connection holds.
 * {@link #close()} tells the managed connection, which returns the lease and tells the server.
 */
public final class ManagedConnectionHandle implements ConpoolConnection {
    private volatile ConpoolManagedConnection owner;
    private final Endpoint endpoint;
    private volatile boolean closed;

    ManagedConnectionHandle(ConpoolManagedConnection owner) {
        this.owner = owner;
        this.endpoint = owner.endpoint();
    }

    ConpoolManagedConnection owner() {
        return owner;
    }

    void moveTo(ConpoolManagedConnection newOwner) {
        owner = newOwner;
    }

    /** The managed connection gave this handle up (cleanup, or a newer handle took over). */
    void detach() {
        closed = true;
    }

    private io.conpool.LeasedConnection lease() {
        if (closed) {
            throw new IllegalStateException("conpool connection to " + endpoint + " is closed: get a new one from the factory");
        }
        return owner.leaseFor(this);
    }

    @Override
    public InputStream input() {
        return lease().input();
    }

    @Override
    public OutputStream output() {
        return lease().output();
    }

    @Override
    public Object state() {
        return lease().state();
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public boolean isReused() {
        return lease().isReused();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void invalidate() {
        if (!closed) {
            closed = true;
            owner.handleInvalidated(this);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.handleClosed(this);
        }
    }

    @Override
    public String toString() {
        return "ConpoolConnection[" + endpoint + (closed ? ", closed" : "") + "]";
    }
}
