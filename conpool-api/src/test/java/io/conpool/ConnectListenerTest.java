package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.FaultProxy;
import io.conpool.testing.LineServer;
import io.conpool.testing.TestCerts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ConnectionListener#connected} and {@link ConnectionListener#connectFailed} against real
 * servers: the address used, the attempts, the time, the TLS protocol and cipher, the error.
 */
@Timeout(60)
class ConnectListenerTest {

    /** Records the connect events. */
    private static final class Connects implements ConnectionListener {
        final List<ConnectInfo> connected = new CopyOnWriteArrayList<>();
        final List<String> failed = new CopyOnWriteArrayList<>();

        @Override
        public void connected(Endpoint endpoint, ConnectInfo info) {
            connected.add(info);
        }

        @Override
        public void connectFailed(Endpoint endpoint, long durationNanos, int attempts, ConpoolException error) {
            assertTrue(durationNanos > 0);
            failed.add(endpoint + " attempts=" + attempts + " " + error.getClass().getSimpleName());
        }
    }

    @Test
    void connectedTellsAddressAttemptsAndTlsDetailsOncePerNewConnection() throws Exception {
        Connects connects = new Connects();
        try (LineServer server = LineServer.tls(TestCerts.localhost().serverContext());
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().connectRetryCount(0)
                     .sslContext(TestCerts.localhost().clientContext())
                     .resolver(host -> List.of(InetAddress.getLoopbackAddress())).build())) {
            pool.addConnectionListener(connects);
            Endpoint ep = Endpoint.tls("localhost", server.port());
            for (int i = 0; i < 3; i++) {
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals("t" + i, Lines.roundTrip(l.connection(), "t" + i));
                }
            }
            assertEquals(1, connects.connected.size(), "reuses are no connects: " + connects.connected);
            ConnectInfo info = connects.connected.get(0);
            assertEquals(1, info.attempts());
            assertEquals(InetAddress.getLoopbackAddress(), info.address().getAddress());
            assertEquals(server.port(), info.address().getPort());
            assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(info.tlsProtocol()), info.tlsProtocol());
            assertTrue(info.cipherSuite().startsWith("TLS_"), info.cipherSuite());
            assertTrue(info.durationNanos() > 0);
            assertEquals(List.of(), connects.failed);
        }
    }

    @Test
    void plainConnectHasNoTlsDetailsAndFailedConnectCountsEveryAttempt() throws Exception {
        Connects connects = new Connects();
        try (LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().connectRetryCount(2)
                     .connectRetryDelay(Duration.ofMillis(1)).build())) {
            pool.addConnectionListener(connects);
            pool.acquire(Endpoint.plain("127.0.0.1", server.port())).close();
            assertNull(connects.connected.get(0).tlsProtocol());
            assertNull(connects.connected.get(0).cipherSuite());
            proxy.refuse();
            Endpoint refused = Endpoint.plain("127.0.0.1", proxy.port());
            ConpoolException e = assertThrows(ConpoolException.class, () -> pool.acquire(refused));
            assertInstanceOf(ConnectionFailedException.class, e);
            assertEquals(List.of(refused + " attempts=3 ConnectionFailedException"), connects.failed);
            assertEquals(1, connects.connected.size());
        }
    }
}
