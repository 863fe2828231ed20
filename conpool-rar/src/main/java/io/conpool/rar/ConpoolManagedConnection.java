package io.conpool.rar;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.LeasedConnection;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * A lease slot: holds no socket of its own. When the server asks it for a handle it borrows an
 * engine lease (waiting up to the endpoint's {@code acquireTimeout}); when the application closes
 * the handle it gives the lease back and tells the server ({@code CONNECTION_CLOSED}); when the
 * handle fails (an I/O error, end of stream, or {@code invalidate()}) it closes the engine
 * connection and tells the server {@code CONNECTION_ERROR_OCCURRED}. {@link #cleanup()} and
 * {@link #destroy()} return a lease still held.
 */
final class ConpoolManagedConnection implements ManagedConnection {
    private final ConpoolManagedConnectionFactory factory;
    private final ConnectionPool<?> pool;
    private final Endpoint endpoint;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile LeasedConnection leased;
    private volatile ManagedConnectionHandle handle;
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    ConpoolManagedConnection(ConpoolManagedConnectionFactory factory, ConnectionPool<?> pool, Endpoint endpoint) {
        this.factory = factory;
        this.pool = pool;
        this.endpoint = endpoint;
    }

    ConpoolManagedConnectionFactory factory() {
        return factory;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("conpool managed connection for " + endpoint + " was destroyed");
        }
        if (leased == null) {
            try {
                leased = LeasedConnection.of(pool.acquire(endpoint));
            } catch (ConpoolException e) {
                throw new ResourceException(e.getMessage(), e);
            }
        }
        ManagedConnectionHandle previous = handle;
        if (previous != null) {
            previous.detach(); // one handle at a time: the new one takes over the lease
        }
        ManagedConnectionHandle h = new ManagedConnectionHandle(this);
        handle = h;
        return h;
    }

    /** @return the lease behind the handle, if the handle is still this slot's current one */
    LeasedConnection leaseFor(ManagedConnectionHandle h) {
        LeasedConnection l = leased;
        if (handle != h || l == null) {
            throw new IllegalStateException("conpool connection to " + endpoint + " is closed: get a new one from the factory");
        }
        return l;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The application closed the handle: return the lease (or close it if broken) and tell the server. */
    void handleClosed(ManagedConnectionHandle h) {
        if (handle != h) {
            return;
        }
        handle = null;
        LeasedConnection l = leased;
        leased = null;
        boolean broken = l != null && l.isBroken();
        if (l != null) {
            l.close(); // invalidates a broken connection, returns a healthy one
        }
        if (broken) {
            fire(new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED,
                    new IOException("conpool connection to " + endpoint + " broke (I/O error or end of stream)")), h);
        } else {
            fire(new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED), h);
        }
    }

    /** The application invalidated the handle: close the engine connection and tell the server. */
    void handleInvalidated(ManagedConnectionHandle h) {
        if (handle != h) {
            return;
        }
        handle = null;
        LeasedConnection l = leased;
        leased = null;
        if (l != null) {
            l.invalidate();
        }
        fire(new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED,
                new IOException("conpool connection to " + endpoint + " invalidated by the application")), h);
    }

    private void fire(ConnectionEvent event, ManagedConnectionHandle h) {
        event.setConnectionHandle(h);
        for (ConnectionEventListener l : listeners) {
            if (event.getId() == ConnectionEvent.CONNECTION_CLOSED) {
                l.connectionClosed(event);
            } else {
                l.connectionErrorOccurred(event);
            }
        }
    }

    /** Detaches any handle and returns a lease still held; the slot can serve again. */
    @Override
    public void cleanup() {
        ManagedConnectionHandle h = handle;
        handle = null;
        if (h != null) {
            h.detach();
        }
        LeasedConnection l = leased;
        leased = null;
        if (l != null) {
            l.close();
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        cleanup();
    }

    /**
     * Moves a handle (and its lease) from another slot of the same definition to this one.
     *
     * @param connection a handle from this adapter
     * @throws ResourceException if it is not a conpool handle
     */
    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ManagedConnectionHandle)) {
            throw new ResourceException("not a conpool connection handle: " + connection);
        }
        ManagedConnectionHandle h = (ManagedConnectionHandle) connection;
        ConpoolManagedConnection from = h.owner();
        if (from == this) {
            return;
        }
        LeasedConnection moved = from.release(h);
        if (moved != null) {
            LeasedConnection own = leased;
            leased = moved;
            if (own != null) {
                own.close();
            }
        }
        ManagedConnectionHandle previous = handle;
        if (previous != null && previous != h) {
            previous.detach();
        }
        handle = h;
        h.moveTo(this);
    }

    /** Gives up a handle and its lease without returning the lease (it moves to another slot). */
    private LeasedConnection release(ManagedConnectionHandle h) {
        if (handle != h) {
            return null;
        }
        handle = null;
        LeasedConnection l = leased;
        leased = null;
        return l;
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("conpool connections take part in no transaction (NoTransaction)");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("conpool connections take part in no transaction (NoTransaction)");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "conpool endpoint " + endpoint;
            }

            @Override
            public String getEISProductVersion() {
                return "";
            }

            @Override
            public int getMaxConnections() {
                return pool.config(endpoint).maxConnectionsPerEndpoint();
            }

            @Override
            public String getUserName() {
                return "";
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "ConpoolManagedConnection[" + endpoint + (leased != null ? ", leased" : ", free")
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
