package io.conpool;

/**
 * A new connection could not be opened after every attempt (TCP connect, TLS handshake or the
 * protocol handler's set-up), each attempt trying every resolved address.
 */
public class ConnectionFailedException extends ConpoolException {
    private static final long serialVersionUID = 1L;
    private final transient Endpoint endpoint;
    private final int attempts;
    private final String lastError;

    /**
     * @param endpoint  where the pool tried to connect
     * @param attempts  how many attempts were made (retries + 1)
     * @param lastError the error of the last attempt, as text
     * @param cause     the error of the last attempt
     */
    public ConnectionFailedException(Endpoint endpoint, int attempts, String lastError, Throwable cause) {
        this("Failed to connect to " + endpoint + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + ": " + lastError + hint(cause), endpoint, attempts, lastError, cause);
    }

    private static String hint(Throwable cause) {
        if (cause instanceof javax.net.ssl.SSLException) {
            return " (the TLS handshake failed: the server's certificate must match the host name and be trusted by"
                    + " the pool's SSLContext, and the server must offer TLS 1.2 or 1.3)";
        }
        return " (is the server up and listening? see connectRetryCount, connectTimeout)";
    }

    /**
     * For subclasses with a message of their own.
     *
     * @param message   the full message
     * @param endpoint  where the pool tried to connect
     * @param attempts  how many attempts were made
     * @param lastError the error of the last attempt, as text
     * @param cause     the error of the last attempt
     */
    protected ConnectionFailedException(String message, Endpoint endpoint, int attempts, String lastError,
                                        Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.attempts = attempts;
        this.lastError = lastError;
    }

    /** @return the endpoint that could not be reached */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the number of connection attempts made (connectRetryCount + 1 when all failed) */
    public int attempts() {
        return attempts;
    }

    /** @return the last attempt's error, as text */
    public String lastError() {
        return lastError;
    }
}
