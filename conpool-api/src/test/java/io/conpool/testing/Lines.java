package io.conpool.testing;

import io.conpool.Transport;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Line I/O on a pooled {@link Transport} without buffering past the line, so nothing is lost between leases. */
public final class Lines {
    private Lines() {
    }

    /** Writes {@code line + "\n"} and reads one line back. */
    public static String roundTrip(Transport t, String line) throws IOException {
        write(t, line);
        return read(t.input());
    }

    /** Writes {@code line + "\n"} and flushes. */
    public static void write(Transport t, String line) throws IOException {
        t.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        t.output().flush();
    }

    /** Reads bytes up to and without the next newline. */
    public static String read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server after " + buf.size() + " bytes");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
