package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.LeaseEndedException;
import io.conpool.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A lease on a connection whose protocol state is the {@link Transport} itself (the {@code raw}
 * handler): the lease is also the holder's view of the connection. The view works only while the
 * lease lasts, and it watches every read and write: end of stream or an {@link IOException} marks
 * the connection broken, so a normal {@code close()} of the lease closes it instead of pooling it.
 *
 * <p>Use after the lease ended and I/O still running when the lease ends are told apart by a
 * Dekker-style pair of volatile accesses: an I/O call first counts itself in {@code io}, then
 * reads {@code done}; ending the lease first sets {@code done}, then reads {@code io}. Either the
 * call sees the lease ended (and fails with {@link LeaseEndedException}) or the pool sees the call
 * (and treats the connection as broken: its state is unknown).
 */
final class GuardedLease<S> extends PoolLease<S> implements Transport {
    private static final VarHandle IO;

    static {
        try {
            IO = MethodHandles.lookup().findVarHandle(GuardedLease.class, "io", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile int io;
    private InputStream in;
    private OutputStream out;

    GuardedLease(PooledConnection<S> conn, boolean reused) {
        super(conn, reused);
    }

    @Override
    @SuppressWarnings("unchecked")
    public S connection() {
        super.connection(); // throws if the lease ended
        return (S) this;
    }

    @Override
    boolean ioInFlight() {
        return io != 0;
    }

    private SocketTransport transport() {
        return conn.transport;
    }

    private void enter() throws LeaseEndedException {
        IO.getAndAdd(this, 1);
        if (isDone()) {
            IO.getAndAdd(this, -1);
            throw new LeaseEndedException(endpoint());
        }
    }

    private void exit() {
        IO.getAndAdd(this, -1);
    }

    private IOException broken(IOException e) {
        transport().markBroken(e);
        return e;
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public Endpoint endpoint() {
        return super.endpoint();
    }

    @Override
    public Socket socket() {
        if (isDone()) {
            throw new UncheckedIOException(new LeaseEndedException(endpoint()));
        }
        conn.optionsTouched = true; // the holder may change its timeouts: the pool resets them
        return transport().socket();
    }

    @Override
    public InputStream input() {
        InputStream s = in;
        if (s == null) {
            s = new GuardedInput(transport().input());
            in = s;
        }
        return s;
    }

    @Override
    public OutputStream output() {
        OutputStream s = out;
        if (s == null) {
            s = new GuardedOutput(transport().output());
            out = s;
        }
        return s;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return transport().tlsSession();
    }

    @Override
    public String applicationProtocol() {
        return transport().applicationProtocol();
    }

    @Override
    public void capacityChanged() {
        transport().capacityChanged();
    }

    @Override
    public void markBroken(Throwable cause) {
        transport().markBroken(cause);
    }

    @Override
    public boolean isBroken() {
        return transport().isBroken();
    }

    /** Reads through the lease: refused once it ended; end of stream and errors mark the connection broken. */
    private final class GuardedInput extends InputStream {
        private final InputStream raw;

        GuardedInput(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            enter();
            try {
                int b = raw.read();
                if (b < 0) {
                    transport().markBroken(new EOFException("end of stream: the peer closed the connection"));
                }
                return b;
            } catch (IOException e) {
                throw broken(e);
            } finally {
                exit();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            enter();
            try {
                int n = raw.read(b, off, len);
                if (n < 0) {
                    transport().markBroken(new EOFException("end of stream: the peer closed the connection"));
                }
                return n;
            } catch (IOException e) {
                throw broken(e);
            } finally {
                exit();
            }
        }

        @Override
        public int available() throws IOException {
            enter();
            try {
                return raw.available();
            } catch (IOException e) {
                throw broken(e);
            } finally {
                exit();
            }
        }

        /** Does nothing: the pool owns the socket. End the lease instead. */
        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "InputStream[" + GuardedLease.this + "]";
        }
    }

    /** Writes through the lease: refused once it ended; errors mark the connection broken. */
    private final class GuardedOutput extends OutputStream {
        private final OutputStream raw;

        GuardedOutput(OutputStream raw) {
            this.raw = raw;
        }

        @Override
        public void write(int b) throws IOException {
            enter();
            try {
                raw.write(b);
            } catch (IOException e) {
                throw broken(e);
            } finally {
                exit();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            enter();
            try {
                raw.write(b, off, len);
            } catch (IOException e) {
                throw broken(e);
            } finally {
                exit();
            }
        }

        @Override
        public void flush() throws IOException {
            enter();
            try {
                raw.flush();
            } catch (IOException e) {
                throw broken(e);
            } finally {
                exit();
            }
        }

        /** Flushes; the pool owns the socket, so it stays open. End the lease instead. */
        @Override
        public void close() throws IOException {
            flush();
        }

        @Override
        public String toString() {
            return "OutputStream[" + GuardedLease.this + "]";
        }
    }
}
