package io.conpool.jmx;

/**
 * The typed view of one endpoint pool's MBean,
 * {@code io.conpool:type=EndpointPool,pool=<poolName>,endpoint="<host:port[/tls]>"}, for
 * {@link javax.management.JMX#newMXBeanProxy}. The registered bean is dynamic: its attributes come
 * from {@link io.conpool.PoolConfig#SETTINGS} and {@link io.conpool.EndpointStats}, so it has every
 * attribute here (a test checks names and types) and more: every setting, and each duration also as
 * text ({@code MaxIdleTimeText = "30s"}, writable). The numbers are live; writing a setting changes
 * the running pool only (not the server's configuration). Durations are in milliseconds.
 */
@Description("conpool endpoint pool: live numbers and limits of the connections to one host:port (durations in ms)")
public interface EndpointPoolMXBean {

    /** @return the pool's name */
    @Description("Name of the connection pool this endpoint belongs to")
    String getPoolName();

    /** @return {@code host:port} or {@code host:port/tls} */
    @Description("The endpoint: host:port, with /tls for TLS connections")
    String getEndpoint();

    /** @return the host */
    @Description("Host name or IP address of the endpoint")
    String getHost();

    /** @return the port */
    @Description("TCP port of the endpoint")
    int getPort();

    /** @return whether connections use TLS */
    @Description("Whether connections to this endpoint use TLS")
    boolean isTls();

    /** @return connections leased now */
    @Description("Connections leased to the application now")
    int getActive();

    /** @return idle connections */
    @Description("Open connections waiting in the pool for reuse")
    int getIdle();

    /** @return connections being opened */
    @Description("Connections being opened now (connect, TLS handshake)")
    int getConnecting();

    /** @return waiting callers */
    @Description("Callers waiting for a free connection now")
    int getWaiting();

    /** @return active + idle */
    @Description("Open connections: Active + Idle")
    int getOpen();

    /** @return connections opened */
    @Description("Connections opened successfully since the pool started")
    long getTotalCreated();

    /** @return cache hits */
    @Description("Leases served by an existing connection (cache hits)")
    long getTotalReused();

    /** @return cache misses */
    @Description("Leases that needed a new connection (cache misses)")
    long getCacheMisses();

    /** @return connections closed */
    @Description("Connections closed since the pool started (TotalCreated - TotalClosed = Open when quiet)")
    long getTotalClosed();

    /** @return errors */
    @Description("Failed connection attempts, failed validations and invalidated connections")
    long getErrors();

    /** @return acquire timeouts */
    @Description("Callers that gave up after AcquireTimeout or were refused by MaxWaitersPerEndpoint")
    long getAcquireTimeouts();

    /** @return when the first certificate of the endpoint's TLS material expires, ISO-8601; empty without TLS files */
    @Description("When the first certificate of this endpoint's TLS material expires (client certificate chain or a CA of tlsTrustStore), ISO-8601 UTC; empty without TLS files")
    String getTlsCertificateExpiry();

    /** @return where the endpoint's TLS trust and client certificate come from (no secrets) */
    @Description("Where this endpoint's TLS trust and client certificate come from and when they were read (no secrets)")
    String getTlsMaterial();

    /** @return the whole configuration in force, as text */
    @Description("Every setting in force for this endpoint, as text")
    String getConfiguration();

    /** @return the limit */
    @Description("Maximum connections open to this endpoint (leased, idle and connecting); writable, at least 1")
    int getMaxConnectionsPerEndpoint();

    /** @param value the new limit, at least 1 and at most the pool's maxTotalConnections */
    void setMaxConnectionsPerEndpoint(int value);

    /** @return ms */
    @Description("An idle connection unused for longer is closed (ms); writable, positive")
    long getMaxIdleTime();

    /** @param millis positive */
    void setMaxIdleTime(long millis);

    /** @return ms */
    @Description("A connection older than this is closed (ms, less up to 2.5% jitter); writable, positive")
    long getMaxConnectionLifetime();

    /** @param millis positive */
    void setMaxConnectionLifetime(long millis);

    /** @return uses, {@link Integer#MAX_VALUE} for unlimited */
    @Description("A connection leased this many times is closed when returned (2147483647 = unlimited); writable")
    int getMaxConnectionUses();

    /** @param value at least 1 */
    void setMaxConnectionUses(int value);

    /** @return ms */
    @Description("Bound on one connection attempt: TCP connect, TLS handshake, protocol set-up (ms); writable, positive")
    long getConnectTimeout();

    /** @param millis positive */
    void setConnectTimeout(long millis);

    /** @return retries */
    @Description("Retries after a failed connection attempt; writable, 0 or more")
    int getConnectRetryCount();

    /** @param value 0 or more */
    void setConnectRetryCount(int value);

    /** @return ms */
    @Description("Delay before the first connect retry, doubled for each further retry (ms); writable, 0 or more")
    long getConnectRetryDelay();

    /** @param millis 0 or more */
    void setConnectRetryDelay(long millis);

    /** @return ms */
    @Description("How long a caller waits for a free connection before failing (ms); writable, 0 or more")
    long getAcquireTimeout();

    /** @param millis 0 or more */
    void setAcquireTimeout(long millis);

    /** @return waiters, {@link Integer#MAX_VALUE} for unlimited */
    @Description("Callers allowed to wait at once; more fail at once (2147483647 = unlimited); writable")
    int getMaxWaitersPerEndpoint();

    /** @param value 0 or more */
    void setMaxWaitersPerEndpoint(int value);

    /** @return ms */
    @Description("A connection idle longer gets a stale check before reuse (ms, 0 = every reuse); writable")
    long getValidateAfterInactivity();

    /** @param millis 0 or more */
    void setValidateAfterInactivity(long millis);

    /** @return connections */
    @Description("Idle connections the housekeeper keeps open; writable, 0..MaxConnectionsPerEndpoint")
    int getMinIdlePerEndpoint();

    /** @param value 0..maxConnectionsPerEndpoint */
    void setMinIdlePerEndpoint(int value);

    /** @return ms, 0 = off */
    @Description("A lease held longer is logged once with the acquirer's stack (ms, 0 = off); writable")
    long getLeakDetectionThreshold();

    /** @param millis 0 or more */
    void setLeakDetectionThreshold(long millis);

    /** @return ms, 0 = no timeout */
    @Description("SO_TIMEOUT of every leased raw connection (ms, 0 = off); writable")
    long getReadTimeout();

    /** @param millis 0 or more */
    void setReadTimeout(long millis);

    /** Closes the idle connections now; leased ones close when returned; new leases get new connections. */
    @Description("Close this endpoint's idle connections now; leased ones are closed when returned, and new leases get new connections")
    void clearEndpoint();
}
