package io.conpool.http2;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends HTTP/2 requests through a pool and retries them on another connection where that cannot
 * apply a request twice. The retry policy:
 *
 * <ul>
 *   <li>A request the server certainly did not process ({@link Http2Exception#isRetrySafe()}: its
 *       stream was above the last-stream-id of a GOAWAY, the server refused it with
 *       {@code REFUSED_STREAM}, or it was never sent because the connection was already going away)
 *       is sent again.</li>
 *   <li>A request that may have been processed (its connection broke while it was in flight, which
 *       includes a stream at or below a GOAWAY's last-stream-id whose connection then closed) is sent
 *       again only if the caller marked it {@linkplain Http2Request#isIdempotent() idempotent}.</li>
 *   <li>Nothing else is retried: a stream reset by the server, a response over the size limit, a
 *       timeout.</li>
 *   <li>At most {@code maxAttempts} sends, all within the caller's {@code timeout} (each send gets the
 *       time that is left), each on a connection that is not draining: a leased connection that has
 *       already seen GOAWAY or failed is handed back without sending, and a request refused by its
 *       connection before any byte left (GOAWAY arrived between the lease and the send) is not counted
 *       as an attempt either (at most 64 such skips per call).</li>
 * </ul>
 */
public final class Http2Requests {
    /** Sends per request that {@link #send(ConnectionPool, Endpoint, Http2Request)} allows, {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    private static final System.Logger LOG = System.getLogger("io.conpool.http2");
    /** Draining connections skipped before giving up: the pool retires them at once, so a few at most. */
    private static final int MAX_DRAINING_SKIPS = 64;
    private static final Duration FALLBACK_TIMEOUT = Duration.ofSeconds(30);

    private Http2Requests() {
    }

    /**
     * {@link #send(ConnectionPool, Endpoint, Http2Request, Duration, int)} with the handler's
     * {@link Http2Options#responseTimeout()} as the whole time bound and {@value #DEFAULT_MAX_ATTEMPTS}
     * attempts.
     *
     * @param pool     a pool whose handler is {@link Http2ProtocolHandler}
     * @param endpoint where to send
     * @param request  the request
     * @return the response
     * @throws Http2RetryableException if every attempt failed without the server processing the request
     * @throws Http2Exception          if the stream or connection failed in a way that is not retried
     * @throws IOException             if no connection could be leased ({@link io.conpool.ConpoolException} and its subclasses)
     */
    public static Http2Response send(ConnectionPool<Http2Connection> pool, Endpoint endpoint, Http2Request request)
            throws IOException {
        Duration timeout = pool != null && pool.handler() instanceof Http2ProtocolHandler
                ? ((Http2ProtocolHandler) pool.handler()).options().responseTimeout() : FALLBACK_TIMEOUT;
        return send(pool, endpoint, request, timeout, DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * Leases a connection to {@code endpoint}, sends {@code request} on it, returns the lease, and
     * retries by the policy in the class comment.
     *
     * @param pool        a pool whose handler is {@link Http2ProtocolHandler}
     * @param endpoint    where to send
     * @param request     the request
     * @param timeout     bound on the whole call, all attempts included (positive); a lease wait is
     *                    bounded by the pool's own {@code acquireTimeout}
     * @param maxAttempts how many times the request may be sent, at least 1
     * @return the response
     * @throws IllegalArgumentException if {@code timeout} is not positive or {@code maxAttempts < 1}
     * @throws NullPointerException     if an argument is null
     * @throws Http2RetryableException  if every attempt failed without the server processing the request
     * @throws Http2Exception           if the stream or connection failed in a way that is not retried, or
     *                                  the time bound passed
     * @throws IOException              if no connection could be leased ({@link io.conpool.ConpoolException} and its subclasses)
     */
    public static Http2Response send(ConnectionPool<Http2Connection> pool, Endpoint endpoint, Http2Request request,
                                     Duration timeout, int maxAttempts) throws IOException {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempts = 0;
        int skipped = 0;
        Http2Exception last = null;
        for (;;) {
            if (last != null && deadline - System.nanoTime() <= 0) {
                throw new Http2Exception("request " + request + " to " + endpoint + " not answered within "
                        + timeout.toMillis() + " ms over " + attempts + " attempts; the last failure was: "
                        + last.getMessage(), last.errorCode(), false, last);
            }
            Lease<Http2Connection> lease = pool.acquire(endpoint);
            Http2Connection connection = lease.connection();
            if (!connection.isOpen() && skipped < MAX_DRAINING_SKIPS) {
                skipped++; // went away between the pool's check and ours: the pool retires it, lease another
                lease.close();
                continue;
            }
            attempts++;
            boolean broken = false;
            try {
                return connection.send(request, deadline);
            } catch (Http2Exception e) {
                broken = e.isConnectionError() && !e.isRetrySafe();
                if (last != null) {
                    e.addSuppressed(last);
                }
                if (e instanceof Http2Connection.NotSent && skipped < MAX_DRAINING_SKIPS) {
                    attempts--; // went away between our check and the send: nothing left, not an attempt
                    skipped++;
                }
                if (!mayRetry(request, e) || attempts >= maxAttempts || deadline - System.nanoTime() <= 0) {
                    throw e;
                }
                int n = attempts;
                LOG.log(System.Logger.Level.DEBUG, () -> "conpool: retrying " + request + " to " + endpoint
                        + " on another connection after attempt " + n + ": " + e.getMessage());
                last = e;
            } catch (IOException | RuntimeException | Error e) {
                broken = true;
                throw e;
            } finally {
                if (broken) {
                    lease.invalidate();
                } else {
                    lease.close();
                }
            }
        }
    }

    /** Retry-safe failures always; connection failures (the server may have processed it) only when idempotent. */
    static boolean mayRetry(Http2Request request, Http2Exception e) {
        return e.isRetrySafe() || (request.isIdempotent() && e.isConnectionError());
    }
}
