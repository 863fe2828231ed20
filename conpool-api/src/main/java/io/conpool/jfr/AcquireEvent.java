package io.conpool.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code io.conpool.Acquire}: a caller got a lease, or its acquire failed. Recorded when
 * the wait reached the setting {@code minWait} (default {@code 0 ns}); failures always.
 */
@Name("io.conpool.Acquire")
@Label("Connection Acquire")
@Category("conpool")
@Description("A caller leased a connection (reused or new) or gave up: how long acquire took and how it ended")
@Enabled(false)
@StackTrace(false)
public final class AcquireEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;

    /** The endpoint, {@code host:port} with {@code /tls} for TLS. */
    @Label("Endpoint")
    public String endpoint;

    /** How long {@code acquire} took, including any connect, in nanoseconds. */
    @Label("Wait Time")
    @Timespan(Timespan.NANOSECONDS)
    public long waitTime;

    /** Whether an idle connection was reused (false for a new one and for a failure). */
    @Label("Reused")
    public boolean reused;

    /** {@code reused}, {@code new} or {@code failed}. */
    @Label("Outcome")
    public String outcome;

    /** For a failure: the exception's class and message; else null. */
    @Label("Error")
    public String error;

    /** Creates an empty event; the pool fills and commits it. */
    public AcquireEvent() {
    }

    /**
     * The {@code minWait} setting: only acquires that waited at least this long are recorded
     * (failures always).
     *
     * @param threshold the setting's value
     * @return whether to record this event
     */
    @SettingDefinition
    @Name("minWait")
    @Label("Minimum Wait")
    @Description("Record only acquires that took at least this long (failed acquires always), such as 10 ms")
    @Timespan
    public boolean minWait(NanosThreshold threshold) {
        return error != null || threshold.reached(waitTime);
    }
}
