package io.conpool.internal;

import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.PoolClosedException;
import io.conpool.PoolConfig;
import io.conpool.spi.ProtocolHandler;
import java.util.function.BooleanSupplier;

/**
 * What every endpoint pool of one engine shares, passed down so that an endpoint pool never calls
 * back into the engine: the handler, the global budget (a leaf), the clock, the listeners, how to
 * open a connection and how to make room under the global cap.
 *
 * @param poolName the pool's name, for errors
 * @param handler  the protocol handler
 * @param budget   the pool-wide cap
 * @param clock    the time connection ages are compared with
 * @param events   the connection listeners
 * @param opener   opens and sets up a connection (on the caller's thread)
 * @param evictor  closes an idle connection of another endpoint when the global cap blocks a caller
 * @param closed   whether the pool is closed
 * @param <S>      the protocol state
 */
record PoolContext<S>(String poolName, ProtocolHandler<S> handler, ConnectionBudget budget, PoolClock clock,
                      ConnectionEvents events, Opener<S> opener, IdleEvictor evictor, BooleanSupplier closed) {

    /** Opens one connection to an endpoint. */
    @FunctionalInterface
    interface Opener<S> {
        /**
         * @return the open, set-up connection; the caller owns it
         * @throws ConpoolException when it cannot be opened
         */
        Connector.Opened<S> open(Endpoint endpoint, PoolConfig config) throws ConpoolException;
    }

    /** Makes room under the global cap. */
    @FunctionalInterface
    interface IdleEvictor {
        /**
         * Closes one idle connection of an endpoint other than {@code except} (may be null), if any.
         *
         * @param keepSlot the caller takes over the closed connection's global slot (otherwise it
         *                 goes to the oldest caller waiting for the cap)
         * @return whether a connection was closed (with {@code keepSlot}, the caller now holds a global slot)
         */
        boolean evictIdleElsewhere(Endpoint except, boolean keepSlot);
    }

    /** @return whether the pool is closed */
    boolean isClosed() {
        return closed.getAsBoolean();
    }

    /** @return the error for callers of a closed pool */
    ConpoolException closedException() {
        return new PoolClosedException(poolName);
    }
}
