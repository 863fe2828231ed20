package io.conpool.internal;

import io.conpool.AcquireInterruptedException;
import io.conpool.AcquireTimeoutException;
import io.conpool.CloseReason;
import io.conpool.ConnectionFailedException;
import io.conpool.ConpoolException;
import io.conpool.DnsResolutionException;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.WaitQueueFullException;
import io.conpool.spi.AccessMode;
import io.conpool.spi.ProtocolHandler;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The policy of one endpoint's connections on top of its {@link ConnectionSlots}: validation
 * before reuse, leasing, opening connections in reserved slots, the reasons to close, waiting
 * with a deadline, leak reports, housekeeping and the statistics.
 *
 * <p>No lock here: the slot structure has the only one, and nothing in this class runs under it.
 * Connecting, validation, closing sockets, hooks and listeners all run on the caller's (or the
 * housekeeper's) thread.
 */
final class EndpointPool<S> {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final Endpoint endpoint;
    private final PoolContext<S> ctx;
    private final ProtocolHandler<S> handler;
    private final ConnectionSlots<S> slots;
    private final LeaseRecords leases;
    private final Reachability reachability;
    private final LongAdder created = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private volatile PoolConfig config;
    /** {@code config}'s ages in nanoseconds, read on every acquire. */
    private volatile Ages ages;
    /** The limit was lowered and connections may be over it: returned ones are checked against it. */
    private volatile boolean overLimit;
    /** Pool clock time of the last acquire; written only when it changed (once per clock tick at most). */
    private volatile long lastUsed;

    EndpointPool(PoolContext<S> ctx, Endpoint endpoint, PoolConfig config) {
        this.ctx = ctx;
        this.endpoint = endpoint;
        this.handler = ctx.handler();
        this.config = config;
        this.ages = new Ages(config);
        this.slots = new EndpointSlots<>(ctx.budget(), config.maxConnectionsPerEndpoint(), expectedCapacity(handler),
                this::closeRetired);
        this.reachability = new Reachability(endpoint);
        this.leases = new LeaseRecords(endpoint, ctx.clock(), ctx.events());
        this.lastUsed = ctx.clock().now();
    }

    private static int expectedCapacity(ProtocolHandler<?> handler) {
        try {
            return Math.max(1, handler.expectedCapacity());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: protocol handler '" + handler.name()
                    + "' failed to give its expected capacity; assuming exclusive connections", e);
            return 1;
        }
    }

    /** The settings compared with connection ages on the hot path, converted to nanoseconds once. */
    private static final class Ages {
        final long maxIdle;
        final long validateAfterInactivity;
        final int readTimeoutMillis;
        final int maxUses;

        Ages(PoolConfig cfg) {
            maxIdle = cfg.maxIdleTime().toNanos();
            validateAfterInactivity = cfg.validateAfterInactivity().toNanos();
            readTimeoutMillis = (int) cfg.readTimeout().toMillis();
            maxUses = cfg.maxConnectionUses();
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    // ------------------------------------------------------------------ acquire

    /**
     * @return a lease, or null when this endpoint pool expired meanwhile (the engine makes a new one)
     */
    Lease<S> acquire() throws ConpoolException {
        ConnectionEvents events = ctx.events();
        if (!events.enabled()) {
            return acquireLease();
        }
        long start = System.nanoTime();
        try {
            Lease<S> l = acquireLease();
            if (l != null) {
                events.acquired(endpoint, System.nanoTime() - start, l.isReused());
            }
            return l;
        } catch (ConpoolException e) {
            events.acquireFailed(endpoint, System.nanoTime() - start, e);
            throw e;
        }
    }

    private Lease<S> acquireLease() throws ConpoolException {
        PoolConfig cfg = config;
        long now = ctx.clock().now();
        if (lastUsed != now) {
            lastUsed = now; // for endpointExpiry; written once per tick, not per acquire
        }
        if (ctx.isClosed()) {
            throw ctx.closedException();
        }
        boolean privileged = false;
        long since = 0;
        long deadline = 0;
        for (;;) {
            PooledConnection<S> c = slots.claim(privileged);
            if (c != null) {
                Lease<S> l = leaseClaimed(c, cfg);
                if (l != null) {
                    return l;
                }
                continue;
            }
            if (since == 0) {
                since = ctx.clock().realNanos(); // the clock is read only by callers that wait or connect
                deadline = since + saturatedNanos(cfg.acquireTimeout().toNanos());
            }
            Waiter w = new Waiter(since);
            Object r = slots.reserveOrQueue(w, privileged, cfg.maxWaitersPerEndpoint());
            privileged = false;
            if (r == null) {
                if (ctx.isClosed()) {
                    throw ctx.closedException();
                }
                return null; // expired meanwhile
            }
            if (r instanceof PooledConnection) {
                @SuppressWarnings("unchecked")
                PooledConnection<S> claimed = (PooledConnection<S>) r;
                Lease<S> l = leaseClaimed(claimed, cfg);
                if (l != null) {
                    return l;
                }
                continue;
            }
            switch ((ConnectionSlots.Outcome) r) {
                case PERMIT: {
                    Lease<S> l = leaseNew(cfg);
                    if (l != null) {
                        return l;
                    }
                    continue;
                }
                case FULL:
                    timeouts.increment();
                    throw new WaitQueueFullException("No free connection to " + endpoint + " and "
                            + cfg.maxWaitersPerEndpoint() + " callers already waiting (maxWaitersPerEndpoint="
                            + cfg.maxWaitersPerEndpoint() + "); " + numbers(cfg)
                            + ": raise maxWaitersPerEndpoint or maxConnectionsPerEndpoint, or retry later");
                case QUEUED_AT_CAP:
                    // close an idle connection elsewhere and take its slot (no hand-off, no wake-up), unless a
                    // caller has waited for the cap longer than the barging bound: then the slot goes to it
                    boolean holdsSlot = ctx.budget().mayBarge() && ctx.evictor().evictIdleElsewhere(endpoint, true);
                    if (holdsSlot || ctx.budget().block(w)) { // freed it itself, or one came free just now
                        Object next = useHeldGlobalSlot(w, cfg);
                        if (next instanceof Lease) {
                            @SuppressWarnings("unchecked")
                            Lease<S> l = (Lease<S>) next;
                            return l;
                        }
                        if (next != WAIT) {
                            privileged = next == RETRY_FIRST;
                            continue;
                        }
                    } else {
                        ctx.evictor().evictIdleElsewhere(endpoint, false); // one idle connection elsewhere per caller blocked
                    }
                    break;
                default:
                    break;
            }
            Object got = awaitTurn(w, deadline, cfg);
            // the wait is over: anything offered after the result was taken is disposed of
            ctx.budget().cancel(w);
            dispose(w.close());
            if (got == Waiter.SIGNAL) {
                privileged = true; // out of the queue: claim or reserve ahead of newcomers, or queue at the front
                continue;
            }
            if (got == Waiter.PERMIT) {
                Lease<S> l = leaseNew(cfg);
                if (l != null) {
                    return l;
                }
                continue;
            }
            @SuppressWarnings("unchecked")
            PooledConnection<S> handed = (PooledConnection<S>) got;
            Lease<S> l = leaseClaimed(handed, cfg);
            if (l != null) {
                return l;
            }
            privileged = true;
        }
    }

    /** {@link #useHeldGlobalSlot}: try again as a newcomer. */
    private static final Object RETRY = new Object();
    /** {@link #useHeldGlobalSlot}: try again ahead of newcomers (the caller was served meanwhile). */
    private static final Object RETRY_FIRST = new Object();
    /** {@link #useHeldGlobalSlot}: stay queued at the endpoint and wait. */
    private static final Object WAIT = new Object();

    /**
     * The caller holds a global slot (it evicted an idle connection elsewhere, or the budget gave it
     * one): open a connection with it if the endpoint has room, otherwise pass it on.
     *
     * @return the lease, {@link #RETRY}, {@link #RETRY_FIRST} or {@link #WAIT}
     */
    private Object useHeldGlobalSlot(Waiter w, PoolConfig cfg) throws ConpoolException {
        ConnectionSlots.GlobalSlotUse use = slots.useGlobalSlot(w);
        ctx.budget().cancel(w);
        if (use == ConnectionSlots.GlobalSlotUse.RESERVED) {
            dispose(w.close());
            Lease<S> l = leaseNew(cfg);
            return l != null ? l : RETRY;
        }
        ctx.budget().release(); // the endpoint filled up meanwhile: wait for it instead
        if (use == ConnectionSlots.GlobalSlotUse.NOT_QUEUED) {
            dispose(w.close());
            return RETRY_FIRST;
        }
        return WAIT;
    }

    /**
     * Waits for a connection, a reserved slot or a signal. A global slot the budget passes to the
     * waiter becomes a reservation here when the endpoint has room, otherwise it is passed on and
     * the wait goes on.
     *
     * @return a connection held for the caller, {@link Waiter#PERMIT} or {@link Waiter#SIGNAL}
     */
    private Object awaitTurn(Waiter w, long deadline, PoolConfig cfg) throws ConpoolException {
        for (;;) {
            Object got = await(w, deadline, cfg);
            if (got != Waiter.GLOBAL) {
                return got;
            }
            ConnectionSlots.GlobalSlotUse use = slots.useGlobalSlot(w);
            if (use == ConnectionSlots.GlobalSlotUse.RESERVED) {
                return Waiter.PERMIT;
            }
            ctx.budget().release();
            if (use == ConnectionSlots.GlobalSlotUse.NOT_QUEUED) {
                return Waiter.SIGNAL; // served meanwhile but the offer found it busy: retry at the front
            }
        }
    }

    /**
     * Disposes of what a waiter was given but will not use: a connection goes back, a reservation
     * or global slot is released, a signal is passed on.
     */
    private void dispose(Object leftover) {
        if (leftover == null || leftover instanceof Throwable) {
            return; // nothing, or an error (the pool closed) the caller no longer needs
        }
        if (leftover == Waiter.PERMIT) {
            slots.cancelReservation();
        } else if (leftover == Waiter.GLOBAL) {
            ctx.budget().release();
        } else if (leftover == Waiter.SIGNAL) {
            slots.roomMade();
        } else {
            @SuppressWarnings("unchecked")
            PooledConnection<S> c = (PooledConnection<S>) leftover;
            giveBack(c, false, false);
        }
    }

    /**
     * Parks until the waiter is offered something, the deadline passes or the thread is interrupted.
     *
     * @return the result taken (a connection held for us, {@link Waiter#PERMIT}, {@link Waiter#SIGNAL}
     * or {@link Waiter#GLOBAL})
     */
    private Object await(Waiter w, long deadline, PoolConfig cfg) throws ConpoolException {
        for (;;) {
            Object r = w.take();
            if (r != null) {
                if (r instanceof ConpoolException) {
                    throw (ConpoolException) r;
                }
                return r;
            }
            long remaining = deadline - System.nanoTime();
            boolean interrupted = Thread.interrupted();
            if (remaining <= 0 || interrupted) {
                if (slots.cancel(w)) {
                    ctx.budget().cancel(w);
                    dispose(w.close());
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                        throw new AcquireInterruptedException(endpoint);
                    }
                    timeouts.increment();
                    throw new AcquireTimeoutException("Timed out after " + cfg.acquireTimeout().toMillis()
                            + " ms waiting for a connection to " + endpoint + "; " + numbers(cfg)
                            + ": raise maxConnectionsPerEndpoint or acquireTimeout, or return leases sooner");
                }
                // no longer queued: something is being offered, or was offered just now; take it
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    Object late = w.close();
                    ctx.budget().cancel(w);
                    dispose(late);
                    throw new AcquireInterruptedException(endpoint);
                }
                Thread.yield();
                continue;
            }
            LockSupport.parkNanos(this, remaining);
        }
    }

    /**
     * Validates a connection the caller claimed (when it was idle) and leases it.
     *
     * @return the lease, or null when it was discarded (try again)
     */
    private Lease<S> leaseClaimed(PooledConnection<S> c, PoolConfig cfg) throws ConpoolException {
        long now = ctx.clock().now();
        Ages a = ages;
        CloseReason expired = now - c.expiresAt >= 0 ? CloseReason.LIFETIME
                : c.holders() == 1 && now - c.idleSince >= a.maxIdle ? CloseReason.IDLE : null;
        if (expired != null) {
            c.retire(expired); // we hold it, so our release below is what closes it
            if (c.release()) {
                closeRetired(c);
            }
            return null;
        }
        if (c.holders() == 1) { // it was idle: validate
            long idleNanos = now - c.idleSince;
            if (!isUsable(c, cfg, idleNanos)) {
                if (ctx.events().enabled()) {
                    ctx.events().staleDetected(endpoint, idleNanos);
                }
                c.retire(CloseReason.STALE);
                giveBack(c, false, true);
                return null;
            }
        }
        return lease(c, true);
    }

    /** Validation of an idle connection before reuse. */
    private boolean isUsable(PooledConnection<S> c, PoolConfig cfg, long idleNanos) {
        try {
            if (c.transport.isBroken()) {
                return false;
            }
            if (!handler.isHealthy(c.state)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + c + " failed the protocol health check");
                return false;
            }
            if (c.staleCheckAllowed && idleNanos >= ages.validateAfterInactivity && c.transport.isStale()) {
                LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + c + " is stale (closed by the peer while idle)");
                return false;
            }
            if (!cfg.healthCheck().test(c.transport)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "conpool: " + c + " failed the configured health check");
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: health check of " + c + " threw; closing the connection", e);
            return false;
        }
    }

    /**
     * Leases {@code c}, which the caller holds, to the caller.
     *
     * @return the lease, or null when the connection broke while being handed over or prepared (it is
     * discarded; try again)
     */
    private Lease<S> lease(PooledConnection<S> c, boolean wasReused) throws ConpoolException {
        if (c.transport.isBroken() // reported broken by its handler while being handed over
                || c.exposesTransport && !applyReadTimeout(c)) {
            giveBack(c, false, true);
            return null;
        }
        try {
            handler.onAcquire(c.state);
        } catch (RuntimeException e) {
            giveBack(c, false, true);
            throw new ConpoolException("protocol handler '" + handler.name() + "' failed on acquire for " + endpoint, e);
        }
        c.countUse();
        PoolConfig cfg = config;
        PoolLease<S> lease = c.exposesTransport ? new GuardedLease<>(c, wasReused) : new PoolLease<>(c, wasReused);
        leases.leased(lease, cfg);
        if (wasReused) {
            SafeCalls.hook("onConnectionReused", cfg.onConnectionReused(), endpoint);
        }
        return lease;
    }

    /**
     * Sets the socket's read timeout to {@code readTimeout} when it differs from what the pool last
     * set, or a holder may have changed it. One system call, only then.
     *
     * @return false when the socket is no longer usable
     */
    private boolean applyReadTimeout(PooledConnection<S> c) {
        int want = ages.readTimeoutMillis;
        if (c.appliedReadTimeout != want || c.optionsTouched) {
            try {
                c.transport.socket().setSoTimeout(want);
            } catch (IOException e) {
                c.transport.markBroken(e);
                return false;
            }
            c.appliedReadTimeout = want;
            c.optionsTouched = false;
        }
        return true;
    }

    // ------------------------------------------------------------------ opening

    /**
     * Opens a connection in a reserved slot and leases it to the caller.
     *
     * @return the lease, or null when the new connection broke before it could be leased (it is
     * closed; the caller tries again)
     */
    private Lease<S> leaseNew(PoolConfig cfg) throws ConpoolException {
        PooledConnection<S> c = open(cfg, 1);
        if (!slots.enable(c)) {
            discard(c.transport, c.state);
            if (ctx.isClosed()) {
                throw ctx.closedException();
            }
            return null; // it broke before it joined: try again
        }
        created.increment();
        misses.increment();
        SafeCalls.hook("onConnectionCreated", cfg.onConnectionCreated(), endpoint);
        return lease(c, false);
    }

    /**
     * Connects for a reserved slot; a failure gives the slot back (to the next waiter) and is counted.
     * Whatever fails after the socket is open closes it (and the handler's state) before the slot
     * is given back: no failure path leaks a socket.
     *
     * @param holders 1 for a connection leased to the caller, 0 for an idle one (min idle)
     */
    private PooledConnection<S> open(PoolConfig cfg, int holders) throws ConpoolException {
        Connector.Opened<S> opened;
        try {
            opened = ctx.opener().open(endpoint, cfg);
        } catch (ConpoolException | RuntimeException e) {
            if (!(e instanceof AcquireInterruptedException)) {
                errors.increment();
            }
            slots.cancelReservation();
            if (e instanceof ConnectionFailedException || e instanceof DnsResolutionException) {
                reachability.connectFailed((ConpoolException) e);
            }
            if (e instanceof RuntimeException) {
                throw new ConpoolException("opening a connection to " + endpoint + " failed: " + e, e);
            }
            throw (ConpoolException) e;
        }
        try {
            PooledConnection<S> c = newConnection(opened, cfg, holders);
            reachability.connected();
            return c;
        } catch (RuntimeException | Error e) {
            discard(opened.transport(), opened.state());
            errors.increment();
            slots.cancelReservation();
            if (e instanceof Error) {
                throw (Error) e;
            }
            throw new ConpoolException("setting up a new connection to " + endpoint + " failed (the connection was"
                    + " closed): " + e, e);
        }
    }

    private PooledConnection<S> newConnection(Connector.Opened<S> opened, PoolConfig cfg, int holders) {
        long now = ctx.clock().exact();
        long lifetime = cfg.maxConnectionLifetime().toNanos();
        long jitter = (long) (lifetime * 0.025 * ThreadLocalRandom.current().nextDouble());
        PooledConnection<S> c = new PooledConnection<>(this, opened.transport(), opened.state(), now, now + lifetime - jitter,
                capacityOf(opened.state()), handler.allowsStaleCheck());
        c.initHolders(holders);
        if (c.exposesTransport) {
            c.appliedReadTimeout = (int) cfg.readTimeout().toMillis(); // the connector set it after the handler's init
        }
        opened.transport().onStateChanged(() -> capacityChanged(c));
        return c;
    }

    /** Opens one connection for a slot reserved by {@link #housekeep} and adds it as idle. */
    void fillOne() {
        PoolConfig cfg = config;
        PooledConnection<S> c;
        try {
            c = open(cfg, 0);
        } catch (ConpoolException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: min-idle connection to " + endpoint + " failed: " + e);
            return;
        }
        if (!slots.enable(c)) {
            discard(c.transport, c.state);
            return;
        }
        created.increment();
        SafeCalls.hook("onConnectionCreated", cfg.onConnectionCreated(), endpoint);
    }

    /** Gives back a slot reserved by {@link #housekeep} that will not be filled (the pool is closing). */
    void cancelFill() {
        slots.cancelReservation();
    }

    // ------------------------------------------------------------------ release

    void release(PoolLease<S> lease, boolean invalidate) {
        leases.returned(lease);
        PooledConnection<S> c = lease.conn;
        if (lease.ioInFlight()) {
            c.transport.markBroken(new IOException("the lease ended while another thread was still reading or writing;"
                    + " the connection's state is unknown"));
        }
        boolean bad = invalidate || c.transport.isBroken();
        if (!bad) {
            try {
                handler.onRelease(c.state);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "conpool: protocol handler onRelease failed for " + endpoint
                        + "; closing the connection", e);
                bad = true;
            }
        }
        giveBack(c, !bad, bad);
    }

    /**
     * Returns one holder's share of {@code c}: it stays for the next caller, or it is retired when
     * it failed, expired, was used up, cleared, is over the limit or the pool is closed.
     */
    private void giveBack(PooledConnection<S> c, boolean readCapacity, boolean failed) {
        if (readCapacity) {
            int capacity = capacityOf(c.state);
            if (capacity != c.capacity) {
                c.capacity = capacity;
            }
        }
        failed |= c.transport.isBroken();
        if (failed && c.markFailed()) {
            errors.increment();
        }
        long now = ctx.clock().now();
        CloseReason reason = failed ? CloseReason.BROKEN
                : ctx.isClosed() ? CloseReason.POOL_CLOSED
                : c.generation != slots.generation() ? CloseReason.CLEARED
                : now - c.expiresAt >= 0 ? CloseReason.LIFETIME
                : c.uses() >= ages.maxUses ? CloseReason.USES
                : c.capacity == 0 ? CloseReason.CLEARED
                : overLimit && slots.surplus() > 0 ? CloseReason.CLEARED
                : null;
        if (reason != null) {
            c.retire(reason);
        }
        c.idleSince = now; // before the release CAS publishes it
        if (c.release()) {
            closeRetired(c);
            return;
        }
        slots.roomMade();
        if (reason == null && ctx.budget().hasBlocked() && c.holders() == 0) {
            // an idle connection must not starve another endpoint blocked by the global cap
            ctx.evictor().evictIdleElsewhere(null, false);
        }
    }

    /**
     * Closes a connection that became {@link PooledConnection#CLOSED}: out of the structure (counted
     * closed), socket closed, then its slot freed for the next caller.
     */
    private void closeRetired(PooledConnection<S> c) {
        closeRetired(c, false);
    }

    /** As {@link #closeRetired(PooledConnection)}; with {@code keepGlobal} the caller takes over its global slot. */
    private void closeRetired(PooledConnection<S> c, boolean keepGlobal) {
        if (!slots.remove(c)) {
            return; // it broke before it joined: enable() refuses it and its opener closes it
        }
        closed.increment();
        CloseReason reason = c.closeReason();
        if (ctx.events().enabled()) {
            ctx.events().connectionClosed(endpoint, reason, ctx.clock().exact() - c.createdAt);
        }
        try {
            discard(c.transport, c.state);
            SafeCalls.hook("onConnectionClosed", config.onConnectionClosed(), endpoint);
        } finally {
            slots.socketClosed(keepGlobal);
        }
    }

    /**
     * Called by the handler (through the transport) when the connection's access mode may have
     * changed or it broke: a broken connection gets no new lease and closes when its last holder
     * returns it; more room is offered to waiters.
     */
    void capacityChanged(PooledConnection<S> c) {
        boolean broken = c.transport.isBroken();
        int capacity = broken ? 0 : capacityOf(c.state);
        if (broken && c.markFailed()) {
            errors.increment();
        }
        if (c.isRetiring()) {
            return;
        }
        c.capacity = capacity;
        if (capacity == 0) {
            if (c.retire(broken ? CloseReason.BROKEN : CloseReason.CLEARED)) {
                closeRetired(c);
            }
        } else {
            slots.offerRoom(c);
        }
    }

    private int capacityOf(S state) {
        try {
            AccessMode mode = handler.accessMode(state);
            return mode == null ? 1 : mode.capacity();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: protocol handler accessMode failed for " + endpoint
                    + "; the connection will be closed", e);
            return 0;
        }
    }

    /** Stops listening to the connection, lets the handler clean up (stop its reader), closes the socket. */
    private void discard(SocketTransport transport, S state) {
        transport.onStateChanged(null);
        SafeCalls.run("protocol handler onClose", endpoint, () -> handler.onClose(state));
        transport.closeQuietly();
    }

    // ------------------------------------------------------------------ maintenance

    /**
     * @return how many idle connections this endpoint has and since when the oldest is idle, for
     * choosing an eviction victim at the global cap
     */
    IdleSummary idleSummary() {
        int idle = 0;
        long oldest = Long.MAX_VALUE;
        for (PooledConnection<S> c : slots.connections()) {
            if (c.isIdle()) {
                if (idle == 0 || c.idleSince - oldest < 0) {
                    oldest = c.idleSince;
                }
                idle++;
            }
        }
        return new IdleSummary(idle, oldest);
    }

    /**
     * Idle connections of one endpoint.
     *
     * @param count        how many
     * @param oldestSince  pool clock time the least recently used one was returned
     */
    record IdleSummary(int count, long oldestSince) {
    }

    /**
     * Closes the least recently used idle connection to make room under the global cap.
     *
     * @return whether one was closed
     */
    boolean evictOldestIdle(boolean keepGlobal) {
        for (int attempt = 0; attempt < 3; attempt++) {
            PooledConnection<S> victim = null;
            for (PooledConnection<S> c : slots.connections()) {
                if (c.isIdle() && (victim == null || c.idleSince - victim.idleSince < 0)) {
                    victim = c;
                }
            }
            if (victim == null) {
                return false;
            }
            if (victim.retireIfIdle(CloseReason.EVICTED)) {
                closeRetired(victim, keepGlobal);
                return true;
            }
        }
        return false;
    }

    /** Closes idle connections now; leased ones are closed when returned. Later acquires get new connections. */
    void clear() {
        slots.clear();
        retireAll(CloseReason.CLEARED);
    }

    /** Fails every waiter with {@link io.conpool.PoolClosedException} and closes idle connections. */
    void shutdown() {
        slots.shutdown(ctx.closedException());
        retireAll(CloseReason.POOL_CLOSED);
    }

    private void retireAll(CloseReason reason) {
        for (PooledConnection<S> c : slots.connections()) {
            if (c.retire(reason)) {
                closeRetired(c);
            }
        }
    }

    /** Applies a new configuration: more room serves waiters, less room closes idle connections. */
    int reconfigure(PoolConfig cfg) {
        ages = new Ages(cfg);
        config = cfg;
        slots.setMax(cfg.maxConnectionsPerEndpoint());
        overLimit = slots.surplus() > 0;
        return housekeep(ctx.clock().now());
    }

    /** Pool clock time this endpoint next needs the housekeeper (an idle connection expires), or {@code Long.MAX_VALUE}. */
    private volatile long nextDue = Long.MAX_VALUE;

    long nextDue() {
        return nextDue;
    }

    /**
     * One housekeeping pass: close expired and surplus idle connections, report leaked leases,
     * and reserve slots for connections that {@code minIdlePerEndpoint} asks for.
     *
     * @return how many connections to open for min idle (slots already reserved)
     */
    int housekeep(long now) {
        PoolConfig cfg = config;
        Ages a = ages;
        int surplus = slots.surplus();
        overLimit = surplus > 0;
        int generation = slots.generation();
        long due = Long.MAX_VALUE;
        for (PooledConnection<S> c : slots.connections()) {
            if (!c.isIdle()) {
                continue;
            }
            CloseReason reason = now - c.expiresAt >= 0 ? CloseReason.LIFETIME
                    : now - c.idleSince >= a.maxIdle ? CloseReason.IDLE
                    : c.generation != generation ? CloseReason.CLEARED
                    : surplus > 0 ? CloseReason.CLEARED
                    : null;
            if (reason != null) {
                if (c.retireIfIdle(reason)) {
                    surplus--;
                    closeRetired(c);
                }
                continue;
            }
            due = Math.min(due, Math.min(c.expiresAt, c.idleSince + a.maxIdle));
        }
        int toFill = ctx.isClosed() ? 0 : slots.reserveForMinIdle(cfg.minIdlePerEndpoint());
        due = Math.min(due, leases.reportLeaks(now, cfg));
        nextDue = due;
        return toFill;
    }

    /**
     * Removes this pool from service when it has had no connection and no caller for
     * {@code expiryNanos}: later acquires that still reach it go back to the engine for a new pool.
     *
     * @return whether it was removed
     */
    boolean expireIfUnused(long now, long expiryNanos) {
        return now - lastUsed >= expiryNanos && slots.expireIfUnused();
    }

    // ------------------------------------------------------------------ numbers

    EndpointStats stats() {
        ConnectionSlots.Snapshot s = slots.snapshot();
        long missCount = misses.sum();
        return new EndpointStats(s.active(), s.idle(), s.connecting(), s.waiting(), created.sum(),
                Math.max(0, s.leases() - missCount), missCount, closed.sum(), errors.sum(), timeouts.sum());
    }

    private String numbers(PoolConfig cfg) {
        ConnectionSlots.Snapshot s = slots.snapshot();
        return "active=" + s.active() + ", idle=" + s.idle() + ", connecting=" + s.connecting() + ", waiting="
                + s.waiting() + ", limit=" + cfg.maxConnectionsPerEndpoint() + " per endpoint, pool total="
                + ctx.budget().used() + "/" + ctx.budget().max();
    }

    private static long saturatedNanos(long nanos) {
        return Math.min(nanos, Long.MAX_VALUE / 4);
    }
}
