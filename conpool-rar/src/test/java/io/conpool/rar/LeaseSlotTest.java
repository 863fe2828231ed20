package io.conpool.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnection;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.testing.LineServer;
import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The managed connection as a lease slot, driven the way a server drives it: an engine lease while
 * a handle is out, given back on close with CONNECTION_CLOSED, closed on an error with
 * CONNECTION_ERROR_OCCURRED; cleanup() and destroy() return what is still held.
 */
class LeaseSlotTest {
    private LineServer server;
    private ConpoolResourceAdapter adapter;
    private ConpoolManagedConnectionFactory mcf;
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final ConnectionEventListener recorder = new ConnectionEventListener() {
        @Override
        public void connectionClosed(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            events.add(event);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = LineServer.echo();
        adapter = new ConpoolResourceAdapter();
        adapter.setJmxEnabled(false);
        adapter.start(null);
        mcf = new ConpoolManagedConnectionFactory();
        mcf.setHost("127.0.0.1");
        mcf.setPort(server.port());
        mcf.setPoolName("slots");
        mcf.setResourceAdapter(adapter);
        mcf.createConnectionFactory();
    }

    @AfterEach
    void stop() throws Exception {
        adapter.stop();
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)));
        server.close();
    }

    private EndpointStats stats() {
        ConnectionPool<?> pool = adapter.openPool("slots");
        return pool.stats(Endpoint.plain("127.0.0.1", server.port()));
    }

    private ConpoolManagedConnection slot() throws Exception {
        ConpoolManagedConnection mc = (ConpoolManagedConnection) mcf.createManagedConnection(null, null);
        mc.addConnectionEventListener(recorder);
        return mc;
    }

    private static void echo(ConpoolConnection c) throws Exception {
        c.output().write("x\n".getBytes(StandardCharsets.UTF_8));
        c.output().flush();
        assertEquals('x', c.input().read());
        assertEquals('\n', c.input().read());
    }

    @Test
    void aSlotHoldsNoSocketUntilAHandleIsAskedFor() throws Exception {
        ConpoolManagedConnection mc = slot();
        assertEquals(0, server.acceptedConnections());
        assertEquals(0, stats().active());
        ConpoolConnection handle = (ConpoolConnection) mc.getConnection(null, null);
        assertEquals(1, stats().active());
        echo(handle);
        handle.close();
        assertEquals(0, stats().active());
        assertEquals(1, stats().idle(), "the engine keeps the connection");
        assertEquals(1, events.size());
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, events.get(0).getId());
        assertSame(handle, events.get(0).getConnectionHandle());
        handle.close();
        assertEquals(1, events.size(), "closing twice tells the server once");
    }

    @Test
    void invalidateClosesTheEngineConnectionAndReportsAnError() throws Exception {
        ConpoolManagedConnection mc = slot();
        ConpoolConnection handle = (ConpoolConnection) mc.getConnection(null, null);
        echo(handle);
        handle.invalidate();
        assertEquals(ConnectionEvent.CONNECTION_ERROR_OCCURRED, events.get(0).getId());
        assertNotNull(events.get(0).getException());
        assertEquals(0, stats().idle());
        assertEquals(1, stats().errors());
        assertThrows(IllegalStateException.class, handle::output);
    }

    @Test
    void aBrokenConnectionIsReportedAsAnErrorOnClose() throws Exception {
        ConpoolManagedConnection mc = slot();
        ConpoolConnection handle = (ConpoolConnection) mc.getConnection(null, null);
        echo(handle);
        server.dropAllConnections(); // the peer goes away: the next read sees end of stream
        assertEquals(-1, handle.input().read());
        handle.close();
        assertEquals(ConnectionEvent.CONNECTION_ERROR_OCCURRED, events.get(0).getId());
        assertEquals(0, stats().idle(), "not reused");
    }

    @Test
    void cleanupReturnsALeaseStillHeldAndDetachesTheHandle() throws Exception {
        ConpoolManagedConnection mc = slot();
        ConpoolConnection handle = (ConpoolConnection) mc.getConnection(null, null);
        mc.cleanup();
        assertTrue(handle.isClosed());
        assertThrows(IllegalStateException.class, handle::input);
        assertEquals(0, stats().active());
        assertEquals(1, stats().idle());
        ConpoolConnection again = (ConpoolConnection) mc.getConnection(null, null);
        assertTrue(again.isReused(), "the slot serves again after cleanup");
        mc.destroy();
        assertEquals(0, stats().active());
        assertThrows(jakarta.resource.spi.IllegalStateException.class, () -> mc.getConnection(null, null));
        assertTrue(events.isEmpty(), "cleanup and destroy come from the server: no events back");
    }

    @Test
    void aSecondHandleTakesOverTheLeaseAndAssociateMovesIt() throws Exception {
        ConpoolManagedConnection mc = slot();
        ConpoolConnection first = (ConpoolConnection) mc.getConnection(null, null);
        ConpoolConnection second = (ConpoolConnection) mc.getConnection(null, null);
        assertTrue(first.isClosed(), "one handle at a time");
        assertEquals(1, stats().active(), "still one lease");
        echo(second);

        ConpoolManagedConnection other = slot();
        other.associateConnection(second);
        echo(second);
        assertEquals(1, stats().active());
        mc.cleanup();
        assertEquals(1, stats().active(), "the lease moved with the handle");
        second.close();
        assertEquals(0, stats().active());
        assertSame(other, events.get(0).getSource());
    }

    @Test
    void noTransactions() throws Exception {
        ConpoolManagedConnection mc = slot();
        assertThrows(NotSupportedException.class, mc::getXAResource);
        assertThrows(NotSupportedException.class, mc::getLocalTransaction);
        assertEquals(10, mc.getMetaData().getMaxConnections());
        assertFalse(mc.getMetaData().getEISProductName().isEmpty());
        assertSame(mc, mcf.matchManagedConnections(java.util.Set.of(mc), null, null));
    }
}
