package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.FaultProxy;
import io.conpool.testing.LineServer;
import io.conpool.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An operator sees in the log when an endpoint becomes unreachable and when it recovers, once per change. */
@Timeout(60)
class UnreachableLogTest {

    @Test
    void oneWarningWhenConnectsStartFailingAndOneInfoWhenTheyWorkAgain() throws Exception {
        try (LogCapture log = LogCapture.atLeast(Level.INFO);
             LineServer server = LineServer.echo();
             FaultProxy proxy = FaultProxy.to(server.port());
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().connectRetryCount(0).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", proxy.port());
            proxy.refuse();
            for (int i = 0; i < 24; i++) {
                assertThrows(ConnectionFailedException.class, () -> pool.acquire(ep));
            }
            List<LogRecord> down = log.records().stream().filter(r -> r.getMessage().contains(ep.toString())).toList();
            assertEquals(1, down.size(), "one line for 24 failed connects: " + down);
            assertEquals(Level.WARNING, down.get(0).getLevel());
            assertTrue(down.get(0).getMessage().contains("cannot connect to " + ep)
                    && down.get(0).getMessage().contains("Connection refused"), down.get(0).getMessage());
            proxy.accept();
            for (int i = 0; i < 3; i++) {
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals("up", Lines.roundTrip(l.connection(), "up"));
                }
                pool.clearAll(); // new connects each time
            }
            List<LogRecord> all = log.records().stream().filter(r -> r.getMessage().contains(ep.toString())).toList();
            assertEquals(2, all.size(), "one more line when it works again: " + all);
            assertEquals(Level.INFO, all.get(1).getLevel());
            assertTrue(all.get(1).getMessage().contains("connecting to " + ep + " works again"), all.get(1).getMessage());
        }
    }
}
