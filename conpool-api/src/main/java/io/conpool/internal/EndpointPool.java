package io.conpool.internal;

import io.conpool.AcquireInterruptedException;
import io.conpool.AcquireTimeoutException;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.WaitQueueFullException;
import io.conpool.spi.AccessMode;
import io.conpool.spi.ProtocolHandler;
import io.conpool.ConnectionFailedException;
import io.conpool.DnsResolutionException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connections of one endpoint: an available deque (idle connections, and shared ones with
 * spare capacity; most recently returned first), a FIFO queue of waiting callers, the counts, and
 * the statistics.
 *
 * <p>Every critical section is short and does no I/O and runs no user code: connecting, validation,
 * closing, hooks and waking threads all happen after the lock is released, the latter two
 * collected in an {@link AfterUnlock}. A returned connection goes straight to the oldest waiter;
 * a freed slot becomes a {@link Waiter#PERMIT} for the oldest waiter, so nobody barges past a
 * waiting caller.
 */
final class EndpointPool<S> {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final PoolEngine<S> engine;
    private final Endpoint endpoint;
    private final ProtocolHandler<S> handler;
    private final ConnectionBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<PooledConnection<S>> available = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final ConcurrentHashMap<PoolLease<S>, LeakRecord> leakRecords = new ConcurrentHashMap<>();
    private final Reachability reachability;
    private final LongAdder reused = new LongAdder();
    private volatile PoolConfig config;
    /** {@code config}'s ages in nanoseconds, read on every acquire. */
    private volatile Ages ages;

    // guarded by lock
    private int open;
    private int idle;
    private int connecting;
    /** Connections retired whose sockets are being closed; they keep their slots until closed. */
    private int closing;
    private int generation;
    private boolean starved;
    /** Capacity of the most recent connection: above 1, a connection being opened will have room for waiters. */
    private int lastCapacity;
    private long created;
    private long misses;
    private long closed;
    private long errors;
    private long timeouts;
    /** Ticker time of the last acquire; with no connection, the housekeeper removes the pool after endpointExpiry. */
    private long lastUsed;
    /** Removed from the engine: acquires go to the engine's new pool for the endpoint. */
    private boolean removed;

    EndpointPool(PoolEngine<S> engine, Endpoint endpoint, PoolConfig config) {
        this.engine = engine;
        this.endpoint = endpoint;
        this.handler = engine.handler();
        this.budget = engine.budget();
        this.config = config;
        this.ages = new Ages(config);
        this.lastCapacity = expectedCapacity(handler);
        this.reachability = new Reachability(endpoint);
        this.lastUsed = engine.ticker().nanoTime();
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

        Ages(PoolConfig cfg) {
            maxIdle = cfg.maxIdleTime().toNanos();
            validateAfterInactivity = cfg.validateAfterInactivity().toNanos();
            readTimeoutMillis = (int) cfg.readTimeout().toMillis();
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    // ------------------------------------------------------------------ acquire

    Lease<S> acquire() throws ConpoolException {
        PoolConfig cfg = config;
        long deadline = 0; // read the clock only if this caller has to wait
        for (;;) {
            long now = engine.ticker().nanoTime();
            PooledConnection<S> c = null;
            long idleSince = 0;
            boolean wasIdle = false;
            boolean permit = false;
            Waiter w = null;
            boolean mayEvictElsewhere = false;
            AfterUnlock<S> after = null;
            try {
                lock.lock();
                try {
                    if (engine.isClosed()) {
                        throw engine.closedException();
                    }
                    if (removed) {
                        return null; // expired meanwhile: the engine makes a new pool for the endpoint
                    }
                    lastUsed = now;
                    if (waiters.isEmpty()) {
                        while ((c = available.peekFirst()) != null && c.leases == 0 && isExpired(c, now)) {
                            after = retireLocked(c, after);
                        }
                        if (c != null) {
                            wasIdle = c.leases == 0;
                            idleSince = c.idleSince;
                            takeLocked(c);
                        } else if (expectedSpareLocked() == 0
                                && open + connecting < cfg.maxConnectionsPerEndpoint() && budget.tryAcquire()) {
                            connecting++;
                            permit = true;
                        }
                    }
                    if (c == null && !permit) {
                        if (waiters.size() >= cfg.maxWaitersPerEndpoint()) {
                            timeouts++;
                            throw new WaitQueueFullException("No free connection to " + endpoint + " and "
                                    + waiters.size() + " callers already waiting (maxWaitersPerEndpoint="
                                    + cfg.maxWaitersPerEndpoint() + "); " + numbersLocked(cfg)
                                    + ": raise maxWaitersPerEndpoint or maxConnectionsPerEndpoint, or retry later");
                        }
                        w = new Waiter();
                        waiters.addLast(w);
                        boolean wasStarved = starved;
                        after = balanceLocked(after);
                        mayEvictElsewhere = starved && !wasStarved;
                    } else if (after != null) {
                        after = balanceLocked(after);
                    }
                } finally {
                    lock.unlock();
                }
            } finally {
                finish(after);
            }
            if (c != null) {
                if (wasIdle && !isUsable(c, cfg, now - idleSince)) {
                    discardTaken(c);
                    continue;
                }
                Lease<S> l = lease(c, true, now);
                if (l != null) {
                    return l;
                }
                continue;
            }
            if (permit) {
                Lease<S> l = lease(openNew(cfg), false, now);
                if (l != null) {
                    return l;
                }
                continue;
            }
            if (mayEvictElsewhere) {
                engine.evictIdleElsewhere(this);
            }
            if (deadline == 0) {
                deadline = System.nanoTime() + saturatedNanos(cfg.acquireTimeout().toNanos());
            }
            Object result = await(w, deadline, cfg);
            Lease<S> l;
            if (result == Waiter.PERMIT) {
                l = lease(openNew(cfg), false, engine.ticker().nanoTime());
            } else {
                @SuppressWarnings("unchecked")
                PooledConnection<S> handed = (PooledConnection<S>) result;
                l = lease(handed, true, engine.ticker().nanoTime());
            }
            if (l != null) {
                return l;
            }
        }
    }

    /** Marks {@code c} leased once more; drops it from the available deque when it is full. */
    private void takeLocked(PooledConnection<S> c) {
        if (c.countedIdle) {
            c.countedIdle = false;
            idle--;
        }
        c.leases++;
        c.uses++;
        if (c.leases >= c.capacity) {
            available.remove(c);
            c.inAvailable = false;
        }
    }

    private boolean isExpired(PooledConnection<S> c, long now) {
        return now - c.expiresAt >= 0 || now - c.idleSince >= ages.maxIdle;
    }

    /** Validation of an idle connection before reuse, outside the lock. */
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

    private void discardTaken(PooledConnection<S> c) {
        giveBack(c, false, true);
    }

    /**
     * Leases {@code c} to the caller.
     *
     * @return the lease, or null when the connection broke while being handed over or prepared (it is
     * discarded; try again)
     */
    private Lease<S> lease(PooledConnection<S> c, boolean wasReused, long now) throws ConpoolException {
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
        PoolConfig cfg = config;
        PoolLease<S> lease = c.exposesTransport ? new GuardedLease<>(this, c, wasReused) : new PoolLease<>(this, c, wasReused);
        if (!cfg.leakDetectionThreshold().isZero()) {
            leakRecords.put(lease, new LeakRecord(now, new Throwable("connection to " + endpoint + " acquired here")));
        }
        if (wasReused) {
            reused.increment();
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

    /** Opens a connection for a reserved slot and leases it to the caller; on failure gives the slot back. */
    private PooledConnection<S> openNew(PoolConfig cfg) throws ConpoolException {
        PooledConnection<S> c = open(cfg);
        if (!install(c, cfg, true)) {
            throw engine.closedException();
        }
        return c;
    }

    /**
     * Connects for a reserved slot; a failure gives the slot back (to the next waiter) and is counted.
     * Whatever fails after the socket is open closes it (and the handler's state) before the slot
     * is given back: no failure path leaks a socket.
     */
    private PooledConnection<S> open(PoolConfig cfg) throws ConpoolException {
        Connector.Opened<S> opened;
        try {
            opened = engine.connector().open(endpoint, cfg, handler);
        } catch (ConpoolException | RuntimeException e) {
            releasePermit(!(e instanceof AcquireInterruptedException));
            if (e instanceof ConnectionFailedException || e instanceof DnsResolutionException) {
                reachability.connectFailed((ConpoolException) e);
            }
            if (e instanceof RuntimeException) {
                throw new ConpoolException("opening a connection to " + endpoint + " failed: " + e, e);
            }
            throw (ConpoolException) e;
        }
        try {
            PooledConnection<S> c = newConnection(opened, cfg);
            reachability.connected();
            return c;
        } catch (RuntimeException | Error e) {
            discard(opened.transport(), opened.state());
            releasePermit(true);
            if (e instanceof Error) {
                throw (Error) e;
            }
            throw new ConpoolException("setting up a new connection to " + endpoint + " failed (the connection was"
                    + " closed): " + e, e);
        }
    }

    /**
     * Puts a freshly opened connection into the pool in its reserved slot: leased to the caller, or
     * idle (min-idle fill); spare capacity goes to waiters.
     *
     * @return false when the pool was closed meanwhile; the connection is then closed
     */
    private boolean install(PooledConnection<S> c, PoolConfig cfg, boolean leasedToCaller) {
        long now = c.createdAt; // no ticker call under the lock: user code
        AfterUnlock<S> after = null;
        boolean poolClosed;
        lock.lock();
        try {
            connecting--;
            poolClosed = engine.isClosed();
            if (poolClosed) {
                budget.release();
                after = AfterUnlock.serve(after);
            } else {
                c.generation = generation;
                open++;
                created++;
                lastCapacity = Math.max(1, c.capacity);
                if (leasedToCaller) {
                    misses++;
                    c.leases = 1;
                    c.uses = 1;
                }
                after = serveWaitersLocked(c, after);
                makeAvailableLocked(c, now);
            }
            after = balanceLocked(after);
        } finally {
            lock.unlock();
        }
        finish(after);
        if (poolClosed) {
            closeQuietly(c);
            return false;
        }
        SafeCalls.hook("onConnectionCreated", cfg.onConnectionCreated(), endpoint);
        return true;
    }

    private PooledConnection<S> newConnection(Connector.Opened<S> opened, PoolConfig cfg) {
        long now = engine.ticker().nanoTime();
        long lifetime = cfg.maxConnectionLifetime().toNanos();
        long jitter = (long) (lifetime * 0.025 * ThreadLocalRandom.current().nextDouble());
        PooledConnection<S> c = new PooledConnection<>(opened.transport(), opened.state(), now, now + lifetime - jitter,
                capacityOf(opened.state()), handler.allowsStaleCheck());
        if (c.exposesTransport) {
            c.appliedReadTimeout = (int) cfg.readTimeout().toMillis(); // the connector set it after the handler's init
        }
        opened.transport().onStateChanged(() -> capacityChanged(c));
        return c;
    }

    /** Gives back a reserved slot that will not be used (failed connect, interrupted waiter, cancelled fill). */
    void releasePermit(boolean failed) {
        AfterUnlock<S> after;
        lock.lock();
        try {
            connecting--;
            if (failed) {
                errors++;
            }
            budget.release();
            after = balanceLocked(AfterUnlock.serve(null));
        } finally {
            lock.unlock();
        }
        finish(after);
    }

    // ------------------------------------------------------------------ waiting

    private Object await(Waiter w, long deadline, PoolConfig cfg) throws ConpoolException {
        for (;;) {
            Object r = w.result;
            if (r != null) {
                return unwrap(r);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                String message = null;
                AfterUnlock<S> after = null;
                lock.lock();
                try {
                    if (w.result == null) {
                        waiters.remove(w);
                        timeouts++;
                        message = "Timed out after " + cfg.acquireTimeout().toMillis() + " ms waiting for a connection to "
                                + endpoint + "; " + numbersLocked(cfg)
                                + ": raise maxConnectionsPerEndpoint or acquireTimeout, or return leases sooner";
                        after = balanceLocked(null);
                    }
                } finally {
                    lock.unlock();
                }
                finish(after);
                if (message != null) {
                    throw new AcquireTimeoutException(message);
                }
                continue;
            }
            LockSupport.parkNanos(this, remaining);
            if (Thread.interrupted()) {
                Object got;
                AfterUnlock<S> after = null;
                lock.lock();
                try {
                    got = w.result;
                    if (got == null) {
                        waiters.remove(w);
                        after = balanceLocked(null);
                    }
                } finally {
                    lock.unlock();
                }
                finish(after);
                if (got == Waiter.PERMIT) {
                    releasePermit(false);
                } else if (got instanceof PooledConnection) {
                    @SuppressWarnings("unchecked")
                    PooledConnection<S> c = (PooledConnection<S>) got;
                    giveBack(c, false, false);
                }
                Thread.currentThread().interrupt();
                throw new AcquireInterruptedException(endpoint);
            }
        }
    }

    private static Object unwrap(Object r) throws ConpoolException {
        if (r instanceof ConpoolException) {
            ConpoolException e = (ConpoolException) r;
            throw e;
        }
        return r;
    }

    // ------------------------------------------------------------------ release

    void release(PoolLease<S> lease, boolean invalidate) {
        if (!leakRecords.isEmpty()) {
            leakRecords.remove(lease);
        }
        SocketTransport transport = lease.conn.transport;
        if (lease.ioInFlight()) {
            transport.markBroken(new IOException("the lease ended while another thread was still reading or writing;"
                    + " the connection's state is unknown"));
        }
        boolean bad = invalidate || transport.isBroken();
        if (!bad) {
            try {
                handler.onRelease(lease.conn.state);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "conpool: protocol handler onRelease failed for " + endpoint
                        + "; closing the connection", e);
                bad = true;
            }
        }
        giveBack(lease.conn, !bad, bad);
    }

    /**
     * Returns one lease of {@code c}: to the oldest waiter, to the available deque, or closes it
     * when it is expired, used up, over the limit, invalid, cleared, or the pool is closed.
     */
    private void giveBack(PooledConnection<S> c, boolean readCapacity, boolean failed) {
        int capacity = readCapacity ? capacityOf(c.state) : -1;
        long now = engine.ticker().nanoTime();
        PoolConfig cfg = config;
        AfterUnlock<S> after = null;
        boolean makeRoomElsewhere = false;
        lock.lock();
        try {
            c.leases--;
            if (capacity >= 0) {
                c.capacity = capacity;
            }
            failed |= c.transport.isBroken();
            if (failed) {
                countFailureLocked(c);
            }
            if (failed || c.retiring || c.capacity == 0 || engine.isClosed() || c.generation != generation
                    || now - c.expiresAt >= 0 || c.uses >= cfg.maxConnectionUses()
                    || open - closing + connecting > cfg.maxConnectionsPerEndpoint()) {
                after = retireLocked(c, after);
            } else {
                after = serveWaitersLocked(c, after);
                makeAvailableLocked(c, now);
                // an idle connection must not starve another endpoint: the least recently used one makes room
                makeRoomElsewhere = c.leases == 0 && budget.hasStarved();
            }
            after = balanceLocked(after);
        } finally {
            lock.unlock();
        }
        finish(after);
        if (makeRoomElsewhere) {
            engine.evictIdleElsewhere(null);
        }
    }

    private void makeAvailableLocked(PooledConnection<S> c, long now) {
        if (c.retiring) {
            return;
        }
        if (c.leases == 0 && !c.countedIdle) {
            c.countedIdle = true;
            idle++;
            c.idleSince = now;
        }
        if (c.leases < c.capacity) {
            if (!c.inAvailable) {
                c.inAvailable = true;
                available.addFirst(c);
            }
        } else if (c.inAvailable) { // full, perhaps because its capacity went down
            available.remove(c);
            c.inAvailable = false;
        }
    }

    /** Hands spare capacity of {@code c} to the oldest waiters. */
    private AfterUnlock<S> serveWaitersLocked(PooledConnection<S> c, AfterUnlock<S> after) {
        while (c.leases < c.capacity && !c.retiring && !waiters.isEmpty()) {
            Waiter w = waiters.pollFirst();
            takeLocked(c);
            w.result = c;
            after = AfterUnlock.wake(after, w);
        }
        return after;
    }

    /** Counts {@code c} in {@code errors}, once however many of its holders report it. */
    private void countFailureLocked(PooledConnection<S> c) {
        if (!c.failed) {
            c.failed = true;
            errors++;
        }
    }

    /**
     * Called by the handler (through the transport) when the connection's access mode may have
     * changed or it broke: a broken connection gets no new lease and closes when its last holder
     * returns it.
     */
    void capacityChanged(PooledConnection<S> c) {
        boolean broken = c.transport.isBroken();
        int capacity = broken ? 0 : capacityOf(c.state);
        AfterUnlock<S> after = null;
        lock.lock();
        try {
            if (broken && !c.gone) {
                countFailureLocked(c);
            }
            if (c.gone || c.retiring) {
                return;
            }
            c.capacity = capacity;
            if (capacity == 0) {
                after = retireLocked(c, after);
            } else {
                lastCapacity = capacity;
                after = serveWaitersLocked(c, after);
                makeAvailableLocked(c, engine.ticker().nanoTime());
            }
            after = balanceLocked(after);
        } finally {
            lock.unlock();
        }
        finish(after);
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

    // ------------------------------------------------------------------ retiring and balancing

    /**
     * Stops new leases on {@code c}; when it has no holder left, queues its close for after the
     * unlock. It keeps its endpoint and global slots until the socket is closed
     * ({@link #closedLocked}), so the server never sees more connections than the limits.
     */
    private AfterUnlock<S> retireLocked(PooledConnection<S> c, AfterUnlock<S> after) {
        if (c.inAvailable) {
            available.remove(c);
            c.inAvailable = false;
        }
        if (c.countedIdle) {
            c.countedIdle = false;
            idle--;
        }
        c.retiring = true;
        if (c.leases == 0 && !c.gone) {
            c.gone = true;
            closing++;
            closed++; // counted now so that created - closed = active + idle holds at every moment
            after = AfterUnlock.close(after, c);
        }
        return after;
    }

    /** Frees the slots of {@code n} connections whose sockets are now closed. */
    private AfterUnlock<S> closedLocked(int n, AfterUnlock<S> after) {
        open -= n;
        closing -= n;
        for (int i = 0; i < n; i++) {
            budget.release();
        }
        return balanceLocked(AfterUnlock.serve(after));
    }

    /**
     * Turns free slots into permits for the oldest waiters, then records whether callers here wait
     * only for the global cap (and so must be offered slots freed elsewhere).
     */
    private AfterUnlock<S> balanceLocked(AfterUnlock<S> after) {
        int max = config.maxConnectionsPerEndpoint();
        while (waiters.size() > expectedSpareLocked() && open + connecting < max && budget.tryAcquire()) {
            connecting++;
            Waiter w = waiters.pollFirst();
            w.result = Waiter.PERMIT;
            after = AfterUnlock.wake(after, w);
        }
        boolean shouldStarve = waiters.size() > expectedSpareLocked() && open + connecting < max && !engine.isClosed();
        if (shouldStarve != starved) {
            starved = shouldStarve;
            if (shouldStarve) {
                budget.addStarved(this);
                after = AfterUnlock.serve(after); // a slot may have been freed before we registered
            } else {
                budget.removeStarved(this);
            }
        }
        return after;
    }

    /**
     * Room that connections being opened will bring for other callers: for a shared protocol (the
     * last connection had capacity above 1), callers wait for that room instead of opening more
     * connections in a cold burst. Zero for exclusive protocols.
     */
    private int expectedSpareLocked() {
        return lastCapacity > 1 ? connecting * (lastCapacity - 1) : 0;
    }

    /** Offered by the budget when a global slot may be free; false when the cap is still reached. */
    boolean offerGlobalSlot() {
        AfterUnlock<S> after = null;
        lock.lock();
        try {
            if (!starved) {
                return true;
            }
            if (!budget.tryAcquire()) {
                return false;
            }
            connecting++;
            Waiter w = waiters.pollFirst();
            w.result = Waiter.PERMIT;
            after = AfterUnlock.wake(after, w);
            after = balanceLocked(after);
            if (starved) {
                budget.requeueStarved(this);
            }
            after.serve = false; // we are inside serveStarved already
        } finally {
            lock.unlock();
        }
        finish(after);
        return true;
    }

    /** Runs what a critical section queued: wake threads, close connections, offer freed global slots. */
    private void finish(AfterUnlock<S> after) {
        if (after == null) {
            return;
        }
        if (after.toWake != null) {
            for (Waiter w : after.toWake) {
                LockSupport.unpark(w.thread);
            }
        }
        if (after.toClose != null) {
            for (PooledConnection<S> c : after.toClose) {
                closeQuietly(c);
                SafeCalls.hook("onConnectionClosed", config.onConnectionClosed(), endpoint);
            }
            AfterUnlock<S> freed;
            lock.lock();
            try {
                freed = closedLocked(after.toClose.size(), null);
            } finally {
                lock.unlock();
            }
            finish(freed);
        }
        if (after.serve) {
            budget.serveStarved();
        }
    }

    private void closeQuietly(PooledConnection<S> c) {
        discard(c.transport, c.state);
    }

    /** Stops listening to the connection, lets the handler clean up (stop its reader), closes the socket. */
    private void discard(SocketTransport transport, S state) {
        transport.onStateChanged(null);
        SafeCalls.run("protocol handler onClose", endpoint, () -> handler.onClose(state));
        transport.closeQuietly();
    }

    // ------------------------------------------------------------------ maintenance

    /** Ticker time the oldest idle connection was returned, or {@link Long#MAX_VALUE} when none is idle. */
    long oldestIdleSince() {
        lock.lock();
        try {
            PooledConnection<S> c = available.peekLast();
            return c != null && c.leases == 0 ? c.idleSince : Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the oldest idle connection to make room under the global cap. */
    boolean evictOldestIdle() {
        AfterUnlock<S> after = null;
        lock.lock();
        try {
            PooledConnection<S> c = available.peekLast();
            if (c == null || c.leases != 0) {
                return false;
            }
            after = balanceLocked(retireLocked(c, null));
        } finally {
            lock.unlock();
        }
        finish(after);
        return true;
    }

    /** Closes idle connections now; leased ones are closed when returned. Later acquires get new connections. */
    void clear() {
        clear(false);
    }

    /** Fails every waiter with {@link io.conpool.PoolClosedException} and closes idle connections. */
    void shutdown() {
        clear(true);
    }

    private void clear(boolean failWaiters) {
        AfterUnlock<S> after = null;
        lock.lock();
        try {
            if (failWaiters) {
                ConpoolException closedError = engine.closedException();
                Waiter w;
                while ((w = waiters.pollFirst()) != null) {
                    w.result = closedError;
                    after = AfterUnlock.wake(after, w);
                }
            }
            generation++;
            for (PooledConnection<S> c : new ArrayList<>(available)) {
                after = retireLocked(c, after);
            }
            after = balanceLocked(after);
        } finally {
            lock.unlock();
        }
        finish(after);
    }

    /** Applies a new configuration: more room serves waiters, less room closes idle connections. */
    int reconfigure(PoolConfig cfg) {
        ages = new Ages(cfg);
        config = cfg;
        return housekeep(engine.ticker().nanoTime());
    }

    /**
     * One housekeeping pass: close expired and surplus idle connections, report leaked leases,
     * and reserve slots for connections that {@code minIdlePerEndpoint} asks for.
     *
     * @return how many connections to open for min idle (slots already reserved)
     */
    int housekeep(long now) {
        PoolConfig cfg = config;
        int toFill = 0;
        AfterUnlock<S> after = null;
        lock.lock();
        try {
            Iterator<PooledConnection<S>> it = available.descendingIterator();
            List<PooledConnection<S>> expired = null;
            int surplus = open - closing + connecting - cfg.maxConnectionsPerEndpoint();
            while (it.hasNext()) {
                PooledConnection<S> c = it.next();
                if (c.leases == 0 && (isExpired(c, now) || surplus > 0)) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(c);
                    surplus--;
                }
            }
            if (expired != null) {
                for (PooledConnection<S> c : expired) {
                    after = retireLocked(c, after);
                }
            }
            if (!engine.isClosed() && waiters.isEmpty()) {
                while (idle + connecting < cfg.minIdlePerEndpoint()
                        && open + connecting < cfg.maxConnectionsPerEndpoint() && budget.tryAcquire()) {
                    connecting++;
                    toFill++;
                }
            }
            after = balanceLocked(after);
        } finally {
            lock.unlock();
        }
        finish(after);
        reportLeaks(now, cfg);
        return toFill;
    }

    private void reportLeaks(long now, PoolConfig cfg) {
        long threshold = cfg.leakDetectionThreshold().toNanos();
        if (threshold <= 0 || leakRecords.isEmpty()) {
            return;
        }
        for (LeakRecord l : leakRecords.values()) {
            if (!l.reported && now - l.acquiredAt >= threshold) {
                l.reported = true; // only the housekeeping thread reads and writes it
                LOG.log(System.Logger.Level.WARNING, "conpool: possible connection leak: a lease on " + endpoint
                        + " has been held for " + TimeUnit.NANOSECONDS.toMillis(now - l.acquiredAt)
                        + " ms (leakDetectionThreshold=" + cfg.leakDetectionThreshold().toMillis()
                        + " ms); close it with try-with-resources. Acquired at:", l.acquiredBy);
            }
        }
    }

    /**
     * Removes this pool from service when it has had no connection and no caller for
     * {@code expiryNanos}: later acquires that still reach it go back to the engine for a new pool.
     *
     * @return whether it was removed
     */
    boolean expireIfUnused(long now, long expiryNanos) {
        lock.lock();
        try {
            if (removed || open != 0 || connecting != 0 || closing != 0 || !waiters.isEmpty()
                    || now - lastUsed < expiryNanos) {
                return removed;
            }
            removed = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Opens one connection for a slot reserved by {@link #housekeep} and adds it as idle. */
    void fillOne() {
        PoolConfig cfg = config;
        try {
            install(open(cfg), cfg, false);
        } catch (ConpoolException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: min-idle connection to " + endpoint + " failed: " + e);
        }
    }

    // ------------------------------------------------------------------ numbers

    EndpointStats stats() {
        lock.lock();
        try {
            return new EndpointStats(open - closing - idle, idle, connecting, waiters.size(), created, reused.sum(), misses,
                    closed, errors, timeouts);
        } finally {
            lock.unlock();
        }
    }

    private String numbersLocked(PoolConfig cfg) {
        return "active=" + (open - closing - idle) + ", idle=" + idle + ", connecting=" + connecting + ", waiting="
                + waiters.size() + ", limit=" + cfg.maxConnectionsPerEndpoint() + " per endpoint, pool total="
                + budget.used() + "/" + budget.max();
    }

    private static long saturatedNanos(long nanos) {
        return Math.min(nanos, Long.MAX_VALUE / 4);
    }

    /** What a critical section leaves to do once the lock is released. */
    static final class AfterUnlock<S> {
        List<Waiter> toWake;
        List<PooledConnection<S>> toClose;
        boolean serve;

        static <S> AfterUnlock<S> wake(AfterUnlock<S> a, Waiter w) {
            a = a != null ? a : new AfterUnlock<>();
            if (a.toWake == null) {
                a.toWake = new ArrayList<>(2);
            }
            a.toWake.add(w);
            return a;
        }

        static <S> AfterUnlock<S> close(AfterUnlock<S> a, PooledConnection<S> c) {
            a = a != null ? a : new AfterUnlock<>();
            if (a.toClose == null) {
                a.toClose = new ArrayList<>(2);
            }
            a.toClose.add(c);
            return a;
        }

        static <S> AfterUnlock<S> serve(AfterUnlock<S> a) {
            a = a != null ? a : new AfterUnlock<>();
            a.serve = true;
            return a;
        }
    }
}
