package io.conpool.bench.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest HTTP/1.1 client the HTTP/2 scenario needs, on a connection's raw streams: one
 * {@code POST} with a {@link Wire#REQUEST_BYTES}-byte body, written in one call, and its response
 * read completely (status line, header fields, a body framed by {@code content-length}), so the
 * connection is ready for the next request. No pipelining, no chunked responses. One instance per
 * thread: it keeps its read buffer.
 */
public final class Http1Exchange {
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "connection: close".getBytes(StandardCharsets.US_ASCII);

    private final byte[] buf = new byte[8192];
    private boolean serverWillClose;

    /**
     * The request's bytes: request line, {@code host}, {@code content-length} and the body of
     * {@link Wire#request(boolean) Wire.request(false)}.
     *
     * @param host the server's host, for the {@code host} field
     * @param port the server's port
     * @return a new buffer, to keep and reuse
     */
    public static byte[] request(String host, int port) {
        byte[] head = ("POST " + JettyLoopbackServer.PATH + " HTTP/1.1\r\nhost: " + host + ":" + port
                + "\r\ncontent-length: " + Wire.REQUEST_BYTES + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = Wire.request(false);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /**
     * Sends {@code request} and reads the whole response.
     *
     * @param in      the connection's input
     * @param out     the connection's output
     * @param request bytes from {@link #request(String, int)}
     * @return the response body's length in bytes
     * @throws EOFException if the server closed the connection before the response was complete
     * @throws IOException  on I/O failure, or if the response is not {@code 200} with a
     *                      {@code content-length} (the message quotes the status line)
     */
    public int exchange(InputStream in, OutputStream out, byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int filled = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            if (filled == buf.length) {
                throw new IOException("response header larger than " + buf.length + " bytes");
            }
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
                throw new EOFException("connection closed after " + filled + " bytes of the response header");
            }
            int from = Math.max(0, filled - 3);
            filled += r;
            headEnd = headerEnd(from, filled);
        }
        String statusLine = new String(buf, 0, lineEnd(0, headEnd), StandardCharsets.US_ASCII);
        if (!statusLine.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("expected 'HTTP/1.1 200', got '" + statusLine + "'");
        }
        long length = contentLength(headEnd);
        if (length < 0) {
            throw new IOException("response without content-length (chunked responses are not supported): " + statusLine);
        }
        serverWillClose = indexOfIgnoreCase(CONNECTION_CLOSE, 0, headEnd) >= 0;
        long remaining = length - (filled - headEnd);
        if (remaining < 0) {
            throw new IOException("the server sent " + (-remaining) + " bytes after the response body");
        }
        while (remaining > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (r < 0) {
                throw new EOFException("connection closed with " + remaining + " bytes of the response body missing");
            }
            remaining -= r;
        }
        return (int) length;
    }

    /** @return whether the last response said {@code connection: close} */
    public boolean serverWillClose() {
        return serverWillClose;
    }

    /** Index just after the blank line ending the header, or -1. */
    private int headerEnd(int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private int lineEnd(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\r') {
                return i;
            }
        }
        return to;
    }

    private long contentLength(int headEnd) throws IOException {
        int at = indexOfIgnoreCase(CONTENT_LENGTH, 0, headEnd);
        if (at < 0) {
            return -1;
        }
        String value = new String(buf, at + CONTENT_LENGTH.length, lineEnd(at, headEnd) - at - CONTENT_LENGTH.length,
                StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("bad content-length '" + value + "'", e);
        }
    }

    /** Position of {@code needle} (lower-case) at the start of a header line in buf[from, to), or -1. */
    private int indexOfIgnoreCase(byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            if (i > 0 && buf[i - 1] != '\n') {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                int c = buf[i + j];
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if (c != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
