package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import io.conpool.testing.TestCerts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reuse, leases and the separation of endpoints, against a real loopback echo server. */
class PoolingTest {
    private LineServer server;
    private ConnectionPool<Transport> pool;
    private Endpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        server = LineServer.echo();
        endpoint = Endpoint.plain("127.0.0.1", server.port());
        pool = ConnectionPool.create(PoolConfig.defaults());
    }

    @AfterEach
    void stop() {
        assertBalanced(pool);
        pool.close();
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)), "sockets left open after close");
        server.close();
    }

    @Test
    void thousandSequentialRequestsUseOneConnection() throws IOException {
        for (int i = 0; i < 1000; i++) {
            String line = "request " + i;
            assertEquals(line, pool.withConnection(endpoint, lease -> Lines.roundTrip(lease.connection(), line)));
        }
        EndpointStats s = pool.stats(endpoint);
        assertEquals(1, s.totalCreated());
        assertEquals(999, s.totalReused());
        assertEquals(1, s.cacheMisses());
        assertEquals(1, s.idle());
        assertEquals(0, s.active());
        assertEquals(1, server.acceptedConnections());
    }

    @Test
    void leaseTellsWhetherTheConnectionWasUsedBefore() throws IOException {
        Socket first;
        try (Lease<Transport> lease = pool.acquire(endpoint)) {
            assertFalse(lease.isReused());
            assertEquals(endpoint, lease.endpoint());
            first = lease.connection().socket();
            assertEquals("a", Lines.roundTrip(lease.connection(), "a"));
        }
        try (Lease<Transport> lease = pool.acquire(endpoint)) {
            assertTrue(lease.isReused());
            assertSame(first, lease.connection().socket());
        }
    }

    @Test
    void invalidatedConnectionIsClosedAndReplaced() throws IOException {
        Lease<Transport> lease = pool.acquire(endpoint);
        Socket first = lease.connection().socket();
        lease.invalidate();
        lease.close(); // no effect after invalidate
        assertThrows(IllegalStateException.class, lease::connection);
        assertTrue(first.isClosed());
        try (Lease<Transport> again = pool.acquire(endpoint)) {
            assertFalse(again.isReused());
            assertNotSame(first, again.connection().socket());
        }
        EndpointStats s = pool.stats(endpoint);
        assertEquals(2, s.totalCreated());
        assertEquals(1, s.totalClosed());
        assertEquals(1, s.errors());
    }

    @Test
    void withConnectionInvalidatesWhenTheWorkThrows() throws IOException {
        IOException boom = new IOException("protocol error");
        IOException thrown = assertThrows(IOException.class, () -> pool.withConnection(endpoint, lease -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        assertThrows(IllegalStateException.class, () -> pool.withConnection(endpoint, lease -> {
            throw new IllegalStateException("bug");
        }));
        EndpointStats s = pool.stats(endpoint);
        assertEquals(2, s.totalClosed());
        assertEquals(2, s.errors());
        assertEquals(0, s.idle());
    }

    @Test
    void closingALeaseTwiceReturnsItOnce() throws IOException {
        Lease<Transport> lease = pool.acquire(endpoint);
        lease.close();
        lease.close();
        lease.invalidate();
        EndpointStats s = pool.stats(endpoint);
        assertEquals(1, s.idle());
        assertEquals(0, s.active());
        assertEquals(0, s.errors());
    }

    @Test
    void plainAndTlsConnectionsToTheSameHostAndPortNeverMix() throws Exception {
        try (LineServer tlsServer = LineServer.tls(TestCerts.localhost().serverContext());
             ConnectionPool<Transport> tlsPool = ConnectionPool.create(PoolConfig.builder()
                     .sslContext(TestCerts.localhost().clientContext())
                     .resolver(host -> List.of(InetAddress.getLoopbackAddress()))
                     .build())) {
            Endpoint plain = Endpoint.plain("localhost", tlsServer.port());
            Endpoint tls = Endpoint.tls("localhost", tlsServer.port());
            assertEquals("secure", tlsPool.withConnection(tls, l -> Lines.roundTrip(l.connection(), "secure")));
            boolean encrypted = tlsPool.withConnection(tls, l -> l.connection().tlsSession().isPresent());
            assertTrue(encrypted);
            // the same host:port without TLS is another pool entry: a new, plain connection
            try (Lease<Transport> l = tlsPool.acquire(plain)) {
                assertFalse(l.isReused());
                assertTrue(l.connection().tlsSession().isEmpty());
            }
            assertEquals(1, tlsPool.stats(tls).totalCreated());
            assertEquals(1, tlsPool.stats(tls).totalReused());
            assertEquals(1, tlsPool.stats(plain).totalCreated());
            assertEquals(0, tlsPool.stats(plain).totalReused());
            assertBalanced(tlsPool);
        }
    }

    @Test
    void statsOfAnUnusedEndpointAreEmpty() {
        assertEquals(EndpointStats.EMPTY, pool.stats(Endpoint.plain("127.0.0.1", 9)));
        assertTrue(pool.allStats().isEmpty());
    }
}
