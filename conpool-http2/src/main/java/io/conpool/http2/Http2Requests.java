package io.conpool.http2;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import java.io.IOException;

/** Sends HTTP/2 requests through a pool, retrying once when the server certainly did not process them. */
public final class Http2Requests {
    private static final System.Logger LOG = System.getLogger("io.conpool.http2");

    private Http2Requests() {
    }

    /**
     * Leases a connection to {@code endpoint}, sends {@code request} on it and returns the lease. When the
     * request fails with {@link Http2RetryableException} (GOAWAY below its stream, REFUSED_STREAM, or the
     * connection was going away before it was sent) it is sent once more on a newly leased connection; the
     * connection that went away is not handed out again, since it is draining.
     *
     * @param pool     a pool whose handler is {@link Http2ProtocolHandler}
     * @param endpoint where to send
     * @param request  the request
     * @return the response
     * @throws Http2RetryableException if the retry was also not processed
     * @throws Http2Exception          if the stream or connection failed in a way that is not known to be safe to retry
     * @throws IOException             if no connection could be leased ({@link io.conpool.ConpoolException} and its subclasses)
     */
    public static Http2Response send(ConnectionPool<Http2Connection> pool, Endpoint endpoint, Http2Request request)
            throws IOException {
        try {
            return sendOnce(pool, endpoint, request);
        } catch (Http2RetryableException first) {
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: retrying " + request + " to " + endpoint
                    + " on another connection: " + first.getMessage());
            try {
                return sendOnce(pool, endpoint, request);
            } catch (IOException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private static Http2Response sendOnce(ConnectionPool<Http2Connection> pool, Endpoint endpoint, Http2Request request)
            throws IOException {
        Lease<Http2Connection> lease = pool.acquire(endpoint);
        boolean broken = false;
        try {
            return lease.connection().send(request);
        } catch (Http2RetryableException e) {
            throw e; // the connection drains by itself (GOAWAY) or is fine (REFUSED_STREAM)
        } catch (Http2Exception e) {
            broken = e.isConnectionError();
            throw e;
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
