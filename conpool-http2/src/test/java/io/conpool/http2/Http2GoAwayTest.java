package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionFailedException;
import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.spi.AccessMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GOAWAY: draining connections, retry of streams the server did not process, graceful server stop. */
@Timeout(90)
class Http2GoAwayTest {

    @Test
    void goAwayOnAnIdleConnectionClosesItAndTheNextRequestUsesANewOne() throws Exception {
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(),
                     Http2BasicsTest.config().build())) {
            Endpoint ep = server.endpoint();
            Http2Connection first;
            try (Lease<Http2Connection> lease = pool.acquire(ep)) {
                first = lease.connection();
                assertEquals(200, first.send(Http2Request.get("/hello")).status());
            }
            server.forEachSession(HTTP2Session::shutdown);
            TestLoad.await("the client closes the drained connection", 10,
                    () -> pool.stats(ep).totalClosed() == 1 && server.connectionsOpen() == 0);
            assertTrue(first.goAwayReceived());
            assertEquals(ErrorCode.NO_ERROR.code, first.goAwayErrorCode());
            assertFalse(pool.handler().isHealthy(first));
            assertEquals(AccessMode.draining(), pool.handler().accessMode(first));
            Http2RetryableException notSent = assertThrows(Http2RetryableException.class,
                    () -> first.send(Http2Request.get("/hello")));
            assertTrue(notSent.getMessage().contains("safe to retry"), notSent.getMessage());

            assertEquals(200, Http2Requests.send(pool, ep, Http2Request.get("/hello")).status());
            assertEquals(2, server.connectionsOpened());
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(2, s.totalCreated());
            assertEquals(0, s.errors(), "a GOAWAY is not an error");
        }
    }

    @Test
    void streamsAboveTheLastStreamIdFailAsSafeToRetryAndAreRetriedOnAnotherConnection() throws Exception {
        PoolConfig cfg = Http2BasicsTest.config().maxConnectionsPerEndpoint(2).build();
        ExecutorService exec = TestLoad.threads(4);
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(), cfg)) {
            Endpoint ep = server.endpoint();
            assertEquals(200, Http2Requests.send(pool, ep, Http2Request.get("/hello")).status()); // stream 1
            List<Future<Http2Response>> four = TestLoad.startAll(exec, 4,
                    () -> Http2Requests.send(pool, ep, Http2Request.get("/gate"))); // streams 3, 5, 7, 9
            TestLoad.await("4 requests at the server", 10, () -> server.gateArrivals() == 4);
            // The server claims it processed nothing above stream 5: 7 and 9 must be retried elsewhere.
            server.forEachSession(s -> s.goAway(new GoAwayFrame(5, ErrorCode.NO_ERROR.code, null), Callback.NOOP));
            TestLoad.await("the 2 retried requests at the server", 10, () -> server.gateArrivals() == 6);
            server.openGate();
            Set<String> connections = new HashSet<>();
            for (Future<Http2Response> f : four) {
                Http2Response r = f.get(10, TimeUnit.SECONDS);
                assertEquals(200, r.status());
                connections.add(r.header("x-connection").orElseThrow());
            }
            assertEquals(2, connections.size(), "two answers came on the first connection, two on the retry connection");
            assertEquals(2, server.connectionsOpened());
            TestLoad.await("the client closes the drained connection", 10, () -> pool.stats(ep).totalClosed() == 1);
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(2, s.totalCreated());
            assertEquals(1, s.idle());
        } finally {
            exec.shutdownNow();
        }
    }

    /** The two ways a server sends GOAWAY during {@link #goAwayMidLoadLosesNoRequest}. */
    static final List<String> GOAWAY_KINDS = List.of("graceful shutdown (two GOAWAYs)",
            "immediate GOAWAY with the last stream id");

    /**
     * While 16 threads send at least 640 requests, the server sends GOAWAY on one of its connections every 80 ms
     * (a server process behind the endpoint shutting down, another taking the traffic): every request
     * is answered, and the server processed each exactly once (nothing lost, nothing applied twice).
     * A GOAWAY may hit a connection that a retried request has just moved to; {@link Http2Requests}
     * then retries again (up to {@link Http2Requests#DEFAULT_MAX_ATTEMPTS} sends).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"graceful shutdown (two GOAWAYs)", "immediate GOAWAY with the last stream id"})
    void goAwayMidLoadLosesNoRequest(String kind) throws Exception {
        loadWithGoAways(kind);
    }

    /** The scenario of {@link #goAwayMidLoadLosesNoRequest}, also run repeatedly by {@link Http2GoAwayStressTest}. */
    static void loadWithGoAways(String kind) throws Exception {
        boolean graceful = kind.startsWith("graceful");
        PoolConfig cfg = Http2BasicsTest.config().maxConnectionsPerEndpoint(4).build();
        int threads = 16;
        int perThread = 40;
        int minRounds = 3;
        ExecutorService exec = TestLoad.threads(threads + 1);
        try (H2TestServer server = H2TestServer.h2c(100);
             ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(), cfg)) {
            Endpoint ep = server.endpoint();
            AtomicInteger rounds = new AtomicInteger();
            AtomicBoolean loadOver = new AtomicBoolean();
            // Each worker sends perThread requests, and keeps going (up to 20x as many) until at least
            // minRounds GOAWAYs went out, so a fast machine cannot finish the load before the GOAWAYs.
            List<Future<int[]>> workers = TestLoad.startAll(exec, threads, () -> {
                int sent = 0;
                int ok = 0;
                while (sent < perThread || (rounds.get() < minRounds && sent < perThread * 20)) {
                    Http2Response r = Http2Requests.send(pool, ep, Http2Request.get("/wait?ms=3"));
                    sent++;
                    if (r.status() == 200) {
                        ok++;
                    }
                }
                return new int[]{sent, ok};
            });
            Future<Integer> goAways = exec.submit(() -> {
                while (!loadOver.get() && rounds.get() < 8) {
                    Thread.sleep(80);
                    List<HTTP2Session> sessions = server.sessions();
                    sessions.removeIf(HTTP2Session::isClosed);
                    if (!sessions.isEmpty()) {
                        if (graceful) {
                            sessions.get(0).shutdown();
                        } else {
                            server.goAwayNow(sessions.get(0)); // session.close(NO_ERROR), see goAwayNow
                        }
                        rounds.incrementAndGet();
                    }
                }
                return rounds.get();
            });
            int sent = 0;
            int ok = 0;
            try {
                for (Future<int[]> w : workers) {
                    int[] r = w.get(60, TimeUnit.SECONDS);
                    sent += r[0];
                    ok += r[1];
                }
            } catch (ExecutionException e) {
                throw new AssertionError("a request was lost: " + e.getCause(), e.getCause());
            } finally {
                loadOver.set(true);
            }
            assertTrue(goAways.get(10, TimeUnit.SECONDS) >= minRounds, "GOAWAY rounds were sent during the load");
            assertTrue(sent >= threads * perThread, "sent " + sent);
            assertEquals(sent, ok, "every request answered with 200");
            assertEquals(sent, server.requests(), "every request processed exactly once");
            assertTrue(server.connectionsOpened() > 1, "GOAWAY made the pool open new connections");
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertTrue(s.totalClosed() >= 1, s.toString());
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void gracefulServerStopFinishesRunningRequestsAndTheClientClosesItsConnections() throws Exception {
        PoolConfig cfg = Http2BasicsTest.config().maxConnectionsPerEndpoint(2).connectRetryCount(0).build();
        ExecutorService exec = TestLoad.threads(9);
        H2TestServer server = H2TestServer.h2c(100);
        try (ConnectionPool<Http2Connection> pool = Http2BasicsTest.pool(Http2Options.defaults(), cfg)) {
            Endpoint ep = server.endpoint();
            assertEquals(200, Http2Requests.send(pool, ep, Http2Request.get("/hello")).status());
            List<Future<Http2Response>> running = TestLoad.startAll(exec, 8,
                    () -> Http2Requests.send(pool, ep, Http2Request.get("/wait?ms=400")));
            TestLoad.await("8 requests at the server", 10, () -> server.requests() == 9);
            long start = System.nanoTime();
            Future<?> stop = exec.submit(() -> {
                server.stop();
                return null;
            });
            for (Future<Http2Response> f : running) {
                assertEquals(200, f.get(10, TimeUnit.SECONDS).status(), "a running request survives the graceful stop");
            }
            stop.get(10, TimeUnit.SECONDS);
            long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(stopMs < 5_000, "the stop did not wait for its 10 s timeout (client closed drained connections): "
                    + stopMs + " ms");
            EndpointStats s = TestLoad.awaitQuiet(pool, ep);
            assertEquals(0, s.idle(), "no connection to the stopped server is kept: " + s);
            assertEquals(s.totalCreated(), s.totalClosed());
            IllegalStateIsFine.check(() -> Http2Requests.send(pool, ep, Http2Request.get("/hello")));
        } finally {
            exec.shutdownNow();
            server.close();
        }
    }

    /** After the stop, a new request cannot connect: it fails with the pool's connect error, not a protocol error. */
    private static final class IllegalStateIsFine {
        static void check(org.junit.jupiter.api.function.Executable e) {
            Throwable t = assertThrows(Throwable.class, e);
            assertInstanceOf(ConnectionFailedException.class, t, String.valueOf(t));
        }
    }
}
