package io.conpool.demo;

import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.ConpoolException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over pooled connections: one keep-alive {@code GET} per connection
 * lease. A failure on a reused connection before any response byte is retried once on a fresh
 * connection (the server may have closed it while idle), as {@link ConpoolConnection#isReused()}
 * allows.
 */
public final class HttpOverPool {

    /** Bodies longer than this are refused, so a wrong endpoint cannot make the demo read forever. */
    private static final int MAX_BODY = 1 << 20;

    private HttpOverPool() {
    }

    /**
     * An HTTP response.
     *
     * @param status the status code
     * @param body   the body as UTF-8 text
     * @param reused whether the request went over a connection used before
     */
    public record Response(int status, String body, boolean reused) {
    }

    /**
     * Sends {@code GET path} to the factory's endpoint.
     *
     * @param factory the connection factory
     * @param path    the request path, e.g. {@code /conpool-demo/hello}
     * @return the response
     * @throws ConpoolException if no connection could be had
     * @throws IOException      if the exchange failed
     */
    public static Response get(ConpoolConnectionFactory factory, String path) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ConpoolConnection c = factory.getConnection();
            boolean[] gotBytes = new boolean[1];
            try {
                Response r = exchange(c, path, gotBytes);
                c.close();
                return r;
            } catch (IOException | RuntimeException e) {
                boolean retry = attempt == 1 && c.isReused() && !gotBytes[0] && !(e instanceof ConpoolException);
                c.invalidate();
                if (!retry) {
                    throw e;
                }
            }
        }
    }

    private static Response exchange(ConpoolConnection c, String path, boolean[] gotBytes) throws IOException {
        String host = c.endpoint().host().indexOf(':') >= 0 ? "[" + c.endpoint().host() + "]" : c.endpoint().host();
        OutputStream out = c.output();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + c.endpoint().port()
                + "\r\nConnection: keep-alive\r\nUser-Agent: conpool-demo\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = c.input();
        String statusLine = line(in, gotBytes);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response from " + c.endpoint() + ": " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        int length = -1;
        boolean close = false;
        for (String h = line(in, gotBytes); !h.isEmpty(); h = line(in, gotBytes)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            } else if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("chunked responses are not supported by this demo client");
            }
        }
        if (length < 0 || length > MAX_BODY) {
            throw new IOException("response from " + c.endpoint() + " has no usable Content-Length (" + length + ")");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("response body cut short by " + c.endpoint());
        }
        boolean reused = c.isReused();
        if (close) {
            c.invalidate(); // the server will close it: do not reuse
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8), reused);
    }

    private static String line(InputStream in, boolean[] gotBytes) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            gotBytes[0] = true;
            if (b != '\r') {
                buf.write(b);
            }
            if (buf.size() > 8192) {
                throw new IOException("HTTP header line longer than 8 KiB");
            }
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }
}
