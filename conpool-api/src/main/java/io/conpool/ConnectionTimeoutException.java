package io.conpool;

import java.time.Duration;

/**
 * The last connection attempt ran out of {@code connectTimeout} in the TCP connect or the TLS
 * handshake. A {@link ConnectionFailedException}, so one {@code catch} covers every connect failure.
 */
public class ConnectionTimeoutException extends ConnectionFailedException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    /**
     * @param endpoint where the pool tried to connect
     * @param attempts how many attempts were made
     * @param timeout  the per-attempt connect timeout
     * @param cause    the timeout of the last attempt
     */
    public ConnectionTimeoutException(Endpoint endpoint, int attempts, Duration timeout, Throwable cause) {
        super("Connection to " + endpoint + " timed out after " + timeout.toMillis() + " ms (TCP connect + TLS handshake) on "
                        + attempts + " attempt" + (attempts == 1 ? "" : "s")
                        + ": the server accepts no connections or does not complete the handshake; raise connectTimeout if it is slow",
                endpoint, attempts, "timed out after " + timeout.toMillis() + " ms", cause);
        this.timeout = timeout;
    }

    /** @return the connect timeout that expired, per attempt */
    public Duration timeout() {
        return timeout;
    }
}
