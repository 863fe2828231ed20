package io.conpool;

import io.conpool.internal.IpLiterals;
import java.util.Locale;

/**
 * The key of a pool: a host, a TCP port and whether the connection uses TLS.
 *
 * <p>Plain and TLS connections to the same {@code host:port} are different endpoints and are
 * never mixed. Host names are compared case-insensitively (they are stored in lower case);
 * IPv6 literals may be written with or without brackets. IP literals are checked strictly and
 * stored in canonical form ({@code [0:0:0:0:0:0:0:1]} becomes {@code ::1}, RFC 5952), so one
 * address written two ways is one endpoint with one set of limits.
 *
 * @param host a DNS name, an IPv4 literal or an IPv6 literal; never blank
 * @param port the TCP port, 1..65535
 * @param tls  {@code true} for a TLS connection
 */
public record Endpoint(String host, int port, boolean tls) {

    /**
     * Validates and normalises the endpoint.
     *
     * @param host a DNS name, an IPv4 literal or an IPv6 literal (with or without brackets)
     * @param port the TCP port, 1..65535
     * @param tls  {@code true} for a TLS connection
     * @throws InvalidEndpointException if the host is null, blank or malformed, or the port is
     *                                  outside 1..65535
     */
    public Endpoint {
        host = normaliseHost(host, port, tls);
        if (port < 1 || port > 65535) {
            throw new InvalidEndpointException("port " + port + " of endpoint " + host
                    + " is out of range: use a TCP port between 1 and 65535");
        }
    }

    /**
     * A plain TCP endpoint.
     *
     * @param host a DNS name or IP literal
     * @param port the TCP port, 1..65535
     * @return the endpoint
     * @throws InvalidEndpointException if host or port is invalid
     */
    public static Endpoint plain(String host, int port) {
        return new Endpoint(host, port, false);
    }

    /**
     * A TLS endpoint.
     *
     * @param host a DNS name or IP literal; also used for SNI and hostname verification
     * @param port the TCP port, 1..65535
     * @return the endpoint
     * @throws InvalidEndpointException if host or port is invalid
     */
    public static Endpoint tls(String host, int port) {
        return new Endpoint(host, port, true);
    }

    /**
     * Parses {@code host:port}, {@code host:port/tls} or {@code [v6-literal]:port[/tls]}, the
     * form {@link #toString()} prints.
     *
     * @param text the text to parse
     * @return the endpoint
     * @throws InvalidEndpointException if the text is not of that form
     */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidEndpointException("endpoint text is empty: write host:port or host:port/tls");
        }
        String t = text.strip();
        boolean tls = false;
        if (t.regionMatches(true, t.length() - 4, "/tls", 0, 4)) {
            tls = true;
            t = t.substring(0, t.length() - 4);
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new InvalidEndpointException("endpoint '" + text + "' has no port: write host:port or host:port/tls");
        }
        String host = t.substring(0, colon);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            throw new InvalidEndpointException("endpoint '" + text
                    + "' looks like an IPv6 literal without brackets: write [" + host + "]:port");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidEndpointException("endpoint '" + text + "' has a port that is not a number: '"
                    + t.substring(colon + 1) + "'");
        }
        return new Endpoint(host, port, tls);
    }

    /**
     * Whether the host is an IP literal (no DNS lookup, no SNI).
     *
     * @return {@code true} for IPv4 and IPv6 literals
     */
    public boolean isIpLiteral() {
        return host.indexOf(':') >= 0 || isIpv4(host);
    }

    /**
     * @param o another object
     * @return whether it is an endpoint with the same host, port and TLS flag
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Endpoint)) {
            return false;
        }
        Endpoint e = (Endpoint) o;
        return port == e.port && tls == e.tls && host.equals(e.host);
    }

    /** @return a hash of host, port and TLS flag (cheap: the host's hash is cached by String) */
    @Override
    public int hashCode() {
        return (host.hashCode() * 31 + port) * 2 + (tls ? 1 : 0);
    }

    /** @return {@code host:port} or {@code host:port/tls}, with IPv6 literals in brackets */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return h + ":" + port + (tls ? "/tls" : "");
    }

    private static String normaliseHost(String host, int port, boolean tls) {
        if (host == null || host.isBlank()) {
            throw new InvalidEndpointException("host of endpoint (port " + port + (tls ? ", tls" : "")
                    + ") is missing: give a DNS name or an IP address");
        }
        String h = host.strip();
        if (h.startsWith("[") || h.endsWith("]")) {
            if (!(h.startsWith("[") && h.endsWith("]")) || h.length() < 3) {
                throw new InvalidEndpointException("host '" + host + "' has unbalanced brackets");
            }
            h = h.substring(1, h.length() - 1);
            if (h.indexOf(':') < 0) {
                throw new InvalidEndpointException("host '" + host + "' is bracketed but is not an IPv6 literal");
            }
        }
        if (h.indexOf(':') >= 0) {
            try {
                return IpLiterals.canonicalIpv6(h).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidEndpointException("host '" + host + "' is not a valid IPv6 literal: " + e.getMessage());
            }
        }
        if (h.length() > 253) {
            throw new InvalidEndpointException("host '" + h.substring(0, 20) + "...' is longer than 253 characters");
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String label : h.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63
                    || !label.matches("[A-Za-z0-9_]([A-Za-z0-9_\\-]*[A-Za-z0-9_])?")) {
                throw new InvalidEndpointException("host '" + host
                        + "' is not a valid DNS name or IP address (bad label '" + label + "')");
            }
        }
        try {
            String v4 = IpLiterals.canonicalIpv4(h);
            if (v4 != null) {
                return v4;
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointException("host '" + host + "' is not a valid IPv4 address: " + e.getMessage());
        }
        if (h.matches("[0-9.]+")) {
            throw new InvalidEndpointException("host '" + host + "' is not a valid IPv4 address: write four decimal"
                    + " octets such as 10.0.0.1");
        }
        return h.toLowerCase(Locale.ROOT);
    }

    private static boolean isIpv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
