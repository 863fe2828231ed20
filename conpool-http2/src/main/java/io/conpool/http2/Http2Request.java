package io.conpool.http2;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP/2 request: method, path (with query), optional authority, header fields and body.
 * Immutable; build with {@link #get(String)}, {@link #post(String, byte[])} or {@link #builder(String, String)}.
 * The scheme comes from the connection ({@code https} over TLS, {@code http} for h2c) and the
 * authority defaults to the endpoint's {@code host:port}.
 */
public final class Http2Request {
    /** Connection-specific fields that HTTP/2 forbids (RFC 9113 section 8.2.2); {@code host} goes in the authority. */
    private static final Set<String> FORBIDDEN = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "host");
    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String path;
    private final String authority;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final boolean idempotent;

    private Http2Request(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.authority = b.authority;
        this.headers = List.copyOf(b.headers);
        this.body = b.body;
        this.idempotent = b.idempotent;
    }

    /**
     * @param path the path with optional query, starting with {@code /}
     * @return a GET request without body
     * @throws IllegalArgumentException if the path is invalid
     */
    public static Http2Request get(String path) {
        return builder("GET", path).build();
    }

    /**
     * @param path the path with optional query, starting with {@code /}
     * @param body the body (copied)
     * @return a POST request
     * @throws IllegalArgumentException if the path is invalid
     */
    public static Http2Request post(String path, byte[] body) {
        return builder("POST", path).body(body).build();
    }

    /**
     * @param method the method, e.g. {@code GET}
     * @param path   the path with optional query, starting with {@code /} ({@code *} for OPTIONS)
     * @return a builder
     * @throws IllegalArgumentException if the method or path is invalid
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /**
     * @param method the method
     * @param uri    an absolute or relative URI; its raw path and query become {@code :path}, and the
     *               authority of an absolute URI becomes {@code :authority}
     * @return a builder
     * @throws IllegalArgumentException if the method is invalid
     */
    public static Builder builder(String method, URI uri) {
        String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            p = p + "?" + uri.getRawQuery();
        }
        Builder b = new Builder(method, p);
        if (uri.getRawAuthority() != null) {
            b.authority(uri.getRawAuthority());
        }
        return b;
    }

    /** @return the method */
    public String method() {
        return method;
    }

    /** @return the {@code :path}: path and query */
    public String path() {
        return path;
    }

    /** @return the {@code :authority} override, or {@code null} to use the endpoint's {@code host:port} */
    public String authority() {
        return authority;
    }

    /** @return the header fields in order, names in lower case */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** @return a copy of the body (empty when none) */
    public byte[] body() {
        return body.clone();
    }

    /** @return the body length in bytes */
    public int bodyLength() {
        return body.length;
    }

    /**
     * @return whether the caller declared that the server processing this request twice is harmless;
     *         only then does {@link Http2Requests#send} resend it after a failure where the server may
     *         already have processed it (see {@link Builder#idempotent(boolean)})
     */
    public boolean isIdempotent() {
        return idempotent;
    }

    byte[] bodyNoCopy() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + path + (body.length > 0 ? " (" + body.length + " bytes)" : "");
    }

    /** Builds an {@link Http2Request}. */
    public static final class Builder {
        private final String method;
        private final String path;
        private String authority;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body = NO_BODY;
        private boolean idempotent;

        private Builder(String method, String path) {
            if (method == null || method.isBlank() || !method.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("HTTP method '" + method + "' is not a token: use e.g. GET or POST");
            }
            Objects.requireNonNull(path, "path");
            if (!(path.startsWith("/") || ("*".equals(path) && "OPTIONS".equals(method)))) {
                throw new IllegalArgumentException("request path '" + path + "' must start with '/'");
            }
            this.method = method;
            this.path = path;
        }

        /**
         * @param value the {@code :authority} to send instead of the endpoint's {@code host:port}
         * @return this builder
         */
        public Builder authority(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("authority must not be blank");
            }
            this.authority = value;
            return this;
        }

        /**
         * Adds a header field (names are sent in lower case, as HTTP/2 requires).
         *
         * @param name  the field name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException for a blank name, a pseudo-header, or a connection-specific field
         */
        public Builder header(String name, String value) {
            if (name == null || name.isBlank() || name.startsWith(":")) {
                throw new IllegalArgumentException("header name '" + name + "' is invalid: pseudo-headers are set from the"
                        + " method, path and authority");
            }
            String lower = name.strip().toLowerCase(Locale.ROOT);
            if (FORBIDDEN.contains(lower)) {
                throw new IllegalArgumentException("header '" + name + "' is connection-specific and not allowed in HTTP/2"
                        + ("host".equals(lower) ? ": set the authority instead" : ": drop it"));
            }
            if ("te".equals(lower) && !"trailers".equalsIgnoreCase(Objects.requireNonNull(value).strip())) {
                throw new IllegalArgumentException("header 'te' may only be 'trailers' in HTTP/2");
            }
            headers.add(Map.entry(lower, Objects.requireNonNull(value, "header value")));
            return this;
        }

        /**
         * Sets the request body.
         *
         * @param bytes the body (copied)
         * @return this builder
         */
        public Builder body(byte[] bytes) {
            this.body = bytes == null ? NO_BODY : bytes.clone();
            return this;
        }

        /**
         * Sets the request body from text.
         *
         * @param text the body, sent as UTF-8
         * @return this builder
         */
        public Builder body(String text) {
            this.body = text == null ? NO_BODY : text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Marks the request safe to send again even when the server may already have processed it: after
         * the connection broke while the request was in flight, or after a GOAWAY whose last-stream-id
         * covers its stream, {@link Http2Requests#send} then retries it on another connection. Off by
         * default, whatever the method: a request the server certainly did not process (a stream above
         * the last-stream-id, {@code REFUSED_STREAM}, never sent) is retried either way.
         *
         * @param value {@code true} if processing the request twice does no harm (e.g. a GET or PUT)
         * @return this builder
         */
        public Builder idempotent(boolean value) {
            this.idempotent = value;
            return this;
        }

        /** @return the request */
        public Http2Request build() {
            return new Http2Request(this);
        }
    }
}
