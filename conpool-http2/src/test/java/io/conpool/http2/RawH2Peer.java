package io.conpool.http2;

import io.conpool.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal, misbehaving HTTP/2 peer on 127.0.0.1 (h2c) speaking raw frames: it answers the client
 * preface with an empty SETTINGS frame and never answers a PING. In {@link Mode#SILENT} it answers no
 * request; in {@link Mode#REFUSE_FIRST_STREAM} it resets the first request stream with REFUSED_STREAM
 * and answers the others with an empty {@code 200} ({@link Mode} lists the others). The test can inject raw bytes with {@link #sendToAll}.
 */
final class RawH2Peer implements AutoCloseable {
    /** What the peer does with request streams. */
    enum Mode {
        SILENT, REFUSE_FIRST_STREAM,
        /** Resets every request stream with REFUSED_STREAM. */
        REFUSE_ALL,
        /** Closes the socket when the first request arrives (it may have been processed); answers the others. */
        CLOSE_ON_FIRST_REQUEST
    }

    /** An empty SETTINGS frame: length 0, type 0x4, flags 0, stream 0. */
    static final byte[] EMPTY_SETTINGS = {0, 0, 0, 0x4, 0, 0, 0, 0, 0};
    /** A DATA frame on stream 0: a connection error (PROTOCOL_ERROR) by RFC 9113 section 6.1. */
    static final byte[] DATA_ON_STREAM_ZERO = {0, 0, 1, 0x0, 0, 0, 0, 0, 0, 'x'};

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private final Mode mode;
    private final List<Integer> requestStreams = new CopyOnWriteArrayList<>();

    RawH2Peer(Mode mode) throws IOException {
        this.mode = mode;
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::acceptLoop, "raw-h2-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Endpoint endpoint() {
        return Endpoint.plain("127.0.0.1", listener.getLocalPort());
    }

    int accepted() {
        return accepted.get();
    }

    void sendToAll(byte[] bytes) throws IOException {
        for (Socket s : sockets) {
            synchronized (s) {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
            }
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                accepted.incrementAndGet();
                sockets.add(s);
                synchronized (s) {
                    s.getOutputStream().write(EMPTY_SETTINGS);
                    s.getOutputStream().flush();
                }
                Thread drain = new Thread(() -> readFrames(s), "raw-h2-peer-read");
                drain.setDaemon(true);
                drain.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** @return the ids of the request streams (HEADERS frames) seen, in order */
    List<Integer> requestStreams() {
        return requestStreams;
    }

    private void readFrames(Socket s) {
        try (InputStream in = s.getInputStream()) {
            in.readNBytes(24); // client preface
            byte[] header = new byte[9];
            while (in.readNBytes(header, 0, 9) == 9) {
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                int type = header[3];
                int stream = (header[5] & 0x7f) << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8
                        | header[8] & 0xff;
                in.readNBytes(length);
                if (type == 0x1) {
                    requestStreams.add(stream);
                    answer(s, stream);
                }
            }
        } catch (IOException ignored) {
            // closed by the client or by close()
        }
    }

    private void answer(Socket s, int stream) throws IOException {
        byte[] id = {(byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        byte[] frame;
        if (mode == Mode.SILENT) {
            return;
        } else if (mode == Mode.CLOSE_ON_FIRST_REQUEST && requestStreams.size() == 1) {
            s.close();
            return;
        } else if (mode == Mode.REFUSE_ALL || (mode == Mode.REFUSE_FIRST_STREAM && requestStreams.size() == 1)) {
            // RST_STREAM, length 4, error REFUSED_STREAM (0x7)
            frame = new byte[]{0, 0, 4, 0x3, 0, id[0], id[1], id[2], id[3], 0, 0, 0, 0x7};
        } else {
            // HEADERS, length 1, END_STREAM|END_HEADERS, HPACK static index 8 = ":status: 200"
            frame = new byte[]{0, 0, 1, 0x1, 0x5, id[0], id[1], id[2], id[3], (byte) 0x88};
        }
        synchronized (s) {
            s.getOutputStream().write(frame);
            s.getOutputStream().flush();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
