package io.conpool;

import io.conpool.internal.PoolEngine;
import io.conpool.spi.ProtocolHandler;
import io.conpool.spi.RawProtocolHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A thread-safe pool of TCP/TLS connections, one endpoint pool per {@link Endpoint}.
 *
 * <pre>{@code
 * try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.defaults())) {
 *     Endpoint echo = Endpoint.plain("127.0.0.1", 7000);
 *     String reply = pool.withConnection(echo, lease -> { ... });
 * }
 * }</pre>
 *
 * <p>Connections are opened on demand (outside any lock), validated before reuse, closed when idle
 * too long, too old or used too often, and limited per endpoint and in total. Callers that find no
 * free connection wait in arrival order for {@code acquireTimeout}. One daemon thread per pool does
 * the housekeeping. Use one pool per application (or per resource adapter) and {@link #close()} it
 * at shutdown.
 *
 * @param <S> the connection type its protocol handler gives ({@link Transport} for {@code raw})
 */
public final class ConnectionPool<S> implements AutoCloseable {

    /**
     * The work done with a leased connection by {@link #withConnection}.
     *
     * @param <S> the connection type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface LeaseFunction<S, R> {
        /**
         * @param lease the lease; do not close it, {@code withConnection} does
         * @return the result
         * @throws IOException on I/O failure (the connection is then invalidated)
         */
        R apply(Lease<S> lease) throws IOException;
    }

    private final PoolEngine<S> engine;

    private ConnectionPool(PoolEngine<S> engine) {
        this.engine = engine;
    }

    /**
     * A pool named {@code conpool} with the {@code raw} handler: leases give the socket's streams.
     *
     * @param config the configuration
     * @return a new pool
     * @throws NullPointerException if config is null
     */
    public static ConnectionPool<Transport> create(PoolConfig config) {
        return builder(RawProtocolHandler.INSTANCE).config(config).build();
    }

    /**
     * @param handler the protocol handler for every connection of the pool
     * @param <S>     its connection type
     * @return a builder
     * @throws NullPointerException if handler is null
     */
    public static <S> Builder<S> builder(ProtocolHandler<S> handler) {
        return new Builder<>(Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Leases a connection: an idle one that passes validation, spare capacity on a shared one, a new
     * one when below the limits, or, after waiting in line up to {@code acquireTimeout}, one
     * released by another caller.
     *
     * @param endpoint where to connect
     * @return the lease; close it to give the connection back
     * @throws NullPointerException          if endpoint is null
     * @throws AcquireTimeoutException       if nothing became free within acquireTimeout
     * @throws WaitQueueFullException        if maxWaitersPerEndpoint callers were already waiting
     * @throws DnsResolutionException        if the host does not resolve
     * @throws ConnectionFailedException     if every connect attempt failed ({@link ConnectionTimeoutException} on timeout)
     * @throws AcquireInterruptedException   if the thread was interrupted
     * @throws PoolClosedException           if the pool is closed
     */
    public Lease<S> acquire(Endpoint endpoint) throws ConpoolException {
        return engine.acquire(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /**
     * Runs {@code work} on a leased connection, returns the connection afterwards, or invalidates it
     * if {@code work} throws.
     *
     * @param endpoint where to connect
     * @param work     what to do with the connection
     * @param <R>      the result type
     * @return what {@code work} returned
     * @throws ConpoolException if no connection could be had (see {@link #acquire})
     * @throws IOException      what {@code work} threw
     */
    public <R> R withConnection(Endpoint endpoint, LeaseFunction<S, R> work) throws IOException {
        Objects.requireNonNull(work, "work");
        Lease<S> lease = acquire(endpoint);
        try {
            R result = work.apply(lease);
            lease.close();
            return result;
        } catch (IOException | RuntimeException | Error e) {
            lease.invalidate();
            throw e;
        }
    }

    /**
     * Overrides the configuration of one endpoint (limits, timeouts, lifetimes, hooks; the
     * pool-wide {@code maxTotalConnections}, {@code housekeepingPeriod} and {@code ticker} stay the
     * pool's). Applies at once: more room serves waiters, less room closes surplus idle connections.
     *
     * @param endpoint the endpoint
     * @param config   its configuration
     * @throws NullPointerException   if either is null
     * @throws InvalidConfigException if a TLS file it names cannot be used (missing, wrong password,
     *                                unknown alias); the endpoint keeps its configuration
     */
    public void configure(Endpoint endpoint, PoolConfig config) {
        Objects.requireNonNull(endpoint, "endpoint");
        engine.tls().prepare(Objects.requireNonNull(config, "config")); // a bad TLS file fails here, nothing changed
        engine.configure(endpoint, config);
    }

    /**
     * @param endpoint an endpoint
     * @return the configuration in force for it (its override, or the pool's)
     */
    public PoolConfig config(Endpoint endpoint) {
        return engine.configFor(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /**
     * Reads the TLS trust and key files of every configuration in use again: connections opened from
     * now on use the new material, open ones keep theirs until they close at their own pace
     * (lifetime, idle time). All or nothing: if any file fails, nothing is replaced.
     *
     * @return one line per material now in use (files, certificate subjects, first expiry; no secret)
     * @throws InvalidConfigException naming the setting and file that failed; the material in use stays
     */
    public List<String> reloadTls() {
        return engine.tls().reload();
    }

    /**
     * @param endpoint an endpoint
     * @return when the first certificate of its TLS material expires (its client certificate chain or
     *         a CA of its {@code tlsTrustStore}); empty without TLS files
     */
    public java.util.Optional<java.time.Instant> tlsCertificateExpiry(Endpoint endpoint) {
        return engine.tls().expiry(config(endpoint));
    }

    /**
     * @param endpoint an endpoint
     * @return where its TLS trust and client certificate come from, and what expires first (no secret)
     */
    public String tlsMaterial(Endpoint endpoint) {
        return engine.tls().describe(config(endpoint));
    }

    /** @return the pool-wide configuration */
    public PoolConfig config() {
        return engine.config();
    }

    /**
     * @param endpoint an endpoint
     * @return a snapshot of its numbers, {@link EndpointStats#EMPTY} if never used
     */
    public EndpointStats stats(Endpoint endpoint) {
        return engine.stats(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** @return a snapshot of every endpoint's numbers */
    public Map<Endpoint, EndpointStats> allStats() {
        return engine.allStats();
    }

    /**
     * @return the sum of every endpoint's numbers, including endpoint pools already removed after
     * {@code endpointExpiry}, so pool-wide totals never go down
     */
    public EndpointStats totals() {
        return engine.totals();
    }

    /** @return the endpoints this pool has served */
    public List<Endpoint> endpoints() {
        return engine.endpoints();
    }

    /**
     * Closes the endpoint's idle connections now; leased ones are closed when returned, and later
     * acquires get new connections. Use it after the server behind the endpoint changed.
     *
     * @param endpoint the endpoint
     */
    public void clearEndpoint(Endpoint endpoint) {
        engine.clearEndpoint(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** {@link #clearEndpoint} for every endpoint. */
    public void clearAll() {
        engine.clearAll();
    }

    /**
     * Registers a listener; it is told at once about every endpoint pool that already exists.
     *
     * @param listener the listener
     * @throws NullPointerException if listener is null
     */
    public void addListener(PoolListener listener) {
        engine.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param listener a listener added before; no-op if it was not
     */
    public void removeListener(PoolListener listener) {
        engine.removeListener(listener);
    }

    /**
     * Registers a listener for acquires, connects, closes, stale connections and leaks (metrics,
     * JFR). With none registered the pool does no work for these events.
     *
     * @param listener the listener; called on the thread where each event happens, outside locks
     * @throws NullPointerException if listener is null
     */
    public void addConnectionListener(ConnectionListener listener) {
        engine.events().add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @param listener a listener added before; no-op if it was not
     */
    public void removeConnectionListener(ConnectionListener listener) {
        engine.events().remove(listener);
    }

    /** @return the pool's name */
    public String name() {
        return engine.name();
    }

    /** @return the protocol handler */
    public ProtocolHandler<S> handler() {
        return engine.handler();
    }

    /** @return whether the pool is closed */
    public boolean isClosed() {
        return engine.isClosed();
    }

    /**
     * Closes the pool: waiting callers fail with {@link PoolClosedException}, idle connections are
     * closed, leased ones are closed when returned, later acquires fail. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "ConnectionPool[" + engine.name() + ", " + engine.handler().name() + ", " + engine.endpoints().size()
                + " endpoints" + (engine.isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Checks a pool name (the one rule for every surface: builder, CDI, resource adapter).
     *
     * @param name a pool name
     * @return the name
     * @throws InvalidConfigException (setting {@code poolName}) unless it is 1-64 letters, digits, {@code . _ -}
     */
    public static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._\\-]{1,64}")) {
            throw new InvalidConfigException("poolName", "Invalid config: poolName = '" + name
                    + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    /**
     * Builds a {@link ConnectionPool}.
     *
     * @param <S> the connection type
     */
    public static final class Builder<S> {
        private final ProtocolHandler<S> handler;
        private PoolConfig config = PoolConfig.defaults();
        private String name = "conpool";

        private Builder(ProtocolHandler<S> handler) {
            this.handler = handler;
        }

        /**
         * @param name the pool's name in logs, thread names, errors and JMX; letters, digits, {@code . _ -}
         * @return this builder
         * @throws InvalidConfigException if the name is blank or has other characters
         */
        public Builder<S> name(String name) {
            this.name = checkName(name);
            return this;
        }

        /**
         * @param config the pool-wide configuration
         * @return this builder
         * @throws NullPointerException if config is null
         */
        public Builder<S> config(PoolConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @return a new pool; it starts its housekeeping thread
         * @throws InvalidConfigException if a TLS file of the configuration cannot be used (missing,
         *                                wrong password, unknown alias); nothing is left running
         */
        public ConnectionPool<S> build() {
            PoolEngine<S> engine = new PoolEngine<>(name, config, handler);
            try {
                engine.tls().prepare(config);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            return new ConnectionPool<>(engine);
        }
    }
}
