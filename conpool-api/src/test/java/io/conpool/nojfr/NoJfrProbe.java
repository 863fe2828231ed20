package io.conpool.nojfr;

import io.conpool.ConnectInfo;
import io.conpool.ConnectionListener;
import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by {@link NoJfrRuntimeTest} in a runtime image without {@code jdk.jfr}: a pool connects to a
 * loopback echo server, a listener sees the connect, the line comes back. Prints one result line;
 * exits non-zero on any failure.
 */
public final class NoJfrProbe {
    private NoJfrProbe() {
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        if (ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            throw new IllegalStateException("this runtime has jdk.jfr; the probe must run without it");
        }
        System.out.println("conpool without jdk.jfr: " + exercise() + " namedModule="
                + ConnectionPool.class.getModule().isNamed());
    }

    /**
     * @return {@code reply=... created=... connectedEvents=...}
     * @throws Exception if the pool failed
     */
    public static String exercise() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (Exception e) {
                    // the client closed
                }
            });
            echo.setDaemon(true);
            echo.start();
            AtomicInteger connected = new AtomicInteger();
            try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().connectRetryCount(0)
                    .build())) {
                pool.addConnectionListener(new ConnectionListener() {
                    @Override
                    public void connected(Endpoint endpoint, ConnectInfo info) {
                        connected.incrementAndGet();
                    }
                });
                String reply;
                try (Lease<Transport> lease = pool.acquire(Endpoint.plain("127.0.0.1", server.getLocalPort()))) {
                    lease.connection().output().write("no-jfr\n".getBytes(StandardCharsets.UTF_8));
                    lease.connection().output().flush();
                    StringBuilder sb = new StringBuilder();
                    int b;
                    while ((b = lease.connection().input().read()) != '\n' && b >= 0) {
                        sb.append((char) b);
                    }
                    reply = sb.toString();
                }
                if (!reply.equals("no-jfr") || connected.get() != 1) {
                    throw new IllegalStateException("reply '" + reply + "', connected events " + connected.get());
                }
                return "reply=" + reply + " created=" + pool.totals().totalCreated() + " connectedEvents="
                        + connected.get();
            }
        }
    }
}
