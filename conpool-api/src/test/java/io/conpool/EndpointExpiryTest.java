package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.fixtures.ManualTicker;
import io.conpool.jmx.PoolMBeans;
import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Endpoint pools that have had no connection and no caller for {@code endpointExpiry} are removed
 * with their MBeans, so a pool talking to short-lived endpoints does not grow forever; pool totals
 * keep counting; configured endpoints stay.
 */
@Timeout(60)
class EndpointExpiryTest {
    /** Every *.test name is 127.0.0.1, so several endpoints reach one server. */
    private static final HostResolver LOOPBACK = host -> List.of(java.net.InetAddress.getLoopbackAddress());
    private final ManualTicker clock = new ManualTicker();

    private ConnectionPool<Transport> pool() {
        return ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE).name("expiry-test")
                .config(PoolConfig.builder().ticker(clock).resolver(LOOPBACK).maxIdleTime(Duration.ofMinutes(1))
                        .endpointExpiry(Duration.ofMinutes(10)).housekeepingPeriod(Duration.ofMillis(20)).build())
                .build();
    }

    @Test
    void unusedEndpointPoolsGoWithTheirBeansAndTotalsKeepCounting() throws Exception {
        MBeanServer mbs = MBeanServerFactory.newMBeanServer();
        try (LineServer server = LineServer.echo(); ConnectionPool<Transport> pool = pool();
             PoolMBeans beans = PoolMBeans.register(pool, mbs)) {
            List<Endpoint> endpoints = new ArrayList<>();
            for (String host : new String[] {"a.test", "b.test", "c.test"}) {
                Endpoint ep = Endpoint.plain(host, server.port());
                endpoints.add(ep);
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals("x", Lines.roundTrip(l.connection(), "x"));
                }
            }
            ObjectName bean = new ObjectName("io.conpool:type=EndpointPool,pool=expiry-test,endpoint="
                    + ObjectName.quote(endpoints.get(0).toString()));
            assertTrue(mbs.isRegistered(bean));
            clock.advance(Duration.ofMinutes(2));
            assertTrue(LineServer.awaitCondition(() -> pool.totals().idle() == 0, Duration.ofSeconds(10)));
            Thread.sleep(100); // more housekeeping passes
            assertEquals(3, pool.endpoints().size(), "idle connections closed, endpoints still within expiry");
            clock.advance(Duration.ofMinutes(5));
            try (Lease<Transport> l = pool.acquire(endpoints.get(2))) { // one endpoint is used again
                assertFalse(l.isReused());
            }
            clock.advance(Duration.ofMinutes(4)); // 11 min since the first two were used, 4 since the third
            assertTrue(LineServer.awaitCondition(() -> pool.endpoints().size() == 1, Duration.ofSeconds(10)));
            assertEquals(List.of(endpoints.get(2)), pool.endpoints());
            // the housekeeper tells the MBean layer right after it removed the endpoint pool
            assertTrue(LineServer.awaitCondition(() -> !mbs.isRegistered(bean), Duration.ofSeconds(10)),
                    "its MBean went with it");
            assertEquals(4, pool.totals().totalCreated(), "pool totals keep the removed endpoints' counts");
            assertEquals(4, pool.totals().totalClosed(), "every connection idled out (maxIdleTime 1 min)");
            try (Lease<Transport> l = pool.acquire(endpoints.get(0))) { // back again: a fresh endpoint pool
                assertEquals("again", Lines.roundTrip(l.connection(), "again"));
            }
            assertTrue(mbs.isRegistered(bean), "registered again when used again");
            assertEquals(1, pool.stats(endpoints.get(0)).totalCreated(), "its own numbers start afresh");
            assertEquals(5, pool.totals().totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void configuredEndpointsAndEndpointsInUseNeverExpire() throws Exception {
        try (LineServer server = LineServer.echo(); ConnectionPool<Transport> pool = pool()) {
            Endpoint configured = Endpoint.plain("127.0.0.1", server.port());
            Endpoint leased = Endpoint.plain("b.test", server.port());
            pool.configure(configured, pool.config());
            pool.acquire(configured).close();
            Lease<Transport> held = pool.acquire(leased);
            clock.advance(Duration.ofHours(1));
            assertTrue(LineServer.awaitCondition(() -> pool.stats(configured).idle() == 0, Duration.ofSeconds(10)));
            Thread.sleep(100); // more housekeeping passes
            assertTrue(pool.endpoints().contains(configured), "configured explicitly: stays");
            assertTrue(pool.endpoints().contains(leased), "a connection is open: stays");
            held.close();
            assertBalanced(pool);
        }
    }

    @Test
    void zeroMeansNever() throws Exception {
        try (LineServer server = LineServer.echo(); ConnectionPool<Transport> pool = ConnectionPool.create(
                PoolConfig.builder().ticker(clock).endpointExpiry(Duration.ZERO).housekeepingPeriod(Duration.ofMillis(20))
                        .build())) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            pool.acquire(ep).close();
            clock.advance(Duration.ofDays(30));
            assertTrue(LineServer.awaitCondition(() -> pool.stats(ep).idle() == 0, Duration.ofSeconds(10)));
            Thread.sleep(100); // more housekeeping passes
            assertEquals(List.of(ep), pool.endpoints());
            pool.clearAll();
        }
    }
}
