package io.conpool.internal;

import io.conpool.CloseReason;
import io.conpool.ConnectInfo;
import io.conpool.ConnectionListener;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@link ConnectionListener}s of one pool and the one place that calls them. The engine asks
 * {@link #enabled()} before it reads a clock or builds anything for an event, so with no listener
 * the cost is one volatile read. A listener that throws is logged once (per listener) and ignored.
 */
public final class ConnectionEvents {
    private static final System.Logger LOG = System.getLogger("io.conpool");
    private static final ConnectionListener[] NONE = new ConnectionListener[0];

    private final String poolName;
    private volatile ConnectionListener[] listeners = NONE;
    private final Set<ConnectionListener> reportedFailures = ConcurrentHashMap.newKeySet();

    ConnectionEvents(String poolName) {
        this.poolName = poolName;
    }

    /** @return whether any listener is registered (read before timing or building an event) */
    boolean enabled() {
        return listeners.length != 0;
    }

    /** @param listener to call from now on */
    public synchronized void add(ConnectionListener listener) {
        Objects.requireNonNull(listener, "listener");
        ConnectionListener[] now = listeners;
        ConnectionListener[] next = Arrays.copyOf(now, now.length + 1);
        next[now.length] = listener;
        listeners = next;
    }

    /** @param listener to stop calling; no-op if it is not registered */
    public synchronized void remove(ConnectionListener listener) {
        ConnectionListener[] now = listeners;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == listener) {
                ConnectionListener[] next = new ConnectionListener[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                listeners = next;
                return;
            }
        }
    }

    void acquired(Endpoint e, long waitNanos, boolean reused) {
        for (ConnectionListener l : listeners) { // once per acquire: no lambda
            try {
                l.acquired(e, waitNanos, reused);
            } catch (RuntimeException | LinkageError x) {
                failed(l, "acquired", e, x);
            }
        }
    }

    void acquireFailed(Endpoint e, long waitNanos, ConpoolException error) {
        each("acquireFailed", e, l -> l.acquireFailed(e, waitNanos, error));
    }

    void released(Endpoint e, long heldNanos) {
        for (ConnectionListener l : listeners) { // once per release: no lambda
            try {
                l.released(e, heldNanos);
            } catch (RuntimeException | LinkageError x) {
                failed(l, "released", e, x);
            }
        }
    }

    void connected(Endpoint e, ConnectInfo info) {
        each("connected", e, l -> l.connected(e, info));
    }

    void connectFailed(Endpoint e, long durationNanos, int attempts, ConpoolException error) {
        each("connectFailed", e, l -> l.connectFailed(e, durationNanos, attempts, error));
    }

    void connectionClosed(Endpoint e, CloseReason reason, long ageNanos) {
        each("connectionClosed", e, l -> l.connectionClosed(e, reason, ageNanos));
    }

    void staleDetected(Endpoint e, long idleNanos) {
        each("staleDetected", e, l -> l.staleDetected(e, idleNanos));
    }

    void leakSuspected(Endpoint e, long heldNanos, Throwable acquiredAt) {
        each("leakSuspected", e, l -> l.leakSuspected(e, heldNanos, acquiredAt));
    }

    private void each(String event, Endpoint endpoint, Consumer<ConnectionListener> call) {
        for (ConnectionListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException | LinkageError e) {
                failed(l, event, endpoint, e);
            }
        }
    }

    private void failed(ConnectionListener l, String event, Endpoint endpoint, Throwable e) {
        if (reportedFailures.add(l)) {
            LOG.log(System.Logger.Level.WARNING, "conpool: connection listener " + l + " of pool '" + poolName
                    + "' threw on " + event + " for " + endpoint + "; ignored (reported once per listener)", e);
        }
    }
}
