package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.spi.ProtocolHandler;
import io.conpool.testing.FaultProxy;
import io.conpool.testing.LineServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection that failed is never handed out again, although callers only ever {@code close()}
 * their leases (the README's pattern): end of stream, I/O errors, read timeouts, use after the
 * lease ended, I/O still running at return, a handler's report, a backend restart. Faults come
 * from a real {@link FaultProxy} in front of a real server.
 */
@Timeout(60)
class SelfHealingTest {

    private static ConnectionPool<Transport> pool(PoolConfig.Builder b) {
        return ConnectionPool.create(b.build());
    }

    @Test
    void endOfStreamMarksTheConnectionBrokenAndCloseDiscardsIt() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Socket first;
            try (Lease<Transport> l = pool.acquire(ep)) {
                first = l.connection().socket();
                Lines.write(l.connection(), "close"); // the server closes without answering
                assertThrows(EOFException.class, () -> Lines.read(l.connection().input()));
                assertTrue(l.connection().isBroken());
            } // a plain close(), no invalidate()
            assertTrue(first.isClosed(), "a connection that hit end of stream is closed, not pooled");
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
                assertEquals("next", Lines.roundTrip(l.connection(), "next"));
            }
            EndpointStats s = pool.stats(ep);
            assertEquals(1, s.errors(), "the broken connection is counted once: " + s);
            assertEquals(2, s.totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void aTimedOutRequestNeverPoisonsTheNextCaller() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool(PoolConfig.builder().readTimeout(Duration.ofMillis(200)))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                Lines.write(l.connection(), "sleep:600 late answer");
                assertThrows(SocketTimeoutException.class, () -> Lines.read(l.connection().input()));
            } // closed normally while the late answer is still on its way
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused(), "the timed-out connection was discarded");
                assertEquals("mine", Lines.roundTrip(l.connection(), "mine"), "not the previous caller's answer");
            }
            Thread.sleep(700); // the late answer arrives: it must not be anywhere the pool can reach
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("still mine", Lines.roundTrip(l.connection(), "still mine"));
            }
            assertEquals(1, pool.stats(ep).errors());
            assertBalanced(pool);
        }
    }

    @Test
    void aServerBlackholedMidRequestFailsTheCallerAfterReadTimeoutAndTheNextGetsAFreshConnection() throws Exception {
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             ConnectionPool<Transport> pool = pool(PoolConfig.builder().readTimeout(Duration.ofMillis(300)))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", proxy.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("warm", Lines.roundTrip(l.connection(), "warm"));
            }
            proxy.blackhole(true);
            long start = System.nanoTime();
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertTrue(l.isReused());
                assertThrows(SocketTimeoutException.class, () -> Lines.roundTrip(l.connection(), "lost"));
            }
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 250, "failed after readTimeout, not before: " + waitedMs + " ms");
            proxy.blackhole(false);
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused(), "a fresh connection after the timeout");
                assertEquals("back", Lines.roundTrip(l.connection(), "back"));
            }
            assertEquals(2, proxy.acceptedConnections());
            assertBalanced(pool);
        }
    }

    @Test
    void aConnectionResetByThePeerIsDiscardedOnClose() throws Exception {
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             ConnectionPool<Transport> pool = pool(PoolConfig.builder().validateAfterInactivity(Duration.ofHours(1)))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", proxy.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("a", Lines.roundTrip(l.connection(), "a"));
                proxy.resetAll();
                assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 100; i++) { // the first write may still be accepted by the kernel
                        Lines.roundTrip(l.connection(), "b");
                    }
                });
            }
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
                assertEquals("c", Lines.roundTrip(l.connection(), "c"));
            }
            assertBalanced(pool);
        }
    }

    @Test
    void aServerClosingAfterPartOfItsAnswerLeavesNoConnectionBehind() throws Exception {
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", proxy.port());
            proxy.closeAfterBytes(3);
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertThrows(EOFException.class, () -> Lines.roundTrip(l.connection(), "truncated"));
            }
            proxy.closeAfterBytes(-1);
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
                assertEquals("whole", Lines.roundTrip(l.connection(), "whole"));
            }
            assertBalanced(pool);
        }
    }

    @Test
    void aHalfClosedConnectionIsNeverReused() throws Exception {
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             ConnectionPool<Transport> pool = pool(PoolConfig.builder().validateAfterInactivity(Duration.ZERO))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", proxy.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("a", Lines.roundTrip(l.connection(), "a"));
            }
            proxy.halfCloseAll(); // the server side stops sending while the connection is idle
            Thread.sleep(100); // the end of stream reaches the client
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused(), "the stale check saw end of stream");
                assertEquals("b", Lines.roundTrip(l.connection(), "b"));
            }
            assertEquals(1, pool.stats(ep).errors());
            assertBalanced(pool);
        }
    }

    @Test
    void aConnectionKeptAfterItsLeaseEndedRefusesEveryUse() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Transport kept;
            try (Lease<Transport> l = pool.acquire(ep)) {
                kept = l.connection();
                assertEquals("mine", Lines.roundTrip(kept, "mine"));
            }
            try (Lease<Transport> other = pool.acquire(ep)) {
                assertTrue(other.isReused(), "the same connection now belongs to another caller");
                LeaseEndedException w = assertThrows(LeaseEndedException.class, () -> Lines.write(kept, "stray"));
                assertTrue(w.getMessage().contains(ep.toString()), w.getMessage());
                assertThrows(LeaseEndedException.class, () -> kept.input().read());
                assertThrows(LeaseEndedException.class, () -> kept.output().flush());
                UncheckedIOException s = assertThrows(UncheckedIOException.class, kept::socket);
                assertInstanceOf(LeaseEndedException.class, s.getCause());
                assertEquals("theirs", Lines.roundTrip(other.connection(), "theirs"), "the other caller's exchange is intact");
            }
            assertEquals(0, pool.stats(ep).errors(), "refused use does not break the connection");
            assertEquals(1, pool.stats(ep).totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void aLeaseReturnedWhileAnotherThreadStillReadsClosesTheConnection() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> l = pool.acquire(ep);
            Transport t = l.connection();
            Socket socket = t.socket();
            Lines.write(t, "sleep:1500 slow"); // the server answers (to a closed socket) well within its 5 s close grace
            AtomicReference<Throwable> readerSaw = new AtomicReference<>();
            CountDownLatch reading = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try {
                    reading.countDown();
                    Lines.read(t.input());
                } catch (Throwable e) {
                    readerSaw.set(e);
                }
            });
            reader.start();
            reading.await();
            Thread.sleep(100); // the reader is inside read()
            l.close();
            reader.join(10_000);
            assertFalse(reader.isAlive());
            assertInstanceOf(IOException.class, readerSaw.get(), "the read ended with the connection");
            assertTrue(socket.isClosed(), "its state was unknown: closed, not pooled");
            try (Lease<Transport> again = pool.acquire(ep)) {
                assertFalse(again.isReused());
            }
            assertEquals(1, pool.stats(ep).errors());
            assertBalanced(pool);
        }
    }

    @Test
    void ioByAnInterruptedThreadBreaksTheConnectionAndTheNextCallerIsUnharmed() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = pool(PoolConfig.builder())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            try (Lease<Transport> l = pool.acquire(ep)) {
                Thread.currentThread().interrupt();
                try {
                    assertThrows(IOException.class, () -> Lines.roundTrip(l.connection(), "x"),
                            "channel sockets close on I/O by an interrupted thread");
                } finally {
                    Thread.interrupted();
                }
            }
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
                assertEquals("y", Lines.roundTrip(l.connection(), "y"));
            }
            assertBalanced(pool);
        }
    }

    /** A handler whose state wraps the transport (as protocol handlers do) and can report it broken. */
    private static final class Wrapped {
        final Transport transport;

        Wrapped(Transport transport) {
            this.transport = transport;
        }
    }

    private static final ProtocolHandler<Wrapped> WRAPPING = new ProtocolHandler<>() {
        @Override
        public String name() {
            return "wrapping";
        }

        @Override
        public Wrapped init(Transport transport) {
            return new Wrapped(transport);
        }
    };

    @Test
    void aHandlerReportingAnIdleConnectionBrokenHasItClosedAtOnce() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Wrapped> pool = ConnectionPool.builder(WRAPPING).config(PoolConfig.builder().build()).build()) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Wrapped w;
            try (Lease<Wrapped> l = pool.acquire(ep)) {
                w = l.connection();
            }
            assertEquals(1, pool.stats(ep).idle());
            w.transport.markBroken(new IOException("connection-level protocol error"));
            w.transport.markBroken(new IOException("reported twice"));
            assertTrue(w.transport.isBroken());
            EndpointStats s = pool.stats(ep);
            assertEquals(0, s.idle(), "closed at once: " + s);
            assertEquals(1, s.totalClosed());
            assertEquals(1, s.errors(), "counted once");
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)));
            try (Lease<Wrapped> l = pool.acquire(ep)) {
                assertFalse(l.isReused());
            }
            assertBalanced(pool);
        }
    }

    @Test
    void aHandlerReportingALeasedConnectionBrokenHasItClosedWhenReturned() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Wrapped> pool = ConnectionPool.builder(WRAPPING).config(PoolConfig.builder().build()).build()) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Socket socket;
            try (Lease<Wrapped> l = pool.acquire(ep)) {
                socket = l.connection().transport.socket();
                l.connection().transport.markBroken(null);
                assertFalse(socket.isClosed(), "the holder keeps it until it returns it");
            }
            assertTrue(socket.isClosed());
            assertEquals(1, pool.stats(ep).errors());
            assertBalanced(pool);
        }
    }

    @Test
    void aFailureBetweenConnectAndInstallClosesTheSocketAndGivesTheSlotBack() throws Exception {
        AtomicBoolean failClock = new AtomicBoolean();
        Ticker ticker = () -> {
            if (failClock.getAndSet(false)) {
                throw new IllegalStateException("clock failure right after connect");
            }
            return System.nanoTime();
        };
        ProtocolHandler<Transport> armsTheClock = new ProtocolHandler<>() {
            @Override
            public String name() {
                return "arms-the-clock";
            }

            @Override
            public Transport init(Transport transport) {
                failClock.set(true);
                return transport;
            }
        };
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.builder(armsTheClock)
                     .config(PoolConfig.builder().maxConnectionsPerEndpoint(1).ticker(ticker).build()).build()) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            for (int i = 0; i < 5; i++) {
                ConpoolException e = assertThrows(ConpoolException.class, () -> pool.acquire(ep));
                assertTrue(e.getMessage().contains("the connection was closed"), e.getMessage());
            }
            assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)), "no socket leaked: "
                    + server.openConnections() + " still open");
            EndpointStats s = pool.stats(ep);
            assertEquals(0, s.active() + s.idle() + s.connecting(), "no slot leaked: " + s);
            assertEquals(5, s.errors());
        }
    }

    @Test
    void aBackendRestartMidLoadHealsWithoutHelp() throws Exception {
        int limit = 8;
        int callers = 32;
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peakOpen = new AtomicInteger();
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             ConnectionPool<Transport> pool = pool(PoolConfig.builder().maxConnectionsPerEndpoint(limit)
                     .connectRetryCount(1).connectRetryDelay(Duration.ofMillis(20))
                     .acquireTimeout(Duration.ofSeconds(20))
                     .onConnectionCreated(e -> peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max))
                     .onConnectionClosed(e -> open.decrementAndGet()))) {
            Endpoint ep = Endpoint.plain("127.0.0.1", proxy.port());
            // phases: 0 before the restart, 1 during the outage, 2 after it (plus a grace for in-flight requests)
            AtomicInteger phase = new AtomicInteger();
            AtomicInteger[] failures = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
            AtomicInteger[] successes = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> lateErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < callers; i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        int p = phase.get();
                        String line = "c" + id + "-" + n++;
                        try (Lease<Transport> l = pool.acquire(ep)) { // never invalidate(): only close()
                            if (!line.equals(Lines.roundTrip(l.connection(), line))) {
                                throw new IOException("wrong answer");
                            }
                            successes[p].incrementAndGet();
                        } catch (IOException e) {
                            failures[phase.get()].incrementAndGet(); // by when it failed
                            if (p == 2) { // started after the outage and its grace
                                lateErrors.add(e);
                            }
                        }
                    }
                }, "caller-" + i);
                threads.add(t);
                t.start();
            }
            Thread.sleep(500);
            phase.set(1);
            proxy.restart(Duration.ofMillis(700)); // every connection closed, connects refused for 0.7 s
            Thread.sleep(200); // requests that started during the outage finish
            phase.set(2);
            Thread.sleep(1000);
            stop.set(true);
            for (Thread t : threads) {
                t.join(20_000);
                assertFalse(t.isAlive(), t.getName() + " is stuck");
            }
            assertTrue(successes[0].get() > 0 && successes[2].get() > 0, "load ran before and after");
            assertTrue(lateErrors.isEmpty(), "no error after the backend came back: " + lateErrors.size() + ", first: "
                    + (lateErrors.isEmpty() ? "" : lateErrors.get(0)));
            assertEquals(0, failures[0].get(), "no error before the restart");
            assertTrue(failures[1].get() > 0, "the outage was real: callers saw it");
            EndpointStats s = pool.stats(ep);
            assertTrue(s.totalCreated() > limit, "the dead connections were replaced: " + s);
            assertTrue(peakOpen.get() <= limit, "never more sockets than the limit: " + peakOpen.get());
            assertBalanced(pool);
        }
    }
}
