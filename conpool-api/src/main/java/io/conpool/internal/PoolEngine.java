package io.conpool.internal;

import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolClosedException;
import io.conpool.PoolConfig;
import io.conpool.PoolListener;
import io.conpool.spi.ProtocolHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pool behind {@link io.conpool.ConnectionPool}: one {@link EndpointPool} per endpoint, the
 * global {@link ConnectionBudget}, per-endpoint configuration overrides, and the single
 * housekeeping thread (plus a one-thread filler that opens min-idle connections so the
 * housekeeper never blocks on I/O).
 */
public final class PoolEngine<S> {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final String name;
    private final PoolConfig config;
    private final ProtocolHandler<S> handler;
    private final ConnectionBudget budget;
    private final Connector connector;
    private final ConcurrentHashMap<Endpoint, EndpointPool<S>> pools = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Endpoint, PoolConfig> overrides = new ConcurrentHashMap<>();
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private final ConnectionEvents events;
    /** Detaches the JFR event recorder of this pool ({@link JfrSupport}). */
    private final AutoCloseable jfr;
    /** The numbers of endpoint pools removed by {@code endpointExpiry}, so pool totals keep counting. */
    private final AtomicReference<EndpointStats> expiredTotals = new AtomicReference<>(EndpointStats.EMPTY);
    private final ScheduledThreadPoolExecutor housekeeper;
    private final ThreadPoolExecutor filler;
    private final PoolClock clock;
    private final PoolContext<S> context;
    private volatile boolean closed;

    /**
     * @param name    the pool's name, for threads, logs and errors
     * @param config  the pool-wide configuration
     * @param handler the protocol handler of every connection
     */
    public PoolEngine(String name, PoolConfig config, ProtocolHandler<S> handler) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.budget = new ConnectionBudget(config.maxTotalConnections());
        this.events = new ConnectionEvents(name);
        this.connector = new Connector(name, events);
        this.jfr = JfrSupport.attach(name, events);
        this.housekeeper = new ScheduledThreadPoolExecutor(1, daemon("conpool-housekeeper-" + name));
        this.housekeeper.setRemoveOnCancelPolicy(true);
        this.filler = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("conpool-filler-" + name));
        this.clock = new PoolClock(config.ticker());
        this.context = new PoolContext<>(name, handler, budget, clock, events,
                (endpoint, cfg) -> connector.open(endpoint, cfg, handler), this::evictIdleElsewhere, () -> closed);
        scheduleHousekeeping(config.housekeepingPeriod().toNanos());
    }

    private static java.util.concurrent.ThreadFactory daemon(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }

    /** @return the pool's name */
    public String name() {
        return name;
    }

    /** @return the pool-wide configuration */
    public PoolConfig config() {
        return config;
    }

    /** @return the protocol handler */
    public ProtocolHandler<S> handler() {
        return handler;
    }

    /** @return the connection listeners, registered through {@link io.conpool.ConnectionPool#addConnectionListener} */
    public ConnectionEvents events() {
        return events;
    }

    /** @return the pool's TLS material: loading, reloading, expiry */
    public TlsContexts tls() {
        return connector.tls();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    ConpoolException closedException() {
        return new PoolClosedException(name);
    }

    /**
     * @param endpoint where to connect
     * @return a lease on a validated connection
     * @throws ConpoolException when no connection can be had (see the subclasses)
     */
    public Lease<S> acquire(Endpoint endpoint) throws ConpoolException {
        for (;;) {
            Lease<S> lease = pool(endpoint).acquire();
            if (lease != null) {
                return lease;
            }
            // that endpoint pool expired just now: the next round makes a new one
        }
    }

    private EndpointPool<S> pool(Endpoint endpoint) throws ConpoolException {
        EndpointPool<S> p = pools.get(endpoint);
        if (p != null) {
            return p;
        }
        Objects.requireNonNull(endpoint, "endpoint");
        if (closed) {
            throw closedException();
        }
        boolean[] added = new boolean[1];
        p = pools.computeIfAbsent(endpoint, e -> {
            added[0] = true;
            return new EndpointPool<>(context, e, effectiveConfig(e));
        });
        if (added[0]) {
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: pool '" + name + "' now serves " + endpoint);
            for (PoolListener l : listeners) {
                SafeCalls.run("pool listener endpointAdded", endpoint, () -> l.endpointAdded(endpoint));
            }
        }
        return p;
    }

    private PoolConfig effectiveConfig(Endpoint e) {
        return overrides.getOrDefault(e, config);
    }

    /**
     * Sets a per-endpoint configuration (applies at once to an existing endpoint pool).
     *
     * @param endpoint the endpoint
     * @param override its configuration; pool-wide settings in it are ignored
     */
    public void configure(Endpoint endpoint, PoolConfig override) {
        overrides.put(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(override, "override"));
        EndpointPool<S> p = pools.get(endpoint);
        if (p != null) {
            fill(p, p.reconfigure(override));
        }
    }

    /**
     * @param endpoint an endpoint
     * @return the configuration that applies to it
     */
    public PoolConfig configFor(Endpoint endpoint) {
        return effectiveConfig(endpoint);
    }

    /**
     * @param endpoint an endpoint
     * @return its numbers, {@link EndpointStats#EMPTY} if it was never used
     */
    public EndpointStats stats(Endpoint endpoint) {
        EndpointPool<S> p = pools.get(endpoint);
        return p == null ? EndpointStats.EMPTY : p.stats();
    }

    /** @return the numbers of every endpoint used so far, in no particular order */
    public Map<Endpoint, EndpointStats> allStats() {
        Map<Endpoint, EndpointStats> out = new LinkedHashMap<>();
        pools.forEach((e, p) -> out.put(e, p.stats()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * @return the sum of every endpoint's numbers, including endpoint pools already removed by
     * {@code endpointExpiry} (their counters; they have no connection or caller left)
     */
    public EndpointStats totals() {
        EndpointStats sum = expiredTotals.get();
        for (EndpointPool<S> p : pools.values()) {
            sum = sum.plus(p.stats());
        }
        return sum;
    }

    /** @return the endpoints used so far */
    public List<Endpoint> endpoints() {
        return new ArrayList<>(pools.keySet());
    }

    /** @param endpoint whose idle connections to close now (leased ones are closed when returned) */
    public void clearEndpoint(Endpoint endpoint) {
        EndpointPool<S> p = pools.get(endpoint);
        if (p != null) {
            p.clear();
        }
    }

    /** Clears every endpoint. */
    public void clearAll() {
        pools.values().forEach(EndpointPool::clear);
    }

    /** Closes the pool: waiters fail, idle connections close, leased ones close when returned. */
    public void close() {
        synchronized (this) { // two threads closing at once must not both release the shared clock
            if (closed) {
                return;
            }
            closed = true;
        }
        clock.close();
        housekeeper.shutdownNow();
        filler.shutdownNow();
        connector.close();
        pools.values().forEach(EndpointPool::shutdown);
        try {
            jfr.close(); // after the shutdown, so its closes are still recorded
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: detaching JFR from pool '" + name + "' failed: " + e);
        }
        for (PoolListener l : listeners) {
            SafeCalls.run("pool listener poolClosed", null, l::poolClosed);
        }
        listeners.clear();
        LOG.log(System.Logger.Level.DEBUG, () -> "conpool: pool '" + name + "' closed");
    }

    /**
     * @param listener told (outside locks) about new endpoint pools, starting with the existing ones,
     *                 and about the pool's close
     */
    public void addListener(PoolListener listener) {
        listeners.add(listener);
        for (Endpoint e : pools.keySet()) {
            SafeCalls.run("pool listener endpointAdded", e, () -> listener.endpointAdded(e));
        }
        if (closed) {
            listeners.remove(listener);
            SafeCalls.run("pool listener poolClosed", null, listener::poolClosed);
        }
    }

    /** @param listener a listener to forget */
    public void removeListener(PoolListener listener) {
        listeners.remove(listener);
    }

    /**
     * At the global cap: closes one idle connection of an endpoint other than {@code except} (may
     * be null) so that an endpoint blocked by the cap can open one. To keep as many endpoints warm
     * as possible, an endpoint with more than one idle connection gives one up before the last idle
     * connection of another; among those, the least recently used goes first.
     *
     * @param keepSlot the caller takes over the freed global slot
     * @return whether a connection was closed
     */
    boolean evictIdleElsewhere(Endpoint except, boolean keepSlot) {
        EndpointPool<S> victim = null;
        EndpointPool.IdleSummary best = null;
        for (EndpointPool<S> p : pools.values()) {
            if (p.endpoint().equals(except)) {
                continue;
            }
            EndpointPool.IdleSummary idle = p.idleSummary();
            if (idle.count() == 0) {
                continue;
            }
            if (best == null || betterVictim(idle, best)) {
                best = idle;
                victim = p;
            }
        }
        return victim != null && victim.evictOldestIdle(keepSlot);
    }

    private static boolean betterVictim(EndpointPool.IdleSummary a, EndpointPool.IdleSummary b) {
        boolean aSpare = a.count() > 1;
        boolean bSpare = b.count() > 1;
        if (aSpare != bSpare) {
            return aSpare;
        }
        return a.oldestSince() - b.oldestSince() < 0;
    }

    /**
     * Runs the housekeeper when the next connection is due to expire or a lease reaches the leak
     * threshold, and at least every {@code housekeepingPeriod} (min idle, endpoint expiry).
     */
    private void scheduleHousekeeping(long delayNanos) {
        if (closed) {
            return;
        }
        try {
            housekeeper.schedule(this::housekeepAndReschedule, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void housekeepAndReschedule() {
        long period = config.housekeepingPeriod().toNanos();
        long delay = period;
        try {
            long due = housekeepPass();
            if (due != Long.MAX_VALUE) {
                long until = due - clock.now();
                delay = Math.max(MIN_HOUSEKEEPING_DELAY, Math.min(period, until + MIN_HOUSEKEEPING_DELAY));
            }
        } finally {
            scheduleHousekeeping(delay);
        }
    }

    /** The shortest sleep between housekeeping passes, so a burst of expiries does not spin. */
    private static final long MIN_HOUSEKEEPING_DELAY = TimeUnit.MILLISECONDS.toNanos(1);

    /** One housekeeping pass over every endpoint; also callable from tests. */
    public void housekeep() {
        housekeepPass();
    }

    /** @return pool clock time the next endpoint is due, or {@code Long.MAX_VALUE} */
    private long housekeepPass() {
        long now;
        try {
            now = clock.exact();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: the ticker of pool '" + name + "' failed; housekeeping"
                    + " will retry", e);
            return Long.MAX_VALUE;
        }
        long due = Long.MAX_VALUE;
        long expiry = config.endpointExpiry().toNanos();
        for (Map.Entry<Endpoint, EndpointPool<S>> e : pools.entrySet()) {
            EndpointPool<S> p = e.getValue();
            try { // one endpoint's failure does not skip the others
                fill(p, p.housekeep(now));
                due = Math.min(due, p.nextDue());
                if (expiry > 0 && !overrides.containsKey(e.getKey()) && p.expireIfUnused(now, expiry)) {
                    remove(e.getKey(), p);
                }
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "conpool: housekeeping of " + e.getKey() + " in pool '" + name
                        + "' failed; will retry", ex);
            }
        }
        return due;
    }

    /** Forgets an expired endpoint pool (it has no connection and no caller); its counters join the totals. */
    private void remove(Endpoint endpoint, EndpointPool<S> p) {
        if (!pools.remove(endpoint, p)) {
            return;
        }
        EndpointStats last = p.stats();
        expiredTotals.accumulateAndGet(last, EndpointStats::plus);
        LOG.log(System.Logger.Level.DEBUG, () -> "conpool: pool '" + name + "' no longer serves " + endpoint
                + " (unused for endpointExpiry=" + config.endpointExpiry() + ")");
        for (PoolListener l : listeners) {
            SafeCalls.run("pool listener endpointRemoved", endpoint, () -> l.endpointRemoved(endpoint));
        }
    }

    private void fill(EndpointPool<S> p, int count) {
        for (int i = 0; i < count; i++) {
            try {
                filler.execute(p::fillOne);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                p.cancelFill(); // closing: give the reserved slot back
            }
        }
    }
}
