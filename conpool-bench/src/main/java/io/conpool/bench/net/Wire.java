package io.conpool.bench.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The benchmark's request/response protocol: a request is {@value #REQUEST_BYTES} bytes whose
 * first byte says whether the server closes the connection after answering; the response is
 * {@value #RESPONSE_BYTES} bytes. Fixed sizes keep every exchange to one write per side.
 */
public final class Wire {
    /** Size of a request, in bytes. */
    public static final int REQUEST_BYTES = 128;
    /** Size of a response, in bytes. */
    public static final int RESPONSE_BYTES = 1024;
    /** First request byte: keep the connection open after the response. */
    public static final byte KEEP_ALIVE = 0;
    /** First request byte: the server closes the connection after the response (so it, not the client, holds TIME_WAIT). */
    public static final byte CLOSE = 1;

    private Wire() {
    }

    /**
     * @param close whether the server should close after answering
     * @return a new request buffer (callers keep and reuse it)
     */
    public static byte[] request(boolean close) {
        byte[] r = new byte[REQUEST_BYTES];
        r[0] = close ? CLOSE : KEEP_ALIVE;
        for (int i = 1; i < r.length; i++) {
            r[i] = (byte) i;
        }
        return r;
    }

    /**
     * Sends {@code request} and reads the whole response into {@code response}.
     *
     * @param in       the connection's input
     * @param out      the connection's output
     * @param request  a buffer from {@link #request(boolean)}
     * @param response a buffer of at least {@link #RESPONSE_BYTES} bytes
     * @throws IOException  on I/O failure
     * @throws EOFException if the server closed before the response was complete
     */
    public static void exchange(InputStream in, OutputStream out, byte[] request, byte[] response) throws IOException {
        out.write(request);
        out.flush();
        readFully(in, response, RESPONSE_BYTES);
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @param in  where from
     * @param buf where to
     * @param n   how many bytes
     * @throws IOException  on I/O failure
     * @throws EOFException if the stream ends first
     */
    public static void readFully(InputStream in, byte[] buf, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new EOFException("connection closed after " + off + " of " + n + " bytes");
            }
            off += r;
        }
    }
}
