package io.conpool;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ConpoolConnection} over one engine {@link Lease}: the Java SE handle, also used by the
 * resource adapter's managed connections. Its streams remember an {@link IOException}; a broken
 * connection is invalidated on {@link #close()} instead of being returned for reuse; so is one
 * whose input reached end of stream (the peer closed it). Closing one of
 * its streams does not close the socket (the pool owns it): close the handle.
 */
public final class LeasedConnection implements ConpoolConnection {

    private final Lease<?> lease;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean broken;
    private InputStream in;
    private OutputStream out;

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
        if (in == null) {
            in = new TrackedInput(transport().input());
        }
        return in;
    }

    @Override
    public OutputStream output() {
        if (out == null) {
            out = new TrackedOutput(transport().output());
        }
        return out;
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

    /** @return {@code true} if an I/O error happened on this handle's streams */
    public boolean isBroken() {
        return broken;
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
                lease.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ConpoolConnection[" + lease.endpoint() + (isReused() ? ", reused" : ", new")
                + (closed.get() ? ", closed" : "") + (broken ? ", broken" : "") + "]";
    }

    private int atEof(int n) {
        if (n < 0) {
            broken = true; // the peer closed its side: the connection cannot be reused
        }
        return n;
    }

    private final class TrackedInput extends FilterInputStream {
        TrackedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return atEof(super.read());
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return atEof(super.read(b, off, len));
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void close() {
            // the pool owns the socket: close the connection handle, not its stream
        }
    }

    private final class TrackedOutput extends FilterOutputStream {
        TrackedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // the pool owns the socket: close the connection handle, not its stream
        }
    }
}
