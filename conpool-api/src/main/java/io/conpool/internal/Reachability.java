package io.conpool.internal;

import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the log when an endpoint becomes unreachable and when it recovers: one WARNING when its
 * connects start failing (with the error), one INFO when one succeeds again; nothing per attempt.
 */
final class Reachability {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final Endpoint endpoint;
    private final AtomicBoolean down = new AtomicBoolean();

    Reachability(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** @param error why connecting failed, after every retry */
    void connectFailed(ConpoolException error) {
        if (down.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "conpool: cannot connect to " + endpoint + ": " + error.getMessage()
                    + " (logged once; a line follows when it connects again)");
        }
    }

    /** A connection was opened. */
    void connected() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.INFO, "conpool: connecting to " + endpoint + " works again");
        }
    }

    /** @return whether the last connect failed */
    boolean isDown() {
        return down.get();
    }
}
