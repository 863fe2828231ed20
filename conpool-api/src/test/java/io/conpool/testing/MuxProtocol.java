package io.conpool.testing;

import io.conpool.Transport;
import io.conpool.spi.AccessMode;
import io.conpool.spi.ProtocolHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small multiplexing test protocol over a real socket: requests are lines {@code tag payload},
 * answered (possibly out of order) by a {@link LineServer} in TAGGED mode; one reader thread per
 * connection routes answers by tag. Connections are {@code Shared(n)}; {@code n} can be changed and
 * the connection drained at run time, like HTTP/2 SETTINGS and GOAWAY.
 */
public final class MuxProtocol implements ProtocolHandler<MuxProtocol.Connection> {
    private final int initialMaxConcurrent;

    /** @param initialMaxConcurrent the shared capacity of new connections */
    public MuxProtocol(int initialMaxConcurrent) {
        this.initialMaxConcurrent = initialMaxConcurrent;
    }

    @Override
    public String name() {
        return "mux-test";
    }

    @Override
    public Connection init(Transport transport) {
        Connection c = new Connection(transport, initialMaxConcurrent);
        c.reader.start();
        return c;
    }

    @Override
    public int expectedCapacity() {
        return initialMaxConcurrent;
    }

    @Override
    public AccessMode accessMode(Connection c) {
        return c.draining ? AccessMode.draining() : AccessMode.shared(c.maxConcurrent);
    }

    @Override
    public boolean isHealthy(Connection c) {
        return c.reader.isAlive();
    }

    @Override
    public boolean allowsStaleCheck() {
        return false;
    }

    @Override
    public void onClose(Connection c) {
        c.closed = true;
    }

    /** One multiplexed connection. */
    public static final class Connection {
        private final Transport transport;
        private final Thread reader;
        private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        private final AtomicLong tags = new AtomicLong();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peakInFlight = new AtomicInteger();
        private volatile int maxConcurrent;
        private volatile boolean draining;
        private volatile boolean closed;

        Connection(Transport transport, int maxConcurrent) {
            this.transport = transport;
            this.maxConcurrent = maxConcurrent;
            this.reader = new Thread(this::readLoop, "mux-reader-" + transport.socket().getLocalPort());
            this.reader.setDaemon(true);
        }

        /** Sends {@code payload} and waits for its answer. */
        public String call(String payload) throws IOException {
            String tag = "t" + tags.incrementAndGet();
            CompletableFuture<String> answer = new CompletableFuture<>();
            pending.put(tag, answer);
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                synchronized (this) {
                    Lines.write(transport, tag + " " + payload);
                }
                return answer.get(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("no answer for " + tag, e);
            } finally {
                inFlight.decrementAndGet();
                pending.remove(tag);
            }
        }

        /** Changes the shared capacity, as a peer's SETTINGS would, and tells the pool. */
        public void setMaxConcurrent(int n) {
            maxConcurrent = n;
            transport.capacityChanged();
        }

        /** Stops new leases, as a GOAWAY would, and tells the pool. */
        public void drain() {
            draining = true;
            transport.capacityChanged();
        }

        /** @return the most calls in flight at once on this connection */
        public int peakInFlight() {
            return peakInFlight.get();
        }

        /** @return whether the pool closed this connection */
        public boolean isClosed() {
            return closed;
        }

        /** @return the transport */
        public Transport transport() {
            return transport;
        }

        private void readLoop() {
            try {
                InputStream in = transport.input();
                while (true) {
                    String line = Lines.read(in);
                    int sp = line.indexOf(' ');
                    CompletableFuture<String> f = pending.get(line.substring(0, sp));
                    if (f != null) {
                        f.complete(line.substring(sp + 1));
                    }
                }
            } catch (IOException | RuntimeException e) {
                pending.values().forEach(f -> f.completeExceptionally(e));
            }
        }
    }
}
