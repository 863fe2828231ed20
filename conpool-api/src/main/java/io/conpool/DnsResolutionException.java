package io.conpool;

/** The endpoint's host name could not be resolved to any address. Not retried: DNS answers are cached by the JVM. */
public class DnsResolutionException extends ConpoolException {
    private static final long serialVersionUID = 1L;
    private final String host;

    /**
     * @param host  the name that did not resolve
     * @param cause the resolver's error, may be {@code null}
     */
    public DnsResolutionException(String host, Throwable cause) {
        super("DNS resolution failed for host '" + host + "': check the host name and the resolver"
                + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""), cause);
        this.host = host;
    }

    /**
     * @param host   the name that was being resolved
     * @param reason what went wrong and what to do about it
     * @param cause  the underlying error, may be {@code null}
     */
    public DnsResolutionException(String host, String reason, Throwable cause) {
        super("DNS resolution failed for host '" + host + "': " + reason, cause);
        this.host = host;
    }

    /** @return the host name that did not resolve */
    public String host() {
        return host;
    }
}
