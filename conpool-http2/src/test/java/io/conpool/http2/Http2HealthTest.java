package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.spi.AccessMode;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Health: PING after inactivity, connection errors, reader thread life. */
@Timeout(60)
class Http2HealthTest {

    @Test
    void pingAnsweredKeepsAnIdleConnectionInUse() throws Exception {
        Http2Options pingEveryReuse = Http2Options.builder().pingAfterInactivity(Duration.ZERO).build();
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(pingEveryReuse, Http2BasicsTest.config().build())) {
            Endpoint ep = server.endpoint();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, Http2Requests.send(pool, ep, Http2Request.get("/hello")).status());
                Thread.sleep(20);
            }
            try (Lease<Http2Connection> lease = pool.acquire(ep)) {
                assertTrue(lease.connection().ping(Duration.ofSeconds(5)));
                assertTrue(lease.connection().isReaderAlive());
            }
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(1, s.totalCreated(), "answered PINGs kept the one connection: " + s);
            assertEquals(1, server.connectionsOpened());
        }
    }

    @Test
    void unansweredPingAfterInactivityReplacesTheConnection() throws Exception {
        Http2Options fastPing = Http2Options.builder().pingAfterInactivity(Duration.ofMillis(50))
                .pingTimeout(Duration.ofMillis(200)).build();
        try (RawH2Peer peer = new RawH2Peer(RawH2Peer.Mode.SILENT);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(fastPing, Http2BasicsTest.config().build())) {
            Endpoint ep = peer.endpoint();
            Http2Connection first;
            try (Lease<Http2Connection> lease = pool.acquire(ep)) {
                first = lease.connection();
            }
            Thread.sleep(120);
            try (Lease<Http2Connection> lease = pool.acquire(ep)) {
                assertNotSame(first, lease.connection(), "the silent connection was not reused");
            }
            assertTrue(first.failure().getMessage().contains("PING"), first.failure().getMessage());
            assertFalse(pool.handler().isHealthy(first));
            assertEquals(2, peer.accepted());
            TestLoad.await("the silent connection closed", 10, () -> !first.isReaderAlive());
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.totalClosed());
            assertEquals(1, s.errors(), "the failed health check counts as an error");
        }
    }

    @Test
    void connectionErrorFailsTheRunningRequestAndDrainsTheConnection() throws Exception {
        ExecutorService exec = TestLoad.threads(1);
        try (RawH2Peer peer = new RawH2Peer(RawH2Peer.Mode.SILENT);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                     Http2BasicsTest.config().build())) {
            Endpoint ep = peer.endpoint();
            Lease<Http2Connection> lease = pool.acquire(ep);
            Http2Connection conn = lease.connection();
            Future<Http2Response> running = exec.submit(() -> conn.send(Http2Request.get("/never-answered")));
            TestLoad.await("the request is in flight", 10, () -> conn.openStreams() == 1);
            peer.sendToAll(RawH2Peer.DATA_ON_STREAM_ZERO);
            ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
            Http2Exception failure = (Http2Exception) e.getCause();
            assertTrue(failure.isConnectionError());
            assertFalse(failure.isRetrySafe(), "the server may have processed a request that was sent");
            assertTrue(failure.getMessage().contains("PROTOCOL_ERROR"), failure.getMessage());
            assertFalse(pool.handler().isHealthy(conn));
            assertEquals(AccessMode.draining(), pool.handler().accessMode(conn));
            assertThrows(Http2RetryableException.class, () -> conn.send(Http2Request.get("/")),
                    "a request on a failed connection is not sent, so it is safe to retry");
            assertTrue(conn.transport().isBroken(), "the handler reported the connection broken to the pool");
            lease.close(); // a plain close(): the pool does not rely on the holder to report the failure
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(1, s.totalClosed());
            assertEquals(0, s.idle());
            assertEquals(1, s.errors(), "a connection error counts once");
            TestLoad.await("the reader thread ends with the connection", 10, () -> !conn.isReaderAlive());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void aConnectionErrorOnAnIdleConnectionClosesItAtOnce() throws Exception {
        try (RawH2Peer peer = new RawH2Peer(RawH2Peer.Mode.SILENT);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                     Http2BasicsTest.config().build())) {
            Endpoint ep = peer.endpoint();
            Http2Connection conn;
            try (Lease<Http2Connection> lease = pool.acquire(ep)) {
                conn = lease.connection();
            }
            assertEquals(1, pool.stats(ep).idle());
            peer.sendToAll(RawH2Peer.DATA_ON_STREAM_ZERO);
            TestLoad.await("the pool closes the broken idle connection", 10, () -> pool.stats(ep).totalClosed() == 1);
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(0, s.idle());
            assertEquals(1, s.errors());
            TestLoad.await("the reader thread ends with the connection", 10, () -> !conn.isReaderAlive());
        }
    }

    @Test
    void readerThreadStopsWhenThePoolClosesTheConnection() throws Exception {
        PoolConfig cfg = Http2BasicsTest.config().build();
        Http2Connection conn;
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(), cfg)) {
            try (Lease<Http2Connection> lease = pool.acquire(server.endpoint())) {
                conn = lease.connection();
                assertTrue(conn.isReaderAlive());
            }
            pool.clearEndpoint(server.endpoint());
            TestLoad.await("reader ended after clearEndpoint", 10, () -> !conn.isReaderAlive());
            TestLoad.await("server saw the close", 10, () -> server.connectionsOpen() == 0);
            assertFalse(conn.isOpen());
            assertEquals(1, pool.stats(server.endpoint()).totalClosed());
        }
    }

    @Test
    void refusedStreamIsSafeToRetryAndTheHelperRetriesItOnce() throws Exception {
        try (RawH2Peer peer = new RawH2Peer(RawH2Peer.Mode.REFUSE_FIRST_STREAM);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                     Http2BasicsTest.config().build())) {
            Endpoint ep = peer.endpoint();
            try (Lease<Http2Connection> lease = pool.acquire(ep)) {
                Http2RetryableException refused = assertThrows(Http2RetryableException.class,
                        () -> lease.connection().send(Http2Request.post("/x", new byte[]{1})));
                assertEquals(0x7, refused.errorCode());
                assertTrue(refused.getMessage().contains("REFUSED_STREAM"), refused.getMessage());
                assertTrue(lease.connection().isOpen(), "a refused stream does not cost the connection");
            }
            Http2Response r = Http2Requests.send(pool, ep, Http2Request.get("/x"));
            assertEquals(200, r.status());
            assertEquals(java.util.List.of(1, 3), peer.requestStreams());
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(1, s.totalCreated());
            assertEquals(0, s.errors());
        }
    }
}
