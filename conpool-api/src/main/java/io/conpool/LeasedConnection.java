package io.conpool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ConpoolConnection} over one engine {@link Lease}: the Java SE handle, also used by the
 * resource adapter's managed connections. The engine watches the connection: an
 * {@link IOException} or end of stream on its streams marks it broken (see {@link Transport}), and
 * a broken connection is closed on {@link #close()} instead of being returned for reuse. Closing
 * one of its streams does not close the socket (the pool owns it): close the handle.
 */
public final class LeasedConnection implements ConpoolConnection {

    private final Lease<?> lease;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Marked broken through the handle (for protocol states that are not a {@link Transport}). */
    private volatile boolean broken;

    private LeasedConnection(Lease<?> lease) {
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /**
     * @param lease a lease the new handle owns (closing the handle closes the lease)
     * @return the handle
     * @throws NullPointerException if lease is null
     */
    public static LeasedConnection of(Lease<?> lease) {
        return new LeasedConnection(lease);
    }

    @Override
    public InputStream input() {
        return transport().input();
    }

    @Override
    public OutputStream output() {
        return transport().output();
    }

    private Transport transport() {
        Object s = state();
        if (!(s instanceof Transport)) {
            throw new IllegalStateException("conpool connection to " + lease.endpoint() + " carries a "
                    + s.getClass().getName() + " protocol state, not a socket: use state() instead of input()/output()");
        }
        return (Transport) s;
    }

    @Override
    public Object state() {
        if (closed.get()) {
            throw new IllegalStateException("conpool connection to " + lease.endpoint()
                    + " is closed: get a new one from the factory");
        }
        return lease.connection();
    }

    @Override
    public Endpoint endpoint() {
        return lease.endpoint();
    }

    @Override
    public boolean isReused() {
        return lease.isReused();
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** @return {@code true} if an I/O error or end of stream happened on this connection, or it was marked broken */
    public boolean isBroken() {
        if (broken) {
            return true;
        }
        if (closed.get()) {
            return false;
        }
        Object s = lease.connection();
        return s instanceof Transport && ((Transport) s).isBroken();
    }

    /** Marks the connection as broken: {@link #close()} will close it instead of returning it. */
    public void markBroken() {
        broken = true;
    }

    @Override
    public void invalidate() {
        if (closed.compareAndSet(false, true)) {
            lease.invalidate();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (broken) {
                lease.invalidate();
            } else {
                lease.close(); // the engine closes a connection it saw break
            }
        }
    }

    @Override
    public String toString() {
        return "ConpoolConnection[" + lease.endpoint() + (isReused() ? ", reused" : ", new")
                + (closed.get() ? ", closed" : "") + (broken ? ", broken" : "") + "]";
    }
}
