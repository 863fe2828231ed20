package io.conpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.CloseReason;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection's state word under real races, many short rounds (a poor man's jcstress): threads
 * claim and release at random while one retires it; in every round the holders never exceed the
 * capacity, nobody claims it once it is retiring, and exactly one thread is told to close it.
 */
@Timeout(60)
class StateWordTest {
    private static final int ROUNDS = 1_000;
    private static final int THREADS = 4;

    @Test
    void exclusiveConnection() throws Exception {
        race(1);
    }

    @Test
    void sharedConnection() throws Exception {
        race(3);
    }

    private static void race(int capacity) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            PooledConnection<Object> c = new PooledConnection<>(null, null, new Object(), 0, Long.MAX_VALUE, capacity, false);
            AtomicInteger holders = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            AtomicInteger closers = new AtomicInteger();
            AtomicInteger retired = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(THREADS + 1);
            Thread[] ts = new Thread[THREADS + 1];
            for (int t = 0; t < THREADS; t++) {
                ts[t] = new Thread(() -> {
                    await(start);
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < 50; i++) {
                        if (c.tryClaim()) {
                            peak.accumulateAndGet(holders.incrementAndGet(), Math::max);
                            if (rnd.nextBoolean()) {
                                Thread.onSpinWait();
                            }
                            holders.decrementAndGet();
                            if (c.release()) {
                                closers.incrementAndGet();
                            }
                        }
                    }
                });
            }
            ts[THREADS] = new Thread(() -> {
                await(start);
                if (ThreadLocalRandom.current().nextBoolean()) {
                    Thread.yield();
                }
                // set before the CAS: a claim that saw RETIRING can only have succeeded before it
                boolean closeNow = c.retire(CloseReason.CLEARED);
                retired.set(1);
                if (closeNow) {
                    closers.incrementAndGet();
                }
            });
            for (Thread t : ts) {
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertTrue(peak.get() <= capacity, "holders above capacity: " + peak.get());
            assertEquals(1, closers.get(), "exactly one thread closes it (round " + round + ")");
            assertEquals(0, c.holders());
            assertFalse(c.tryClaim(), "no claim once closed");
            assertFalse(c.retireIfIdle(CloseReason.IDLE), "closed only once");
            assertEquals(CloseReason.CLEARED, c.closeReason());
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
