package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.testing.TestCerts;
import java.time.Duration;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests over real HTTP/2 servers: h2c and h2 over TLS, bodies larger than every flow-control window, resets. */
@Timeout(60)
class Http2BasicsTest {

    static ConnectionPool<Http2Connection> pool(Http2Options options, PoolConfig config) {
        return ConnectionPool.builder(new Http2ProtocolHandler(options)).name("h2-test").config(config).build();
    }

    private static SSLContext clientContext;

    /** @return the one client context of this JVM's tests, trusting the test server's certificate */
    static synchronized SSLContext clientContext() throws Exception {
        if (clientContext == null) {
            clientContext = TestCerts.localhostAndLoopbackIp().clientContext();
        }
        return clientContext;
    }

    static PoolConfig.Builder config() throws Exception {
        return PoolConfig.builder().sslContext(clientContext()).connectTimeout(Duration.ofSeconds(5))
                .acquireTimeout(Duration.ofSeconds(20));
    }

    static void assertQuiet(ConnectionPool<?> pool, io.conpool.Endpoint ep) throws InterruptedException {
        EndpointStats s = TestLoad.awaitQuiet(pool, ep);
        assertEquals(0, s.active(), () -> "no lease should be out: " + s);
    }

    @Test
    void getOverH2cWithPriorKnowledge() throws Exception {
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = pool(Http2Options.defaults(), config().build())) {
            Http2Response r = Http2Requests.send(pool, server.endpoint(), Http2Request.get("/hello"));
            assertEquals(200, r.status());
            assertEquals("hello", r.bodyText());
            assertTrue(r.header("x-connection").isPresent());
            assertEquals(1, r.streamId());
            assertEquals(1, server.connectionsOpened());
            assertQuiet(pool, server.endpoint());
        }
    }

    @Test
    void getOverTlsNegotiatesH2WithAlpn() throws Exception {
        try (H2TestServer server = H2TestServer.h2(100);
             ConnectionPool<Http2Connection> pool = pool(Http2Options.defaults(), config().build())) {
            try (Lease<Http2Connection> lease = pool.acquire(server.endpoint())) {
                Http2Response first = lease.connection().send(Http2Request.get("/hello"));
                Http2Response second = lease.connection().send(Http2Request.get("/hello"));
                assertEquals(200, first.status());
                assertEquals("hello", second.bodyText());
                assertEquals(1, first.streamId());
                assertEquals(3, second.streamId(), "the second request is the next client stream on the same connection");
                assertEquals(100, lease.connection().peerMaxConcurrentStreams());
            }
            assertEquals(1, server.connectionsOpened());
            assertQuiet(pool, server.endpoint());
        }
    }

    @Test
    void largeBodiesBothWaysRespectFlowControl() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(body);
        Http2Options small = Http2Options.builder().streamWindow(65_535).connectionWindow(65_535).build();
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = pool(small, config().build())) {
            Http2Response echo = Http2Requests.send(pool, server.endpoint(), Http2Request.post("/echo", body));
            assertEquals(200, echo.status());
            assertArrayEquals(body, echo.body(), "3 MiB sent past the server's windows and received past ours");
            Http2Response big = Http2Requests.send(pool, server.endpoint(), Http2Request.get("/bytes?n=2000000"));
            assertEquals(2_000_000, big.body().length);
            assertEquals((byte) (1999999 * 31 + 7), big.body()[1999999]);
            assertEquals(1, server.connectionsOpened());
            assertQuiet(pool, server.endpoint());
        }
    }

    @Test
    void responseOverMaxBodySizeFailsThatStreamOnly() throws Exception {
        Http2Options limited = Http2Options.builder().maxResponseBodySize(1000).build();
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = pool(limited, config().build())) {
            Http2Exception e = assertThrows(Http2Exception.class,
                    () -> Http2Requests.send(pool, server.endpoint(), Http2Request.get("/bytes?n=5000")));
            assertTrue(e.getMessage().contains("maxResponseBodySize"), e.getMessage());
            assertFalse(e.isRetrySafe());
            assertEquals("hello", Http2Requests.send(pool, server.endpoint(), Http2Request.get("/hello")).bodyText());
            assertEquals(1, server.connectionsOpened(), "a stream error does not cost the connection");
            assertQuiet(pool, server.endpoint());
        }
    }

    @Test
    void rstStreamFromServerFailsThatRequestOnly() throws Exception {
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = pool(Http2Options.defaults(), config().build())) {
            try (Lease<Http2Connection> lease = pool.acquire(server.endpoint())) {
                Http2Exception e = assertThrows(Http2Exception.class,
                        () -> lease.connection().send(Http2Request.get("/reset")));
                assertFalse(e.isRetrySafe(), "a reset after processing started is not safe to retry");
                assertFalse(e.isConnectionError());
                assertTrue(e.getMessage().contains("reset stream"), e.getMessage());
                assertEquals("hello", lease.connection().send(Http2Request.get("/hello")).bodyText());
                assertTrue(lease.connection().isOpen());
            }
            assertEquals(1, server.connectionsOpened());
            assertQuiet(pool, server.endpoint());
        }
    }

    @Test
    void plainHttp1ServerIsRejectedWithAClearError() throws Exception {
        try (java.net.ServerSocket http1 = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             ConnectionPool<Http2Connection> pool = pool(Http2Options.defaults(),
                     config().connectRetryCount(0).connectTimeout(Duration.ofSeconds(2)).build())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = http1.accept()) {
                    s.getInputStream().read(new byte[24]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes());
                } catch (java.io.IOException ignored) {
                    // the test checks the client side
                }
            });
            t.start();
            io.conpool.Endpoint ep = io.conpool.Endpoint.plain("127.0.0.1", http1.getLocalPort());
            io.conpool.ConnectionFailedException e = assertThrows(io.conpool.ConnectionFailedException.class,
                    () -> pool.acquire(ep));
            assertTrue(String.valueOf(e.getCause()).contains("HTTP/2"), String.valueOf(e.getCause()));
            t.join(5000);
            EndpointStats s = pool.stats(ep);
            assertEquals(0, s.active() + s.idle() + s.connecting());
            assertEquals(s.totalCreated(), s.totalClosed());
        }
    }
}
