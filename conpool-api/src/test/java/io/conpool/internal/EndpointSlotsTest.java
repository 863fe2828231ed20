package io.conpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The slot structure's rules, step by step on one thread: the barging bound, the hand-off to an
 * overdue waiter, reservations at the endpoint and global limits, and the counts it derives.
 */
class EndpointSlotsTest {
    private final List<PooledConnection<Object>> closed = new ArrayList<>();
    private final ConnectionBudget budget = new ConnectionBudget(2);
    private final EndpointSlots<Object> slots = new EndpointSlots<>(budget, 2, 1, closed::add);

    private static PooledConnection<Object> connection(int holders) {
        PooledConnection<Object> c = new PooledConnection<>(null, null, new Object(), 0, Long.MAX_VALUE, 1, false);
        c.initHolders(holders);
        return c;
    }

    private PooledConnection<Object> openLeased() {
        assertEquals(ConnectionSlots.Outcome.PERMIT, slots.reserveOrQueue(new Waiter(System.nanoTime()), false, 10));
        PooledConnection<Object> c = connection(1);
        assertTrue(slots.enable(c));
        return c;
    }

    @Test
    void aNewcomerMayTakeAFreeConnectionAheadOfAFreshWaiterButNotAheadOfAnOverdueOne() {
        PooledConnection<Object> a = openLeased();
        PooledConnection<Object> b = openLeased();
        Waiter fresh = new Waiter(System.nanoTime() + TimeUnit.HOURS.toNanos(1)); // fresh however slow this test runs
        assertEquals(ConnectionSlots.Outcome.QUEUED, slots.reserveOrQueue(fresh, false, 10), "both leased, limit 2");
        a.release();
        assertSame(a, slots.claim(false), "a waiter of less than the bound does not stop a newcomer");
        assertTrue(slots.cancel(fresh));

        Waiter overdue = new Waiter(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(5));
        assertEquals(ConnectionSlots.Outcome.QUEUED, slots.reserveOrQueue(overdue, false, 10));
        b.release();
        assertNull(slots.claim(false), "the oldest waiter is owed the next connection");
        slots.roomMade();
        assertSame(b, overdue.take(), "the release hands it straight to the overdue waiter");
        assertEquals(1, b.holders(), "claimed on the waiter's behalf");
        assertEquals(0, slots.snapshot().waiting());
    }

    @Test
    void aReleaseSignalsAFreshWaiterToCompeteInsteadOfHandingOff() {
        PooledConnection<Object> a = openLeased();
        openLeased();
        Waiter fresh = new Waiter(System.nanoTime() + TimeUnit.HOURS.toNanos(1)); // fresh however slow this test runs
        assertEquals(ConnectionSlots.Outcome.QUEUED, slots.reserveOrQueue(fresh, false, 10));
        a.release();
        slots.roomMade();
        assertSame(Waiter.SIGNAL, fresh.take(), "signalled, out of the queue");
        assertEquals(0, a.holders(), "nothing claimed for it: it competes");
        assertSame(a, slots.claim(true));
    }

    @Test
    void theGlobalCapQueuesCallersAtTheBudgetAndAFreedSlotGoesToTheOldest() {
        EndpointSlots<Object> other = new EndpointSlots<>(budget, 2, 1, closed::add);
        openLeased();
        openLeased(); // the budget of 2 is used up here
        Waiter w = new Waiter(System.nanoTime());
        assertEquals(ConnectionSlots.Outcome.QUEUED_AT_CAP, other.reserveOrQueue(w, false, 10));
        assertTrue(!budget.block(w), "no slot free yet");
        PooledConnection<Object> c = slots.connections()[0];
        assertTrue(c.retire(io.conpool.CloseReason.CLEARED) || c.release());
        slots.remove(c);
        slots.socketClosed(false); // the slot comes free: it goes to the waiter at the budget
        assertSame(Waiter.GLOBAL, w.take());
        assertEquals(ConnectionSlots.GlobalSlotUse.RESERVED, other.useGlobalSlot(w));
        assertEquals(2, budget.used(), "the slot changed hands; the count never went above the cap");
        assertEquals(1, other.snapshot().connecting());
    }

    @Test
    void countsAreDerivedFromTheStateWords() {
        PooledConnection<Object> a = openLeased();
        openLeased();
        a.countUse();
        a.release();
        ConnectionSlots.Snapshot s = slots.snapshot();
        assertEquals(1, s.active());
        assertEquals(1, s.idle());
        assertEquals(1, s.leases());
        assertTrue(a.retireIfIdle(io.conpool.CloseReason.IDLE));
        slots.remove(a);
        assertEquals(1, slots.snapshot().leases(), "a closed connection's uses are kept");
        assertEquals(0, slots.snapshot().idle());
        assertNotNull(slots.connections());
        assertEquals(1, slots.connections().length);
    }
}
