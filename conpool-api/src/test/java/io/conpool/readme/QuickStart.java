package io.conpool.readme;

// quick-start:begin
import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

public final class QuickStart {

    /** Sends three lines to a line-echo server through the pool and returns the last reply. */
    public static String talkTo(String host, int port) throws IOException {
        PoolConfig config = PoolConfig.builder()
                .maxConnectionsPerEndpoint(20)
                .acquireTimeout(Duration.ofSeconds(5))
                .build();
        try (ConnectionPool<Transport> pool = ConnectionPool.create(config)) {
            Endpoint server = Endpoint.plain(host, port);          // Endpoint.tls(host, port) for TLS
            String reply = null;
            for (int i = 1; i <= 3; i++) {
                try (Lease<Transport> lease = pool.acquire(server)) { // close() returns it to the pool
                    Transport connection = lease.connection();
                    connection.output().write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    connection.output().flush();
                    reply = readLine(connection.input());
                }
            }
            EndpointStats stats = pool.stats(server);
            System.out.println(stats.totalCreated() + " connection created, " + stats.totalReused() + " reuses");
            return reply;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("server closed the connection");
            }
            line.append((char) b);
        }
        return line.toString();
    }
}
// quick-start:end
