package io.conpool.http2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A complete HTTP/2 response: status, header fields, body and trailers. Immutable. */
public final class Http2Response {
    private final int streamId;
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final List<Map.Entry<String, String>> trailers;

    /**
     * @param streamId the stream it came on
     * @param status   the status code
     * @param headers  the header fields, names in lower case
     * @param body     the body
     * @param trailers the trailer fields, possibly empty
     */
    public Http2Response(int streamId, int status, List<Map.Entry<String, String>> headers, byte[] body,
                         List<Map.Entry<String, String>> trailers) {
        this.streamId = streamId;
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.trailers = List.copyOf(trailers);
    }

    /** @return the HTTP/2 stream id the response came on */
    public int streamId() {
        return streamId;
    }

    /** @return the status code */
    public int status() {
        return status;
    }

    /** @return every header field in order, names in lower case */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * @param name a field name (any case)
     * @return the first value of that field
     */
    public Optional<String> header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(e -> e.getKey().equals(lower)).map(Map.Entry::getValue).findFirst();
    }

    /**
     * @param name a field name (any case)
     * @return every value of that field, in order
     */
    public List<String> headerValues(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            if (e.getKey().equals(lower)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** @return a copy of the body bytes */
    public byte[] body() {
        return body.clone();
    }

    /** @return the body decoded as UTF-8 */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the trailer fields, empty when the server sent none */
    public List<Map.Entry<String, String>> trailers() {
        return trailers;
    }

    @Override
    public String toString() {
        return "Http2Response[stream " + streamId + ", status " + status + ", " + body.length + " bytes]";
    }
}
