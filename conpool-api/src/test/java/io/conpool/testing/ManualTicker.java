package io.conpool.testing;

import io.conpool.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when told to. */
public final class ManualTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** @param d how far to move the clock */
    public void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
