package io.conpool.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code io.conpool.LeakSuspected}: a lease was held longer than
 * {@code leakDetectionThreshold} (once per lease), with the stack of the code that acquired it.
 */
@Name("io.conpool.LeakSuspected")
@Label("Leak Suspected")
@Category("conpool")
@Description("A lease was held longer than leakDetectionThreshold; Acquired At shows the code that took it")
@Enabled(false)
@StackTrace(false)
public final class LeakSuspectedEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;

    /** The endpoint, {@code host:port} with {@code /tls} for TLS. */
    @Label("Endpoint")
    public String endpoint;

    /** How long the lease had been held when this was noticed. */
    @Label("Held Time")
    @Timespan(Timespan.NANOSECONDS)
    public long heldTime;

    /** The acquirer's stack, one frame a line (at most 32 frames). */
    @Label("Acquired At")
    public String acquiredAt;

    /** Creates an empty event; the pool fills and commits it. */
    public LeakSuspectedEvent() {
    }
}
