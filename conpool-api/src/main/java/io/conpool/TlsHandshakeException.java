package io.conpool;

/**
 * The TLS handshake with an endpoint failed for a reason that another attempt will not fix; the
 * message says which setting to change. {@link #reason()} tells the cases apart for code.
 */
public class TlsHandshakeException extends ConnectionFailedException {
    private static final long serialVersionUID = 1L;

    /** Why a handshake failed. */
    public enum Reason {
        /** The server's certificate does not chain to a trusted CA (or has expired): change {@code tlsTrustStore}. */
        UNTRUSTED_CERTIFICATE,
        /** The certificate is trusted but names neither the endpoint's host name nor its IP address. */
        HOST_NAME_MISMATCH,
        /** No TLS version or cipher suite is acceptable to both sides: change {@code tlsProtocols} / {@code tlsCipherSuites}. */
        PROTOCOL_OR_CIPHER_MISMATCH,
        /** The server requires a client certificate and none was sent: set {@code tlsKeyStore}. */
        CLIENT_CERTIFICATE_MISSING,
        /** The server refused the client certificate sent (issuer not trusted by it, expired, or revoked). */
        CLIENT_CERTIFICATE_REJECTED,
        /** Another handshake failure; the cause tells more. */
        OTHER
    }

    private final Reason reason;

    /**
     * @param endpoint where the pool tried to connect
     * @param attempts attempts made
     * @param reason   why the handshake failed
     * @param detail   what failed and what to change, without any secret
     * @param cause    the JSSE error
     */
    public TlsHandshakeException(Endpoint endpoint, int attempts, Reason reason, String detail, Throwable cause) {
        super("TLS handshake with " + endpoint + " failed (" + reason + "): " + detail + " [after " + attempts
                + " attempt" + (attempts == 1 ? "" : "s") + "]", endpoint, attempts, detail, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** @return why the handshake failed */
    public Reason reason() {
        return reason;
    }
}
