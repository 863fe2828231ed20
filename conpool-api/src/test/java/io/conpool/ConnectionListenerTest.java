package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import io.conpool.testing.LogCapture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The listener SPI against a real server: what a listener hears, and that a throwing one never breaks the pool. */
@Timeout(60)
class ConnectionListenerTest {

    @Test
    void throwingListenerIsLoggedOnceAndThePoolAndOtherListenersGoOn() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        ConnectionListener broken = new ConnectionListener() {
            @Override
            public void acquired(Endpoint endpoint, long waitNanos, boolean reused) {
                throw new IllegalStateException("listener broken (test)");
            }

            @Override
            public void connected(Endpoint endpoint, ConnectInfo info) {
                throw new IllegalStateException("listener broken (test)");
            }

            @Override
            public void released(Endpoint endpoint, long heldNanos) {
                throw new LinkageError("listener broken (test)");
            }

            @Override
            public String toString() {
                return "BrokenListener";
            }
        };
        ConnectionListener good = new ConnectionListener() {
            @Override
            public void acquired(Endpoint endpoint, long waitNanos, boolean reused) {
                heard.add("acquired reused=" + reused);
            }

            @Override
            public void connected(Endpoint endpoint, ConnectInfo info) {
                heard.add("connected attempts=" + info.attempts() + " address=" + info.address().getPort());
            }

            @Override
            public void released(Endpoint endpoint, long heldNanos) {
                heard.add("released");
            }

            @Override
            public void connectionClosed(Endpoint endpoint, CloseReason reason, long ageNanos) {
                heard.add("closed " + reason);
            }
        };
        try (LineServer server = LineServer.echo();
             LogCapture log = LogCapture.atLeast(Level.WARNING);
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().connectRetryCount(0).build())) {
            pool.addConnectionListener(broken);
            pool.addConnectionListener(good);
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            for (int i = 0; i < 3; i++) {
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals("x" + i, Lines.roundTrip(l.connection(), "x" + i));
                }
            }
            pool.clearEndpoint(ep);
            assertEquals(List.of("connected attempts=1 address=" + server.port(), "acquired reused=false", "released",
                    "acquired reused=true", "released", "acquired reused=true", "released", "closed CLEARED"), heard);
            long warnings = log.records().stream().filter(r -> String.valueOf(r.getMessage()).contains("BrokenListener"))
                    .count();
            assertEquals(1, warnings, "logged once per listener: " + log.records());
            pool.removeConnectionListener(good);
            pool.acquire(ep).close();
            assertEquals(8, heard.size(), "a removed listener hears nothing");
            assertTrue(pool.stats(ep).totalCreated() == 2 && pool.stats(ep).active() == 0, pool.stats(ep).toString());
        }
    }
}
