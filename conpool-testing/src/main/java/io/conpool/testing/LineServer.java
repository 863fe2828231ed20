package io.conpool.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A loopback line server for tests: each line received is answered with the same line (echo), or
 * with {@code tag payload} lines answered out of order in {@link Mode#TAGGED} mode. In echo mode
 * two lines are commands: {@code sleep:<ms> text} answers after that many milliseconds (a slow
 * request), and {@code close} closes the connection without an answer. Counts open,
 * peak and accepted connections, can close connections idle longer than a keep-alive timeout, and
 * records the SNI names TLS clients sent.
 */
public final class LineServer implements AutoCloseable {

    /** How lines are answered. */
    public enum Mode {
        /** Each line is written back at once. */
        ECHO,
        /** Each line {@code tag payload} is answered by {@code tag payload} from its own thread (out of order). */
        TAGGED
    }

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    private final ServerSocket server;
    private final Mode mode;
    private final Duration keepAlive;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger inFlightPeak = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> sniNames = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private LineServer(ServerSocket server, Mode mode, Duration keepAlive) {
        this.server = server;
        this.mode = mode;
        this.keepAlive = keepAlive;
        this.acceptor = new Thread(this::acceptLoop, "line-server-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** @return a plain echo server on 127.0.0.1 and an ephemeral port */
    public static LineServer echo() throws IOException {
        return new LineServer(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), Mode.ECHO, null);
    }

    /**
     * @param mode      how to answer
     * @param keepAlive close a connection that sends nothing for this long; {@code null} = never
     * @return a plain server on 127.0.0.1
     */
    public static LineServer plain(Mode mode, Duration keepAlive) throws IOException {
        return new LineServer(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), mode, keepAlive);
    }

    /**
     * @param context   the server's SSL context (its key and certificate)
     * @param protocols the TLS versions to enable on the server, e.g. {@code "TLSv1.3", "TLSv1.2"}
     * @return a TLS echo server on 127.0.0.1 recording SNI names
     */
    public static LineServer tls(SSLContext context, String... protocols) throws IOException {
        return tls(context, null, protocols);
    }

    /**
     * @param context   the server's TLS context
     * @param keepAlive close a connection that sends nothing for this long (close_notify, then FIN); {@code null} = never
     * @param protocols TLS protocols to enable; none = the context's defaults
     * @return a TLS echo server on 127.0.0.1 recording SNI names
     */
    public static LineServer tls(SSLContext context, Duration keepAlive, String... protocols) throws IOException {
        return tls(context, keepAlive, false, protocols);
    }

    /**
     * @param context   the server's TLS context; its trust managers decide which client certificates pass
     * @param protocols TLS protocols to enable; none = the context's defaults
     * @return a TLS echo server on 127.0.0.1 that refuses clients without a trusted client certificate
     */
    public static LineServer tlsRequiringClientCert(SSLContext context, String... protocols) throws IOException {
        return tls(context, null, true, protocols);
    }

    private static LineServer tls(SSLContext context, Duration keepAlive, boolean needClientAuth, String... protocols)
            throws IOException {
        SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 200, InetAddress.getLoopbackAddress());
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        LineServer[] self = new LineServer[1];
        SSLParameters params = s.getSSLParameters();
        params.setSNIMatchers(List.of(new SNIMatcher(0) {
            @Override
            public boolean matches(SNIServerName name) {
                self[0].sniNames.add(((SNIHostName) new SNIHostName(name.getEncoded())).getAsciiName());
                return true;
            }
        }));
        params.setNeedClientAuth(needClientAuth);
        s.setSSLParameters(params);
        self[0] = new LineServer(s, Mode.ECHO, keepAlive);
        return self[0];
    }

    /** @return the port on 127.0.0.1 */
    public int port() {
        return server.getLocalPort();
    }

    /** @return connections open now (server side) */
    public int openConnections() {
        return open.get();
    }

    /** @return the most connections that were open at once */
    public int peakConnections() {
        return peak.get();
    }

    /** @return connections accepted since start */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** @return in TAGGED mode, the most requests that were in flight at once */
    public int peakInFlight() {
        return inFlightPeak.get();
    }

    /** @return the SNI host names TLS clients sent, in order */
    public List<String> sniNames() {
        return List.copyOf(sniNames);
    }

    /**
     * Closes every accepted connection now (the server keeps accepting).
     */
    public void dropAllConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    /**
     * Waits until the server has exactly {@code n} open connections.
     *
     * @return whether that happened within the timeout
     */
    public boolean awaitOpenConnections(int n, Duration timeout) {
        return awaitCondition(() -> open.get() == n, timeout);
    }

    /** Polls {@code condition} every 5 ms until it holds or the timeout passes. */
    public static boolean awaitCondition(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                sockets.add(s);
                int now = open.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                Thread t = new Thread(() -> serve(s), "line-conn-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    sleepQuietly(5);
                }
            }
        }
    }

    private void serve(Socket s) {
        try {
            if (s instanceof SSLSocket) {
                s.setSoTimeout(10_000);
                ((SSLSocket) s).startHandshake();
                s.setSoTimeout(0);
            }
            if (keepAlive != null) {
                s.setSoTimeout((int) keepAlive.toMillis());
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (mode == Mode.ECHO) {
                    if (line.equals("close")) {
                        break;
                    }
                    if (line.startsWith("sleep:")) {
                        sleepQuietly(Long.parseLong(line.substring(6, line.indexOf(' ') > 0 ? line.indexOf(' ') : line.length())));
                    }
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else {
                    answerLater(out, line);
                }
            }
        } catch (SocketTimeoutException e) {
            // keep-alive timeout: close the idle connection, as HTTP servers do
        } catch (IOException e) {
            // client went away
        } finally {
            closeQuietly(s);
            if (sockets.remove(s)) {
                open.decrementAndGet();
            }
        }
    }

    private void answerLater(OutputStream out, String line) {
        int now = inFlight.incrementAndGet();
        inFlightPeak.accumulateAndGet(now, Math::max);
        Thread t = new Thread(() -> {
            try {
                sleepQuietly(2 + (line.hashCode() & 7));
                synchronized (out) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException ignored) {
                // client went away
            } finally {
                inFlight.decrementAndGet();
            }
        }, "line-answer");
        t.setDaemon(true);
        t.start();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * Returns and forgets the servers that were closed while clients still held connections to them.
     *
     * @return one description per such server
     */
    public static List<String> takeLeaks() {
        List<String> out = List.copyOf(LEAKS);
        LEAKS.clear();
        return out;
    }

    /**
     * Closes the server. Clients (pools) must have closed their connections before: a server that
     * still has open connections 5 s after close was called is recorded as a socket leak, which
     * {@link NoSocketLeaks} turns into a test failure.
     */
    @Override
    public void close() {
        if (!closed && !awaitOpenConnections(0, Duration.ofSeconds(5))) {
            LEAKS.add("server on port " + port() + " still had " + open.get() + " open connection(s) when closed");
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        dropAllConnections();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
