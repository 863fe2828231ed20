package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.spi.AccessMode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many requests sharing connections as concurrent streams, within the server's stream limit. */
@Timeout(90)
class Http2MultiplexingTest {

    private static Http2Response leaseAndSend(ConnectionPool<Http2Connection> pool, Endpoint ep, String path)
            throws Exception {
        try (Lease<Http2Connection> lease = pool.acquire(ep)) {
            return lease.connection().send(Http2Request.get(path)); // no retry: a refused stream fails the test
        }
    }

    @Test
    void twoHundredConcurrentRequestsGoOverOneTlsConnection() throws Exception {
        Http2Options options = Http2Options.builder().maxConcurrentStreams(200).build();
        PoolConfig cfg = Http2BasicsTest.config().maxConnectionsPerEndpoint(1).build();
        ExecutorService exec = TestLoad.threads(200);
        try (H2TestServer server = H2TestServer.h2(256);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(options, cfg)) {
            Endpoint ep = server.endpoint();
            List<Future<Http2Response>> results = TestLoad.startAll(exec, 200, () -> leaseAndSend(pool, ep, "/gate"));
            TestLoad.await("all 200 requests inside the server at once (arrived " + server.gateArrivals() + ")", 30,
                    () -> server.gateArrivals() == 200);
            assertEquals(200, server.peakConcurrentRequestsPerConnection(), "200 streams open at once on one connection");
            server.openGate();
            Set<String> connections = new HashSet<>();
            for (Future<Http2Response> f : results) {
                Http2Response r = f.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.status());
                connections.add(r.header("x-connection").orElseThrow());
            }
            assertEquals(1, connections.size(), "every response came over the same connection");
            assertEquals(1, server.connectionsOpened(), "exactly one TCP connection reached the server");
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(1, s.totalCreated());
            assertEquals(199, s.totalReused(), "199 leases shared the first connection");
            assertEquals(0, s.totalClosed());
            assertEquals(1, s.idle());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void aColdBurstOpensOneConnectionForEveryone() throws Exception {
        // nothing is open yet, but the handler expects maxConcurrentStreams holders per connection,
        // so callers wait for the first connection instead of each opening one
        PoolConfig cfg = Http2BasicsTest.config().maxConnectionsPerEndpoint(8).build();
        ExecutorService exec = TestLoad.threads(16);
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(), cfg)) {
            Endpoint ep = server.endpoint();
            List<Future<Http2Response>> results = TestLoad.startAll(exec, 16, () -> leaseAndSend(pool, ep, "/gate"));
            TestLoad.await("all 16 requests inside the server at once (arrived " + server.gateArrivals() + ")", 30,
                    () -> server.gateArrivals() == 16);
            server.openGate();
            for (Future<Http2Response> f : results) {
                assertEquals(200, f.get(30, TimeUnit.SECONDS).status());
            }
            assertEquals(1, server.connectionsOpened(), "one TCP connection for the whole burst");
            assertEquals(1, TestLoad.awaitQuiet(pool, ep).totalCreated());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void serverLimitOfFiveStreamsIsNeverExceededAndASecondConnectionOpensOnlyWhenTheFirstIsFull() throws Exception {
        PoolConfig cfg = Http2BasicsTest.config().maxConnectionsPerEndpoint(3).build();
        ExecutorService exec = TestLoad.threads(40);
        try (H2TestServer server = H2TestServer.h2c(5);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(), cfg)) {
            Endpoint ep = server.endpoint();
            // Warm: one connection exists and its capacity (5) is known. From a cold pool the handler's
            // expected capacity (100) would make the first callers wait for the first connection, then
            // those beyond its 5 streams would open more; warming keeps this test about the limit alone.
            assertEquals(200, leaseAndSend(pool, ep, "/hello").status());
            List<Future<Http2Response>> firstFive = TestLoad.startAll(exec, 5, () -> leaseAndSend(pool, ep, "/gate"));
            TestLoad.await("5 requests at the server", 10, () -> server.gateArrivals() == 5);
            assertEquals(1, server.connectionsOpened(), "5 streams fit the first connection");
            assertEquals(1, pool.stats(ep).totalCreated());
            try (Lease<Http2Connection> probe = pool.acquire(ep)) {
                assertEquals(AccessMode.shared(5), pool.handler().accessMode(probe.connection()));
                assertEquals(2, server.connectionsOpened(), "the sixth holder needed a second connection");
            }
            List<Future<Http2Response>> next = TestLoad.startAll(exec, 3, () -> leaseAndSend(pool, ep, "/gate"));
            TestLoad.await("8 requests at the server", 10, () -> server.gateArrivals() == 8);
            assertEquals(2, server.connectionsOpened(), "3 more streams fit the second connection");
            server.openGate();
            for (Future<Http2Response> f : firstFive) {
                assertEquals(200, f.get(10, TimeUnit.SECONDS).status());
            }
            for (Future<Http2Response> f : next) {
                assertEquals(200, f.get(10, TimeUnit.SECONDS).status());
            }

            List<Future<Http2Response>> burst = TestLoad.startAll(exec, 40, () -> {
                Http2Response last = null;
                for (int i = 0; i < 5; i++) {
                    last = leaseAndSend(pool, ep, "/wait?ms=5");
                }
                return last;
            });
            for (Future<Http2Response> f : burst) {
                assertEquals(200, f.get(30, TimeUnit.SECONDS).status());
            }
            assertEquals(5, server.peakConcurrentRequestsPerConnection(), "the limit was reached and never exceeded");
            assertTrue(server.connectionsOpened() <= 3, "at most maxConnectionsPerEndpoint connections");
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(0, s.errors(), "no stream was refused and no connection failed: " + s);
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void serverRaisingMaxConcurrentStreamsServesAWaitingCaller() throws Exception {
        PoolConfig cfg = Http2BasicsTest.config().maxConnectionsPerEndpoint(1).build();
        ExecutorService exec = TestLoad.threads(2);
        try (H2TestServer server = H2TestServer.h2c(1);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(), cfg)) {
            Endpoint ep = server.endpoint();
            try (Lease<Http2Connection> first = pool.acquire(ep)) {
                assertEquals(AccessMode.shared(1), pool.handler().accessMode(first.connection()));
                Future<Http2Response> waiting = exec.submit(() -> leaseAndSend(pool, ep, "/hello"));
                TestLoad.await("a caller waiting for the full connection", 10, () -> pool.stats(ep).waiting() == 1);
                server.forEachSession(s -> s.settings(new SettingsFrame(Map.of(SettingsFrame.MAX_CONCURRENT_STREAMS, 3),
                        false), Callback.NOOP));
                assertEquals(200, waiting.get(10, TimeUnit.SECONDS).status(),
                        "the waiter got the connection while the first lease was still held");
                assertEquals(3, first.connection().peerMaxConcurrentStreams());
                assertEquals(AccessMode.shared(3), pool.handler().accessMode(first.connection()));
            }
            assertEquals(1, server.connectionsOpened());
            TestLoad.awaitQuiet(pool, ep);
        } finally {
            exec.shutdownNow();
        }
    }
}
