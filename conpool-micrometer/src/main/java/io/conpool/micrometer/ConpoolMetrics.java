package io.conpool.micrometer;

import io.conpool.CloseReason;
import io.conpool.ConnectInfo;
import io.conpool.ConnectionListener;
import io.conpool.ConnectionPool;
import io.conpool.ConpoolException;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.PoolListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer metrics of one {@link ConnectionPool}, per endpoint, tagged {@code pool} and
 * {@code endpoint} ({@code host:port}, {@code /tls} for TLS):
 *
 * <table>
 * <caption>meters (HikariCP's name where there is one)</caption>
 * <tr><th>meter</th><th>type</th><th>what</th><th>HikariCP</th></tr>
 * <tr><td>{@code conpool.connections.active}</td><td>gauge</td><td>leased now</td><td>{@code hikaricp.connections.active}</td></tr>
 * <tr><td>{@code conpool.connections.idle}</td><td>gauge</td><td>idle in the pool</td><td>{@code hikaricp.connections.idle}</td></tr>
 * <tr><td>{@code conpool.connections.pending}</td><td>gauge</td><td>callers waiting</td><td>{@code hikaricp.connections.pending}</td></tr>
 * <tr><td>{@code conpool.connections.connecting}</td><td>gauge</td><td>being opened</td><td>-</td></tr>
 * <tr><td>{@code conpool.connections}</td><td>gauge</td><td>open: active + idle</td><td>{@code hikaricp.connections}</td></tr>
 * <tr><td>{@code conpool.connections.max}</td><td>gauge</td><td>{@code maxConnectionsPerEndpoint}</td><td>{@code hikaricp.connections.max}</td></tr>
 * <tr><td>{@code conpool.connections.opened}</td><td>counter</td><td>opened (not {@code .created}: Prometheus reserves the suffix {@code _created})</td><td>-</td></tr>
 * <tr><td>{@code conpool.connections.reused}</td><td>counter</td><td>leases served by an idle connection</td><td>-</td></tr>
 * <tr><td>{@code conpool.connections.cache.misses}</td><td>counter</td><td>leases that needed a new connection</td><td>-</td></tr>
 * <tr><td>{@code conpool.connections.closed}</td><td>counter, tag {@code reason}</td><td>closed, by {@link CloseReason} (lower case)</td><td>-</td></tr>
 * <tr><td>{@code conpool.connections.errors}</td><td>counter</td><td>connect failures, failed validations, invalidations</td><td>-</td></tr>
 * <tr><td>{@code conpool.connections.timeout}</td><td>counter</td><td>acquires that timed out or found the wait queue full</td><td>{@code hikaricp.connections.timeout}</td></tr>
 * <tr><td>{@code conpool.connections.leaks}</td><td>counter</td><td>leases held past {@code leakDetectionThreshold}</td><td>-</td></tr>
 * <tr><td>{@code conpool.connections.acquire}</td><td>timer</td><td>time to get a lease (successful acquires)</td><td>{@code hikaricp.connections.acquire}</td></tr>
 * <tr><td>{@code conpool.connections.creation}</td><td>timer</td><td>time to open a connection (lookup, connect, TLS, retries)</td><td>{@code hikaricp.connections.creation}</td></tr>
 * <tr><td>{@code conpool.connections.usage}</td><td>timer</td><td>time a lease was held</td><td>{@code hikaricp.connections.usage}</td></tr>
 * <tr><td>{@code conpool.pool.max.total.connections}</td><td>gauge, tag {@code pool} only</td><td>{@code maxTotalConnections}</td><td>-</td></tr>
 * </table>
 *
 * <p>In Prometheus these are {@code conpool_connections_active}, {@code conpool_connections_opened_total},
 * {@code conpool_connections_acquire_seconds_count} and so on: the names the JMX exporter rules of
 * {@code deploy/prometheus} give the servers' MBeans, so one Grafana dashboard serves both.
 *
 * <p>The gauges and the counters {@code created}, {@code reused}, {@code errors} and
 * {@code timeout} read the pool's own numbers (the same as its JMX beans); the timers and the
 * {@code closed} and {@code leaks} counters come from a {@link ConnectionListener}. An endpoint's
 * meters appear with its endpoint pool and are removed when the endpoint pool expires
 * ({@code endpointExpiry}) or the pool closes. A failing registry is logged once and ignored: it
 * never breaks the pool.
 *
 * <pre>{@code
 * ConpoolMetrics metrics = new ConpoolMetrics(pool);
 * metrics.bindTo(registry);   // e.g. Spring Boot: expose it as a @Bean of type MeterBinder
 * ...
 * metrics.close();            // or close the pool
 * }</pre>
 */
public final class ConpoolMetrics implements MeterBinder, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.conpool.micrometer");
    /** Prefix of every meter name. */
    public static final String PREFIX = "conpool.connections";

    private final ConnectionPool<?> pool;
    private final Tags commonTags;
    private final Map<Endpoint, EndpointMeters> endpoints = new ConcurrentHashMap<>();
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private final Listener listener = new Listener();
    private Meter poolMax;
    private volatile MeterRegistry registry;
    private volatile boolean closed;

    /**
     * @param pool the pool to measure
     * @throws NullPointerException if pool is null
     */
    public ConpoolMetrics(ConnectionPool<?> pool) {
        this(pool, Tags.empty());
    }

    /**
     * @param pool      the pool to measure
     * @param extraTags tags added to every meter (such as {@code application}); may not use the
     *                  names {@code pool}, {@code endpoint} or {@code reason}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if a tag uses one of the reserved names
     */
    public ConpoolMetrics(ConnectionPool<?> pool, Iterable<Tag> extraTags) {
        this.pool = Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(extraTags, "extraTags");
        for (Tag t : extraTags) {
            if (List.of("pool", "endpoint", "reason").contains(t.getKey())) {
                throw new IllegalArgumentException("extra tag '" + t.getKey() + "' is reserved by ConpoolMetrics;"
                        + " rename it");
            }
        }
        this.commonTags = Tags.of(extraTags).and("pool", pool.name());
    }

    /**
     * Registers the meters of every endpoint the pool serves now and later.
     *
     * @param registry where to register them
     * @throws NullPointerException  if registry is null
     * @throws IllegalStateException if already bound (bind a {@code CompositeMeterRegistry} to
     *                               reach several registries) or closed
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("ConpoolMetrics of pool '" + pool.name() + "' is closed; create a new one");
        }
        if (this.registry != null) {
            throw new IllegalStateException("ConpoolMetrics of pool '" + pool.name() + "' is already bound to a"
                    + " registry; bind a CompositeMeterRegistry to publish to several");
        }
        this.registry = registry;
        try {
            poolMax = Gauge.builder("conpool.pool.max.total.connections", pool, p -> p.config().maxTotalConnections())
                    .description("maxTotalConnections of the pool, across its endpoints").tags(commonTags)
                    .register(registry);
        } catch (RuntimeException e) {
            failed("registering conpool.pool.max.total.connections", e);
        }
        pool.addConnectionListener(listener);
        pool.addListener(listener); // calls endpointAdded for the endpoints that exist already
    }

    /** Stops measuring: unregisters from the pool and removes every meter this binder registered. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.removeConnectionListener(listener);
        pool.removeListener(listener);
        for (Endpoint e : new ArrayList<>(endpoints.keySet())) {
            removeMeters(e);
        }
        MeterRegistry r = registry;
        if (r != null && poolMax != null) {
            r.remove(poolMax);
        }
    }

    private void added(Endpoint endpoint) {
        MeterRegistry r = registry;
        if (r == null || closed) {
            return;
        }
        endpoints.computeIfAbsent(endpoint, e -> new EndpointMeters(r, e));
    }

    private void removeMeters(Endpoint endpoint) {
        EndpointMeters m = endpoints.remove(endpoint);
        MeterRegistry r = registry;
        if (m != null && r != null) {
            for (Meter meter : m.all) {
                r.remove(meter);
            }
        }
    }

    private EndpointMeters meters(Endpoint endpoint) {
        return endpoints.get(endpoint); // null before endpointAdded or after removal: nothing to record
    }

    private void failed(String what, RuntimeException e) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "conpool: metrics of pool '" + pool.name() + "' failed on " + what
                    + "; the pool works on, further metric failures are not logged", e);
        }
    }

    /** Test hook: the endpoints that have meters now. */
    java.util.Set<Endpoint> measuredEndpoints() {
        return java.util.Set.copyOf(endpoints.keySet());
    }

    /** The meters of one endpoint. */
    private final class EndpointMeters {
        final Endpoint endpoint;
        final List<Meter> all = new ArrayList<>();
        final Timer acquire;
        final Timer creation;
        final Timer usage;
        final Counter leaks;
        final Map<CloseReason, Counter> closedBy = new EnumMap<>(CloseReason.class);

        EndpointMeters(MeterRegistry r, Endpoint endpoint) {
            this.endpoint = endpoint;
            Tags tags = commonTags.and("endpoint", endpoint.toString());
            gauge(r, tags, "active", "Connections leased now", EndpointStats::active);
            gauge(r, tags, "idle", "Open connections idle in the pool", EndpointStats::idle);
            gauge(r, tags, "pending", "Callers waiting for a connection", EndpointStats::waiting);
            gauge(r, tags, "connecting", "Connections being opened", EndpointStats::connecting);
            gauge(r, tags, null, "Open connections: active + idle", EndpointStats::open);
            all.add(Gauge.builder(PREFIX + ".max", this, m -> pool.config(m.endpoint).maxConnectionsPerEndpoint())
                    .description("maxConnectionsPerEndpoint").tags(tags).register(r));
            counter(r, tags, "opened", "Connections opened (JMX: TotalCreated)", EndpointStats::totalCreated);
            counter(r, tags, "reused", "Leases served by an idle connection", EndpointStats::totalReused);
            counter(r, tags, "cache.misses", "Leases that needed a new connection", EndpointStats::cacheMisses);
            counter(r, tags, "errors", "Connect failures, failed validations and invalidations",
                    EndpointStats::errors);
            counter(r, tags, "timeout", "Acquires that timed out or found the wait queue full",
                    EndpointStats::acquireTimeouts);
            acquire = add(Timer.builder(PREFIX + ".acquire").description("Time to get a lease").tags(tags).register(r));
            creation = add(Timer.builder(PREFIX + ".creation").description("Time to open a connection")
                    .tags(tags).register(r));
            usage = add(Timer.builder(PREFIX + ".usage").description("Time a lease was held").tags(tags).register(r));
            leaks = add(Counter.builder(PREFIX + ".leaks").description("Leases held past leakDetectionThreshold")
                    .tags(tags).register(r));
            for (CloseReason reason : CloseReason.values()) {
                closedBy.put(reason, add(Counter.builder(PREFIX + ".closed").description("Connections closed, by reason")
                        .tags(tags).tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(r)));
            }
        }

        private <M extends Meter> M add(M meter) {
            all.add(meter);
            return meter;
        }

        private EndpointStats stats() {
            return pool.stats(endpoint);
        }

        private void gauge(MeterRegistry r, Tags tags, String suffix, String description,
                           ToDoubleFunction<EndpointStats> f) {
            all.add(Gauge.builder(suffix == null ? PREFIX : PREFIX + "." + suffix, this, m -> f.applyAsDouble(m.stats()))
                    .description(description).tags(tags).strongReference(true).register(r));
        }

        private void counter(MeterRegistry r, Tags tags, String suffix, String description,
                             ToDoubleFunction<EndpointStats> f) {
            all.add(FunctionCounter.builder(PREFIX + "." + suffix, this, m -> f.applyAsDouble(m.stats()))
                    .description(description).tags(tags).register(r));
        }
    }

    /** Feeds the timers and counters, and follows endpoint pools as they come and go. */
    private final class Listener implements ConnectionListener, PoolListener {
        @Override
        public void endpointAdded(Endpoint endpoint) {
            try {
                added(endpoint);
            } catch (RuntimeException e) {
                failed("registering the meters of " + endpoint, e);
            }
        }

        @Override
        public void endpointRemoved(Endpoint endpoint) {
            try {
                removeMeters(endpoint);
            } catch (RuntimeException e) {
                failed("removing the meters of " + endpoint, e);
            }
        }

        @Override
        public void poolClosed() {
            close();
        }

        @Override
        public void acquired(Endpoint endpoint, long waitNanos, boolean reused) {
            EndpointMeters m = meters(endpoint);
            if (m != null) {
                try {
                    m.acquire.record(waitNanos, TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    failed("acquired", e);
                }
            }
        }

        @Override
        public void released(Endpoint endpoint, long heldNanos) {
            EndpointMeters m = meters(endpoint);
            if (m != null) {
                try {
                    m.usage.record(heldNanos, TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    failed("released", e);
                }
            }
        }

        @Override
        public void connected(Endpoint endpoint, ConnectInfo info) {
            EndpointMeters m = meters(endpoint);
            if (m != null) {
                try {
                    m.creation.record(info.durationNanos(), TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    failed("connected", e);
                }
            }
        }

        @Override
        public void connectionClosed(Endpoint endpoint, CloseReason reason, long ageNanos) {
            EndpointMeters m = meters(endpoint);
            if (m != null) {
                try {
                    m.closedBy.get(reason).increment();
                } catch (RuntimeException e) {
                    failed("connectionClosed", e);
                }
            }
        }

        @Override
        public void leakSuspected(Endpoint endpoint, long heldNanos, Throwable acquiredAt) {
            EndpointMeters m = meters(endpoint);
            if (m != null) {
                try {
                    m.leaks.increment();
                } catch (RuntimeException e) {
                    failed("leakSuspected", e);
                }
            }
        }

        @Override
        public String toString() {
            return "ConpoolMetrics[" + pool.name() + "]";
        }
    }
}
