package io.conpool.internal;

import io.conpool.CloseReason;
import io.conpool.ConnectInfo;
import io.conpool.ConnectionListener;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.jfr.AcquireEvent;
import io.conpool.jfr.ConnectEvent;
import io.conpool.jfr.ConnectionClosedEvent;
import io.conpool.jfr.LeakSuspectedEvent;
import io.conpool.jfr.StaleConnectionEvent;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * Turns one pool's {@link ConnectionListener} calls into the JFR events of {@code io.conpool.jfr}.
 * It watches the recordings ({@link FlightRecorderListener}) and is a registered listener of the
 * pool only while some recording has a conpool event enabled. Loaded only after
 * {@link JfrSupport#available()} said {@code jdk.jfr} is there.
 */
final class JfrRecorder implements ConnectionListener, FlightRecorderListener, AutoCloseable {
    private static final List<Class<? extends Event>> EVENTS = List.of(AcquireEvent.class, ConnectEvent.class,
            ConnectionClosedEvent.class, StaleConnectionEvent.class, LeakSuspectedEvent.class);
    private static final int MAX_FRAMES = 32;

    private final String pool;
    private final ConnectionEvents events;
    private final java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
    private boolean registered;
    private boolean closed;

    private JfrRecorder(String pool, ConnectionEvents events) {
        this.pool = pool;
        this.events = events;
    }

    static JfrRecorder attach(String pool, ConnectionEvents events) {
        JfrRecorder r = new JfrRecorder(pool, events);
        FlightRecorder.addListener(r); // calls recorderInitialized at once if JFR is already running
        return r;
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        update();
    }

    @Override
    public void recordingStateChanged(Recording recording) {
        update(); // the event types' enabled state is already updated when this is called
    }

    /**
     * Registers or unregisters this listener to follow whether any recording wants conpool events.
     * Calls may come from several threads at once (JFR's notifications, the pool's creation): one
     * thread evaluates, and evaluates again as long as calls came in meanwhile, so the last
     * evaluation always starts after the last call, and no lock is held while asking JFR.
     */
    void update() {
        if (updates.getAndIncrement() != 0) {
            return; // the thread updating now evaluates once more for us
        }
        int missed = 1;
        do {
            apply(anyEnabled());
            missed = updates.addAndGet(-missed);
        } while (missed != 0);
    }

    private synchronized void apply(boolean enabled) {
        boolean wanted = !closed && enabled;
        if (wanted && !registered) {
            events.add(this);
        } else if (!wanted && registered) {
            events.remove(this);
        }
        registered = wanted;
    }

    private static boolean anyEnabled() {
        if (!FlightRecorder.isInitialized()) {
            return false; // never start JFR ourselves
        }
        for (Class<? extends Event> c : EVENTS) {
            if (EventType.getEventType(c).isEnabled()) {
                return true;
            }
        }
        return false;
    }

    /** Stops following the recordings and unregisters (the pool closed). */
    @Override
    public void close() {
        FlightRecorder.removeListener(this);
        synchronized (this) {
            closed = true;
            apply(false);
        }
    }

    @Override
    public void acquired(Endpoint endpoint, long waitNanos, boolean reused) {
        AcquireEvent e = new AcquireEvent();
        if (e.isEnabled()) {
            e.waitTime = waitNanos; // what the minWait setting looks at; the text only for events written
            if (e.shouldCommit()) {
                e.pool = pool;
                e.endpoint = endpoint.toString();
                e.reused = reused;
                e.outcome = reused ? "reused" : "new";
                e.commit();
            }
        }
    }

    @Override
    public void acquireFailed(Endpoint endpoint, long waitNanos, ConpoolException error) {
        AcquireEvent e = new AcquireEvent();
        if (e.isEnabled()) {
            e.pool = pool;
            e.endpoint = endpoint.toString();
            e.waitTime = waitNanos;
            e.outcome = "failed";
            e.error = String.valueOf(error);
            if (e.shouldCommit()) {
                e.commit();
            }
        }
    }

    @Override
    public void connected(Endpoint endpoint, ConnectInfo info) {
        ConnectEvent e = new ConnectEvent();
        if (e.isEnabled()) {
            e.connectTime = info.durationNanos(); // what the minDuration setting looks at
            if (e.shouldCommit()) {
                e.pool = pool;
                e.endpoint = endpoint.toString();
                e.attempts = info.attempts();
                e.address = info.address() == null ? null
                        : info.address().getAddress().getHostAddress() + ":" + info.address().getPort();
                e.tlsProtocol = info.tlsProtocol();
                e.cipherSuite = info.cipherSuite();
                e.commit();
            }
        }
    }

    @Override
    public void connectFailed(Endpoint endpoint, long durationNanos, int attempts, ConpoolException error) {
        ConnectEvent e = new ConnectEvent();
        if (e.isEnabled()) {
            e.pool = pool;
            e.endpoint = endpoint.toString();
            e.connectTime = durationNanos;
            e.attempts = attempts;
            e.error = String.valueOf(error);
            if (e.shouldCommit()) {
                e.commit();
            }
        }
    }

    @Override
    public void connectionClosed(Endpoint endpoint, CloseReason reason, long ageNanos) {
        ConnectionClosedEvent e = new ConnectionClosedEvent();
        if (e.isEnabled()) {
            e.pool = pool;
            e.endpoint = endpoint.toString();
            e.reason = reason.name();
            e.age = ageNanos;
            e.commit();
        }
    }

    @Override
    public void staleDetected(Endpoint endpoint, long idleNanos) {
        StaleConnectionEvent e = new StaleConnectionEvent();
        if (e.isEnabled()) {
            e.pool = pool;
            e.endpoint = endpoint.toString();
            e.idleTime = idleNanos;
            e.commit();
        }
    }

    @Override
    public void leakSuspected(Endpoint endpoint, long heldNanos, Throwable acquiredAt) {
        LeakSuspectedEvent e = new LeakSuspectedEvent();
        if (e.isEnabled()) {
            e.pool = pool;
            e.endpoint = endpoint.toString();
            e.heldTime = heldNanos;
            e.acquiredAt = frames(acquiredAt);
            e.commit();
        }
    }

    private static String frames(Throwable t) {
        if (t == null) {
            return null;
        }
        StackTraceElement[] st = t.getStackTrace();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_FRAMES, st.length); i++) {
            sb.append(st[i]).append('\n');
        }
        if (st.length > MAX_FRAMES) {
            sb.append("... ").append(st.length - MAX_FRAMES).append(" more\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "JfrRecorder[" + pool + "]";
    }
}
