package io.conpool.deploy.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backend the pool talks to in the integration tests: an HTTP/1.1 keep-alive server on
 * 127.0.0.1 that answers every request with a small body and counts what the pool did to it
 * (connections accepted, open now, most open at once, requests served). At most 64 connections.
 */
public final class CountingHttpBackend implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 64;

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final Set<String> clientCertificates = ConcurrentHashMap.newKeySet();

    /** @throws IOException if no loopback port can be bound */
    public CountingHttpBackend() throws IOException {
        this(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
    }

    /**
     * An HTTPS backend that requires a client certificate its context trusts (mutual TLS).
     *
     * @param tls the server's TLS context (its key, and the CA it trusts for client certificates)
     * @return the backend on 127.0.0.1
     * @throws IOException if no loopback port can be bound
     */
    public static CountingHttpBackend requiringClientCertificate(javax.net.ssl.SSLContext tls) throws IOException {
        javax.net.ssl.SSLServerSocket s = (javax.net.ssl.SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 100, InetAddress.getLoopbackAddress());
        s.setNeedClientAuth(true);
        return new CountingHttpBackend(s);
    }

    private CountingHttpBackend(ServerSocket socket) {
        server = socket;
        Thread t = new Thread(this::acceptLoop, "it-backend-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** @return the port on 127.0.0.1 */
    public int port() {
        return server.getLocalPort();
    }

    /** @return connections accepted since start */
    public int accepted() {
        return accepted.get();
    }

    /** @return connections open now */
    public int open() {
        return open.size();
    }

    /** @return the most connections open at once since start or {@link #resetPeak()} */
    public int peak() {
        return peak.get();
    }

    /** Starts a new peak measurement from the connections open now. */
    public void resetPeak() {
        peak.set(open.size());
    }

    /** @return the subjects of the client certificates TLS clients presented */
    public Set<String> clientCertificates() {
        return Set.copyOf(clientCertificates);
    }

    /** @return requests answered since start */
    public long requests() {
        return requests.get();
    }

    /**
     * @param n      the expected number of open connections
     * @param millis how long to wait
     * @return whether exactly n were open within the time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitOpen(int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (open.size() == n) {
                return true;
            }
            Thread.sleep(10);
        }
        return open.size() == n;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            if (open.size() >= MAX_CONNECTIONS) {
                closeQuietly(s);
                continue;
            }
            open.add(s);
            peak.accumulateAndGet(open.size(), Math::max);
            Thread t = new Thread(() -> serve(s), "it-backend-conn-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            if (s instanceof javax.net.ssl.SSLSocket) {
                s.setSoTimeout(10_000);
                ((javax.net.ssl.SSLSocket) s).startHandshake();
                s.setSoTimeout(0);
                clientCertificates.add(((javax.net.ssl.SSLSocket) s).getSession().getPeerPrincipal().getName());
            }
            while (readRequestHead(in)) {
                long n = requests.incrementAndGet();
                byte[] body = ("backend response " + n + " on connection " + s.getPort() + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the pool closed the connection
        } finally {
            open.remove(s);
        }
    }

    /** Reads up to the blank line that ends a request head; false at end of stream. */
    private static boolean readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int lines = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                if (line.size() == 0) {
                    return lines > 0;
                }
                lines++;
                line.reset();
            } else if (b != '\r') {
                line.write(b);
            }
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
