package io.conpool.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR event {@code io.conpool.ConnectionClosed}: the pool closed a connection, and why. */
@Name("io.conpool.ConnectionClosed")
@Label("Connection Closed")
@Category("conpool")
@Description("The pool closed a connection: IDLE, LIFETIME, USES, STALE, BROKEN, CLEARED, EVICTED or POOL_CLOSED")
@Enabled(false)
@StackTrace(false)
public final class ConnectionClosedEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;

    /** The endpoint, {@code host:port} with {@code /tls} for TLS. */
    @Label("Endpoint")
    public String endpoint;

    /** The {@code io.conpool.CloseReason} name. */
    @Label("Reason")
    public String reason;

    /** How long the connection had been open. */
    @Label("Age")
    @Timespan(Timespan.NANOSECONDS)
    public long age;

    /** Creates an empty event; the pool fills and commits it. */
    public ConnectionClosedEvent() {
    }
}
