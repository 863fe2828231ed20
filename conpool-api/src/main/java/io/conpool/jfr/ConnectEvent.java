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
 * JFR event {@code io.conpool.Connect}: the pool opened a new connection, or every attempt failed.
 * Recorded when the connect took at least the setting {@code minDuration} (default {@code 0 ns});
 * failures always.
 */
@Name("io.conpool.Connect")
@Label("Connection Open")
@Category("conpool")
@Description("The pool opened a connection (name lookup, TCP connect, TLS handshake, protocol set-up, retries) or failed to")
@Enabled(false)
@StackTrace(false)
public final class ConnectEvent extends Event {
    /** The pool's name. */
    @Label("Pool")
    public String pool;

    /** The endpoint, {@code host:port} with {@code /tls} for TLS. */
    @Label("Endpoint")
    public String endpoint;

    /** From the start of the first attempt until the connection was set up or the last attempt failed. */
    @Label("Connect Time")
    @Timespan(Timespan.NANOSECONDS)
    public long connectTime;

    /** Attempts made, from 1. */
    @Label("Attempts")
    public int attempts;

    /** The IP address and port connected to (null on failure). */
    @Label("Address")
    public String address;

    /** The negotiated TLS protocol, such as {@code TLSv1.3}; null for plain TCP. */
    @Label("TLS Protocol")
    public String tlsProtocol;

    /** The negotiated cipher suite; null for plain TCP. */
    @Label("Cipher Suite")
    public String cipherSuite;

    /** For a failure: the exception's class and message; else null. */
    @Label("Error")
    public String error;

    /** Creates an empty event; the pool fills and commits it. */
    public ConnectEvent() {
    }

    /**
     * The {@code minDuration} setting: only connects that took at least this long are recorded
     * (failures always).
     *
     * @param threshold the setting's value
     * @return whether to record this event
     */
    @SettingDefinition
    @Name("minDuration")
    @Label("Minimum Connect Time")
    @Description("Record only connects that took at least this long (failed connects always), such as 50 ms")
    @Timespan
    public boolean minDuration(NanosThreshold threshold) {
        return error != null || threshold.reached(connectTime);
    }
}
