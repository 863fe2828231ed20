package io.conpool.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock-free {@link ConnectionSlots}: claim and release are a CAS on the connection's state
 * word while nobody waits; the lock guards only the queue of waiters, the reservations at the
 * limits and the copy-on-write array of connections (changed on connect and close).
 *
 * <p><b>Scanning.</b> Each thread starts its scan at an index derived from its id, so threads
 * tend to keep their own connections (Jetty's {@code THREAD_ID} strategy) and do not all CAS the
 * first one. No thread-local state: nothing can pin a class loader, and virtual threads cost nothing.
 *
 * <p><b>Waiting and barging.</b> A caller that finds nothing queues FIFO and parks. A release
 * publishes the connection (its CAS), then reads the queue size (a volatile): a waiter writes the
 * size, then scans once more, so one of the two always sees the other and no wake-up is lost.
 * Handing every returned connection to the oldest waiter (strict FIFO) costs a thread wake-up per
 * return, and the pools that let newcomers barge are an order of magnitude faster under
 * contention. So a release only signals the oldest waiter, which competes with newcomers, until
 * that waiter has waited {@link #BARGE_BOUND_NANOS}: from then on newcomers stay out and releases
 * hand connections (and freed slots) straight to it. Parked waiters never compete; only the
 * signalled one does, so waiters are still served in arrival order among themselves.
 */
final class EndpointSlots<S> implements ConnectionSlots<S> {
    /**
     * How long the oldest waiter may be overtaken by newcomers: 1 ms, a few scheduling quanta of
     * wake-up latency on a busy 2-core machine; below that, a waiter that was signalled but not yet
     * running would hold connections idle while it is scheduled.
     */
    static final long BARGE_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @SuppressWarnings("rawtypes")
    private static final PooledConnection[] NONE = new PooledConnection[0];

    private final ConnectionBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    /** Copy-on-write; replaced under the lock. */
    private volatile PooledConnection<S>[] connections;
    /** Guarded by lock. */
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    /** {@code queue.size()}, written under the lock, read by the lock-free paths. */
    private volatile int waiting;
    /** The oldest waiter's {@link Waiter#since}, valid while {@code waiting > 0}. */
    private volatile long oldestSince;
    private volatile int max;
    private volatile int generation;
    // guarded by lock
    private int connecting;
    private int closing;
    private int lastCapacity;
    private boolean shut;
    private long retiredUses;
    /** Connections that drained while the lock was held (a hand-off refused); closed after unlocking. */
    private ArrayList<PooledConnection<S>> drained;
    private final Consumer<PooledConnection<S>> closer;

    /**
     * @param budget           the pool-wide cap
     * @param max              the endpoint's connection limit
     * @param expectedCapacity holders a new connection is expected to take (above 1: shared protocol)
     * @param closer           closes a connection that became {@link PooledConnection#CLOSED} in here
     *                         (called with no lock held)
     */
    @SuppressWarnings("unchecked")
    EndpointSlots(ConnectionBudget budget, int max, int expectedCapacity, Consumer<PooledConnection<S>> closer) {
        this.budget = budget;
        this.closer = closer;
        this.max = max;
        this.lastCapacity = Math.max(1, expectedCapacity);
        this.connections = (PooledConnection<S>[]) NONE;
    }

    // ------------------------------------------------------------------ lock-free paths

    @Override
    public PooledConnection<S> claim(boolean privileged) {
        if (!privileged && waiting != 0 && System.nanoTime() - oldestSince > BARGE_BOUND_NANOS) {
            return null; // the oldest waiter is owed the next connection
        }
        return scan();
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
    private PooledConnection<S> scan() {
        PooledConnection<S>[] cs = connections;
        int n = cs.length;
        if (n == 0) {
            return null;
        }
        // consecutive thread ids (a thread pool's workers) land on distinct connections
        int i = n == 1 ? 0 : ((int) Thread.currentThread().getId() & Integer.MAX_VALUE) % n;
        for (int k = 0; k < n; k++) {
            PooledConnection<S> c = cs[i];
            if (c.tryClaim()) {
                return c;
            }
            if (++i == n) {
                i = 0;
            }
        }
        return null;
    }

    @Override
    public void roomMade() {
        if (waiting != 0) { // read after the release CAS: see the class comment
            lock.lock();
            try {
                serveLocked();
            } finally {
                unlock();
            }
        }
    }

    @Override
    public PooledConnection<S>[] connections() {
        return connections;
    }

    @Override
    public int generation() {
        return generation;
    }

    // ------------------------------------------------------------------ slow paths

    @Override
    public Object reserveOrQueue(Waiter w, boolean privileged, int maxWaiters) {
        lock.lock();
        try {
            if (shut) {
                return null;
            }
            PooledConnection<S> c = claim(privileged);
            if (c != null) {
                return c;
            }
            boolean atCap = false;
            int ahead = privileged ? 0 : queue.size();
            if (ahead == 0 || !privileged && !overdueLocked()) {
                if (ahead >= expectedSpareLocked() && slotsLocked() < max) {
                    if (budget.tryAcquire()) {
                        connecting++;
                        return Outcome.PERMIT;
                    }
                    atCap = true;
                }
            }
            if (!privileged && queue.size() >= maxWaiters) {
                return Outcome.FULL;
            }
            if (privileged) {
                queue.addFirst(w);
            } else {
                queue.addLast(w);
            }
            publishQueueLocked();
            c = scan(); // a release that read waiting == 0 published its connection before our write
            if (c != null) {
                queue.remove(w);
                publishQueueLocked();
                return c;
            }
            return atCap ? Outcome.QUEUED_AT_CAP : Outcome.QUEUED;
        } finally {
            unlock();
        }
    }

    @Override
    public boolean cancel(Waiter w) {
        lock.lock();
        try {
            boolean was = queue.remove(w);
            if (was) {
                publishQueueLocked();
            }
            return was;
        } finally {
            unlock();
        }
    }

    @Override
    public GlobalSlotUse useGlobalSlot(Waiter w) {
        lock.lock();
        try {
            boolean queued = queue.contains(w);
            if (shut || slotsLocked() >= max) {
                return queued ? GlobalSlotUse.STILL_QUEUED : GlobalSlotUse.NOT_QUEUED;
            }
            connecting++;
            if (queued) {
                queue.remove(w);
                publishQueueLocked();
            }
            return GlobalSlotUse.RESERVED;
        } finally {
            unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean enable(PooledConnection<S> c) {
        lock.lock();
        try {
            connecting--;
            if (shut || c.isClosed()) {
                budget.release();
                serveLocked(); // the reservation's slot is free again
                return false;
            }
            c.generation = generation;
            PooledConnection<S>[] cs = connections;
            PooledConnection<S>[] next = Arrays.copyOf(cs, cs.length + 1);
            next[cs.length] = c;
            connections = next;
            lastCapacity = Math.max(1, c.capacity);
            handOffLocked(c); // callers that waited for this connection's spare room
            return true;
        } finally {
            unlock();
        }
    }

    @Override
    public void cancelReservation() {
        lock.lock();
        try {
            connecting--;
            budget.release();
            serveLocked();
        } finally {
            unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean remove(PooledConnection<S> c) {
        lock.lock();
        try {
            PooledConnection<S>[] cs = connections;
            for (int i = 0; i < cs.length; i++) {
                if (cs[i] == c) {
                    PooledConnection<S>[] next = (PooledConnection<S>[]) new PooledConnection[cs.length - 1];
                    System.arraycopy(cs, 0, next, 0, i);
                    System.arraycopy(cs, i + 1, next, i, cs.length - i - 1);
                    connections = next;
                    closing++;
                    retiredUses += c.uses();
                    return true;
                }
            }
            return false;
        } finally {
            unlock();
        }
    }

    @Override
    public void socketClosed(boolean keepGlobal) {
        lock.lock();
        try {
            closing--;
            if (!keepGlobal) {
                budget.release();
            }
            serveLocked();
        } finally {
            unlock();
        }
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            generation++;
        } finally {
            unlock();
        }
    }

    @Override
    public void shutdown(io.conpool.ConpoolException error) {
        lock.lock();
        try {
            shut = true;
            Waiter w;
            while ((w = queue.pollFirst()) != null) {
                w.offer(error);
            }
            publishQueueLocked();
        } finally {
            unlock();
        }
    }

    @Override
    public void setMax(int max) {
        lock.lock();
        try {
            this.max = max;
            serveLocked();
        } finally {
            unlock();
        }
    }

    @Override
    public int reserveForMinIdle(int minIdle) {
        lock.lock();
        try {
            int n = 0;
            if (shut || !queue.isEmpty()) {
                return 0;
            }
            int idle = 0;
            for (PooledConnection<S> c : connections) {
                if (c.isIdle()) {
                    idle++;
                }
            }
            while (idle + connecting < minIdle && slotsLocked() < max && budget.tryAcquire()) {
                connecting++;
                n++;
            }
            return n;
        } finally {
            unlock();
        }
    }

    @Override
    public int surplus() {
        lock.lock();
        try {
            int retiring = 0;
            for (PooledConnection<S> c : connections) {
                if (c.isRetiring()) {
                    retiring++;
                }
            }
            return connections.length - retiring + connecting - max;
        } finally {
            unlock();
        }
    }

    @Override
    public boolean expireIfUnused() {
        lock.lock();
        try {
            if (!shut && connections.length == 0 && connecting == 0 && closing == 0 && queue.isEmpty()) {
                shut = true;
            }
            return shut;
        } finally {
            unlock();
        }
    }

    @Override
    public void offerRoom(PooledConnection<S> c) {
        if (waiting != 0) {
            lock.lock();
            try {
                handOffLocked(c);
            } finally {
                unlock();
            }
        }
    }

    @Override
    public Snapshot snapshot() {
        lock.lock();
        try {
            int active = 0;
            int idle = 0;
            long uses = retiredUses;
            for (PooledConnection<S> c : connections) {
                uses += c.uses();
                if (c.holders() > 0) {
                    active++;
                } else if (!c.isRetiring()) {
                    idle++;
                }
            }
            return new Snapshot(active, idle, connecting, queue.size(), uses);
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ under the lock

    private void unlock() {
        ArrayList<PooledConnection<S>> d = drained;
        drained = null;
        lock.unlock();
        if (d != null) {
            d.forEach(closer);
        }
    }

    /** Gives back a connection claimed for a waiter that no longer waits. */
    private void unclaimLocked(PooledConnection<S> c) {
        if (c.release()) {
            if (drained == null) {
                drained = new ArrayList<>(1);
            }
            drained.add(c);
        }
    }

    /** Slots taken: connections (draining ones too), reservations, sockets being closed. */
    private int slotsLocked() {
        return connections.length + connecting + closing;
    }

    private boolean overdueLocked() {
        Waiter head = queue.peekFirst();
        return head != null && System.nanoTime() - head.since > BARGE_BOUND_NANOS;
    }

    /**
     * Room that connections being opened will bring for other callers: for a shared protocol (the
     * last connection had capacity above 1), callers wait for that room instead of opening more
     * connections in a cold burst. Zero for exclusive protocols.
     */
    private int expectedSpareLocked() {
        return lastCapacity > 1 ? connecting * (lastCapacity - 1) : 0;
    }

    private void publishQueueLocked() {
        Waiter head = queue.peekFirst();
        if (head != null) {
            oldestSince = head.since;
        }
        waiting = queue.size();
    }

    /** Gives the oldest waiters the room {@code c} has, claimed on their behalf. */
    private void handOffLocked(PooledConnection<S> c) {
        while (!queue.isEmpty() && c.tryClaim()) {
            Waiter w = queue.pollFirst();
            if (!w.offer(c)) {
                unclaimLocked(c); // it stopped waiting
            }
        }
        publishQueueLocked();
    }

    /**
     * Serves the oldest waiter after something was freed. One that waited past the bound gets a
     * connection or a slot directly; otherwise it is signalled to compete (one per event).
     */
    private void serveLocked() {
        Waiter head;
        while ((head = queue.peekFirst()) != null) {
            if (shut) {
                return;
            }
            if (System.nanoTime() - head.since > BARGE_BOUND_NANOS) {
                PooledConnection<S> c = scan();
                if (c != null) {
                    queue.pollFirst();
                    if (!head.offer(c)) {
                        unclaimLocked(c); // a waiter that gave up; the next one gets it
                    }
                    continue;
                }
                if (slotsLocked() >= max || expectedSpareLocked() > 0) {
                    break; // nothing to give: the next release or close serves it
                }
                if (budget.tryAcquire()) {
                    connecting++;
                    queue.pollFirst();
                    if (!head.offer(Waiter.PERMIT)) {
                        connecting--;
                        budget.release();
                    }
                    continue;
                }
                // room here but the global cap is reached: signal it, so it waits at the budget too
            }
            queue.pollFirst();
            if (head.offer(Waiter.SIGNAL)) {
                break;
            }
        }
        publishQueueLocked();
    }
}
