package io.conpool.bench.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A blocking TCP (or TLS) server on 127.0.0.1 and an ephemeral port, started by the benchmarks
 * themselves. It answers {@link Wire} requests on each connection until the client closes or asks
 * it to close; connections that never send anything (the pools' idle ones) just stay open.
 * Connection threads come from a cached pool, so opening a connection does not start a thread.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final ServerSocket server;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean closed;

    private LoopbackServer(ServerSocket server) {
        this.server = server;
        int id = SEQ.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "bench-server-" + id + "-conn-" + n.incrementAndGet()));
        this.acceptor = daemon(this::acceptLoop, "bench-server-" + id + "-accept");
        this.acceptor.start();
    }

    /**
     * @return a plain TCP server on 127.0.0.1
     * @throws IOException if the port cannot be bound
     */
    public static LoopbackServer plain() throws IOException {
        return new LoopbackServer(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()));
    }

    /**
     * @param serverContext an SSLContext with the server's key (see {@link SelfSignedTls})
     * @return a TLS server on 127.0.0.1
     * @throws IOException if the port cannot be bound
     */
    public static LoopbackServer tls(SSLContext serverContext) throws IOException {
        return new LoopbackServer(serverContext.getServerSocketFactory().createServerSocket(0, 1024,
                InetAddress.getLoopbackAddress()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** @return the host clients connect to: {@code 127.0.0.1} */
    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    /** @return the bound port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return connections accepted since start */
    public long acceptedCount() {
        return accepted.get();
    }

    /**
     * Waits until at least {@code n} connections were accepted (a client's connect can return
     * before the server's accept loop has counted it).
     *
     * @param n         how many
     * @param timeoutMs how long to wait at most, in milliseconds
     * @return the accepted count when it reached {@code n}, or at the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public long awaitAccepted(long n, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (accepted.get() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        return accepted.get();
    }

    /** @return connections open right now */
    public int openCount() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // transient accept failure (e.g. aborted handshake on a TLS port)
            }
            accepted.incrementAndGet();
            open.add(s);
            try {
                workers.execute(() -> serve(s));
            } catch (RuntimeException e) {
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        byte[] request = new byte[Wire.REQUEST_BYTES];
        byte[] response = new byte[Wire.RESPONSE_BYTES];
        try {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (;;) {
                try {
                    Wire.readFully(in, request, Wire.REQUEST_BYTES);
                } catch (EOFException e) {
                    return; // the client closed: normal end of a pooled connection
                }
                out.write(response);
                out.flush();
                if (request[0] == Wire.CLOSE) {
                    return;
                }
            }
        } catch (SocketException e) {
            // reset or closed by the client or by close(): normal
        } catch (IOException e) {
            // a failed TLS handshake or a broken connection: drop it
        } finally {
            open.remove(s);
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting, closes every open connection and the worker threads. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        workers.shutdownNow();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
