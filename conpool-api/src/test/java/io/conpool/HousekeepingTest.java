package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.ManualTicker;
import io.conpool.testing.LineServer;
import io.conpool.testing.LogCapture;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The housekeeping thread: min idle, leak warnings, one thread per pool. */
@Timeout(60)
class HousekeepingTest {

    @Test
    void minIdleConnectionsAreKeptOpen() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                     .minIdlePerEndpoint(3).housekeepingPeriod(Duration.ofMillis(20)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).idle() == 3, Duration.ofSeconds(10)),
                    "housekeeper opens connections up to minIdle: " + pool.stats(ep));
            assertTrue(server.awaitOpenConnections(3, Duration.ofSeconds(10)));
            server.dropAllConnections(); // the warm connections die; validation and the housekeeper replace them
            pool.clearEndpoint(ep);
            assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).idle() == 3 && server.openConnections() == 3,
                    Duration.ofSeconds(10)), "refilled after clear: " + pool.stats(ep));
            assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).connecting() == 0, Duration.ofSeconds(10)));
            assertBalanced(pool);
        }
    }

    @Test
    void leaseHeldTooLongIsReportedOnceWithTheAcquirersStack() throws Exception {
        ManualTicker clock = new ManualTicker();
        try (LogCapture log = LogCapture.atLeast(Level.WARNING);
             LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().ticker(clock)
                     .leakDetectionThreshold(Duration.ofSeconds(10)).housekeepingPeriod(Duration.ofMillis(20)).build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            Lease<Transport> leaked = acquireInAMethodWithAName(pool, ep);
            clock.advance(Duration.ofSeconds(5));
            Thread.sleep(200); // several housekeeping passes: nothing to report yet
            assertTrue(log.records().isEmpty(), "no warning before the threshold");
            clock.advance(Duration.ofSeconds(6));
            assertTrue(LineServer.awaitCondition(() -> !log.records().isEmpty(), Duration.ofSeconds(10)));
            Thread.sleep(200);
            assertEquals(1, log.records().size(), "reported once");
            LogRecord r = log.records().get(0);
            assertTrue(r.getMessage().contains("possible connection leak") && r.getMessage().contains(ep.toString()),
                    r.getMessage());
            assertNotNull(r.getThrown());
            boolean hasAcquirer = false;
            for (StackTraceElement e : r.getThrown().getStackTrace()) {
                hasAcquirer |= e.getMethodName().equals("acquireInAMethodWithAName");
            }
            assertTrue(hasAcquirer, "the stack shows where the lease was taken");
            leaked.close();
            assertBalanced(pool);
        }
    }

    private static Lease<Transport> acquireInAMethodWithAName(ConnectionPool<Transport> pool, Endpoint ep)
            throws ConpoolException {
        return pool.acquire(ep);
    }

    @Test
    void onePoolUsesOneHousekeepingThreadAndCloseStopsIt() throws Exception {
        ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                .name("hk-test").build();
        assertEquals(1, threadsNamed("conpool-housekeeper-hk-test"));
        pool.close();
        assertTrue(LineServer.awaitCondition(() -> threadsNamed("conpool-housekeeper-hk-test") == 0,
                Duration.ofSeconds(10)), "housekeeper thread still alive after close");
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }
}
