package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The retry policy of {@link Http2Requests}: what is retried, how often, and what is not. */
@Timeout(60)
class Http2RetryPolicyTest {

    @Test
    void aRequestInFlightWhenTheConnectionBrokeIsNotRetriedUnlessMarkedIdempotent() throws Exception {
        try (RawH2Peer peer = new RawH2Peer(RawH2Peer.Mode.CLOSE_ON_FIRST_REQUEST);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                     Http2BasicsTest.config().build())) {
            Endpoint ep = peer.endpoint();
            Http2Exception lost = assertThrows(Http2Exception.class,
                    () -> Http2Requests.send(pool, ep, Http2Request.post("/order", new byte[]{1})));
            assertFalse(lost.isRetrySafe(), lost.getMessage());
            assertTrue(lost.isConnectionError(), lost.getMessage());
            assertEquals(1, peer.requestStreams().size(), "a request the server may have processed is not resent");
            TestLoad.awaitQuiet(pool, ep);
        }
        try (RawH2Peer peer = new RawH2Peer(RawH2Peer.Mode.CLOSE_ON_FIRST_REQUEST);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                     Http2BasicsTest.config().build())) {
            Endpoint ep = peer.endpoint();
            Http2Request get = Http2Request.builder("GET", "/item").idempotent(true).build();
            assertTrue(get.isIdempotent());
            assertEquals(200, Http2Requests.send(pool, ep, get).status());
            assertEquals(List.of(1, 1), peer.requestStreams(), "resent once, as stream 1 of a second connection");
            assertEquals(2, peer.accepted());
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.totalClosed());
        }
    }

    @Test
    void retrySafeFailuresAreRetriedAtMostMaxAttemptsTimes() throws Exception {
        try (RawH2Peer peer = new RawH2Peer(RawH2Peer.Mode.REFUSE_ALL);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                     Http2BasicsTest.config().build())) {
            Endpoint ep = peer.endpoint();
            Http2RetryableException refused = assertThrows(Http2RetryableException.class,
                    () -> Http2Requests.send(pool, ep, Http2Request.get("/x")));
            assertTrue(refused.getMessage().contains("REFUSED_STREAM"), refused.getMessage());
            assertEquals(Http2Requests.DEFAULT_MAX_ATTEMPTS, peer.requestStreams().size());
            assertEquals(Http2Requests.DEFAULT_MAX_ATTEMPTS - 1, chainLength(refused),
                    "each earlier attempt is kept as suppressed");

            int before = peer.requestStreams().size();
            assertThrows(Http2RetryableException.class,
                    () -> Http2Requests.send(pool, ep, Http2Request.get("/x"), Duration.ofSeconds(5), 2));
            assertEquals(before + 2, peer.requestStreams().size());
            assertEquals(1, TestLoad.awaitQuiet(pool, ep).totalCreated(), "refused streams do not cost the connection");
        }
    }

    @Test
    void argumentsAreValidated() throws Exception {
        try (ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                Http2BasicsTest.config().build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", 9);
            Http2Request r = Http2Request.get("/");
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> Http2Requests.send(pool, ep, r, Duration.ZERO, 1));
            assertTrue(zero.getMessage().contains("timeout"), zero.getMessage());
            IllegalArgumentException attempts = assertThrows(IllegalArgumentException.class,
                    () -> Http2Requests.send(pool, ep, r, Duration.ofSeconds(1), 0));
            assertTrue(attempts.getMessage().contains("maxAttempts"), attempts.getMessage());
            assertThrows(NullPointerException.class, () -> Http2Requests.send(pool, ep, null));
        }
    }

    /** How many earlier failures hang below {@code e} as suppressed exceptions, one per level. */
    private static int chainLength(Throwable e) {
        int n = 0;
        Throwable t = e;
        while (t.getSuppressed().length > 0) {
            t = t.getSuppressed()[0];
            n++;
        }
        return n;
    }
}
