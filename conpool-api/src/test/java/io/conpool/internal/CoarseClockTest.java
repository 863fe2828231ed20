package io.conpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conpool.Ticker;
import io.conpool.testing.LineServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared millisecond clock: it ticks while a pool with the system ticker uses it, stops its
 * thread when the last one closes (nothing left to pin a resource adapter's class loader), and a
 * pool with its own ticker neither starts it nor reads it.
 */
@Timeout(30)
class CoarseClockTest {

    private static long clockThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("conpool-clock")).count();
    }

    @Test
    void ticksWhileUsedAndItsThreadEndsWithTheLastUser() throws Exception {
        assumeTrue(CoarseClock.users() == 0, "another test left a pool open");
        PoolClock a = new PoolClock(Ticker.SYSTEM);
        PoolClock b = new PoolClock(Ticker.SYSTEM);
        assertEquals(2, CoarseClock.users());
        assertEquals(1, clockThreads(), "one thread for every pool");
        long first = a.now();
        assertTrue(LineServer.awaitCondition(() -> a.now() - first >= 5_000_000L, Duration.ofSeconds(10)),
                "the clock advances in about millisecond steps");
        assertTrue(Math.abs(System.nanoTime() - b.now()) < Duration.ofSeconds(5).toNanos(), "it follows System.nanoTime");
        a.close();
        assertEquals(1, clockThreads(), "still used by b");
        b.close();
        assertEquals(0, CoarseClock.users());
        assertTrue(LineServer.awaitCondition(() -> clockThreads() == 0, Duration.ofSeconds(10)),
                "the thread ends with the last user");
    }

    @Test
    void aPoolWithItsOwnTickerUsesOnlyThatTicker() {
        AtomicLong t = new AtomicLong(42);
        int before = CoarseClock.users();
        PoolClock c = new PoolClock(t::get);
        assertEquals(before, CoarseClock.users());
        assertEquals(42, c.now());
        t.set(43);
        assertEquals(43, c.now(), "no caching: a test that advances its ticker sees it at once");
        assertEquals(43, c.exact());
        c.close();
        assertEquals(before, CoarseClock.users());
    }
}
