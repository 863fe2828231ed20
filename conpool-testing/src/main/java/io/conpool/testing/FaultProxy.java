package io.conpool.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy between a pool and a real server that injects network faults: refuse new
 * connections, blackhole traffic (accept, then forward nothing either way), reset or close every
 * connection (a backend restart), close a connection after N bytes from the server, delay
 * forwarding, and half-close toward the client. Counts the connections it accepted and how many
 * are open. Two threads per proxied connection; tests keep the number small.
 */
public final class FaultProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private volatile boolean blackhole;
    private volatile long closeAfterBytes = -1;
    private volatile long delayMillis;
    private volatile boolean closed;

    /** Ports below the kernel's ephemeral range (Linux: 32768 and up) and above common fixed ones. */
    private static final int FIRST_PORT = 20_000;
    private static final int PORTS = 12_000;

    private FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.port = listenOnAFreePort();
    }

    private int listenOnAFreePort() throws IOException {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return listen(FIRST_PORT + java.util.concurrent.ThreadLocalRandom.current().nextInt(PORTS));
            } catch (IOException e) {
                last = e; // taken: try another
            }
        }
        throw last;
    }

    /**
     * @param targetPort the port of the real server on 127.0.0.1
     * @return a proxy forwarding everything, on 127.0.0.1 and an ephemeral port
     * @throws IOException if it cannot listen
     */
    public static FaultProxy to(int targetPort) throws IOException {
        return new FaultProxy(targetPort);
    }

    private synchronized int listen(int wanted) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 200);
        listener = s;
        Thread t = new Thread(() -> acceptLoop(s), "fault-proxy-" + s.getLocalPort());
        t.setDaemon(true);
        t.start();
        acceptor = t;
        return s.getLocalPort();
    }

    /** @return the port clients connect to */
    public int port() {
        return port;
    }

    /** @return connections accepted so far */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** @return client connections open now */
    public int openConnections() {
        return links.size();
    }

    /**
     * New connections are refused (the listening socket is closed) until {@link #accept()}. The
     * port is outside the kernel's ephemeral range, so while it is closed no outgoing connection
     * gets it as its local port (a loopback connect to such a port can connect to itself).
     */
    public synchronized void refuse() throws IOException {
        ServerSocket s = listener;
        if (s != null) {
            listener = null;
            s.close();
            try { // the kernel keeps listening until the blocked accept() has returned
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts new connections again, on the same port. */
    public synchronized void accept() throws IOException {
        if (listener == null && !closed) {
            listen(port);
        }
    }

    /** @param on when true, nothing is forwarded in either direction (a silent network); false resumes */
    public void blackhole(boolean on) {
        blackhole = on;
    }

    /** @param bytes close a connection once the server sent this many bytes on it; -1 = never */
    public void closeAfterBytes(long bytes) {
        closeAfterBytes = bytes;
    }

    /** @param delay wait this long before forwarding each chunk */
    public void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** Closes every open connection with a reset (RST), as a crashed server or a firewall does. */
    public void resetAll() {
        for (Link l : links) {
            l.close(true);
        }
    }

    /** Closes every open connection in order (FIN), as a server that shuts down does. */
    public void closeAll() {
        for (Link l : links) {
            l.close(false);
        }
    }

    /**
     * A backend restart: every connection is closed, new ones are refused for {@code outage}, then
     * accepted again.
     *
     * @param outage how long new connections are refused
     */
    public void restart(Duration outage) throws IOException, InterruptedException {
        refuse();
        closeAll();
        Thread.sleep(outage.toMillis());
        accept();
    }

    /** Half-closes every connection toward the client: it reads end of stream, its writes still go through. */
    public void halfCloseAll() {
        for (Link l : links) {
            l.halfCloseToClient();
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // refused or closed
            }
            accepted.incrementAndGet();
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** One proxied connection: a pump each way. */
    private final class Link {
        final Socket client;
        final Socket upstream;
        final AtomicInteger pumpsLeft = new AtomicInteger(2);

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, false);
            pump(upstream, client, true);
        }

        private void pump(Socket from, Socket to, boolean fromServer) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                long sent = 0;
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (blackhole) {
                            continue; // swallowed
                        }
                        long d = delayMillis;
                        if (d > 0) {
                            Thread.sleep(d);
                        }
                        long limit = closeAfterBytes;
                        if (fromServer && limit >= 0 && sent + n >= limit) {
                            out.write(buf, 0, (int) Math.max(0, limit - sent));
                            out.flush();
                            close(false);
                            return;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                        sent += n;
                    }
                    to.shutdownOutput(); // pass the half-close on
                } catch (IOException | InterruptedException e) {
                    close(false);
                } finally {
                    if (pumpsLeft.decrementAndGet() == 0) {
                        close(false);
                    }
                }
            }, "fault-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        void halfCloseToClient() {
            try {
                client.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }

        void close(boolean reset) {
            if (reset) {
                try {
                    client.setSoLinger(true, 0);
                    upstream.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            closeQuietly(client);
            closeQuietly(upstream);
            links.remove(this);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        refuse();
        closeAll();
    }
}
