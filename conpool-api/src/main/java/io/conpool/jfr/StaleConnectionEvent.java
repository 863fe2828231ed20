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
 * JFR event {@code io.conpool.StaleConnection}: an idle connection failed the check before reuse
 * (closed by the peer, unhealthy); the caller got another.
 */
@Name("io.conpool.StaleConnection")
@Label("Stale Connection")
@Category("conpool")
@Description("An idle connection failed the check before reuse (the peer closed it, or it was unhealthy)")
@Enabled(false)
@StackTrace(false)
public final class StaleConnectionEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;

    /** The endpoint, {@code host:port} with {@code /tls} for TLS. */
    @Label("Endpoint")
    public String endpoint;

    /** How long the connection had been idle. */
    @Label("Idle Time")
    @Timespan(Timespan.NANOSECONDS)
    public long idleTime;

    /** Creates an empty event; the pool fills and commits it. */
    public StaleConnectionEvent() {
    }
}
