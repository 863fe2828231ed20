package io.conpool.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what the pool logs (logger {@code io.conpool}, routed to java.util.logging) at or above a level, until closed. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.conpool");
    private final Level threshold;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Level threshold) {
        this.threshold = threshold;
        logger.addHandler(this);
    }

    /**
     * @param threshold the lowest level recorded
     * @return a capture that records from now on
     */
    public static LogCapture atLeast(Level threshold) {
        return new LogCapture(threshold);
    }

    /** @return what was recorded so far, oldest first */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= threshold.intValue()) {
            records.add(r);
        }
    }

    @Override
    public void flush() {
    }

    /** Stops recording. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
