package io.conpool.deploy.metrics;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.jmx.PoolMBeans;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Run by {@link PrometheusExporterTest} in a JVM started with the JMX exporter agent and the
 * shipped rules: a pool {@code probe} with its MBeans on the platform MBeanServer, one endpoint
 * with a leased and an idle connection, one TLS endpoint whose connect failed. Prints every
 * {@code io.conpool} MBean attribute the rules map as {@code mbean <name>|<attribute>=<value>},
 * then {@code READY}, and waits until its standard input closes.
 */
public final class ExporterProbe {
    private ExporterProbe() {
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // holds them open; the pool only connects
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            try (ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                    .name("probe").config(PoolConfig.builder().connectRetryCount(0).connectTimeout(java.time.Duration.ofMillis(500))
                            .maxConnectionsPerEndpoint(6)
                            .maxTotalConnections(42).build()).build();
                 PoolMBeans beans = PoolMBeans.register(pool, mbs)) {
                Endpoint plain = Endpoint.plain("127.0.0.1", server.getLocalPort());
                Lease<Transport> held = pool.acquire(plain);
                pool.acquire(plain).close();
                pool.acquire(plain).close();
                try {
                    pool.acquire(Endpoint.tls("localhost", server.getLocalPort())).close();
                } catch (Exception expected) {
                    // the server speaks no TLS: one error on the TLS endpoint
                }
                for (ObjectName name : mbs.queryNames(new ObjectName("io.conpool:*"), null)) {
                    for (String a : new String[] {"Active", "Idle", "Waiting", "Connecting", "Open",
                            "MaxConnectionsPerEndpoint", "TotalCreated", "TotalReused", "CacheMisses", "TotalClosed",
                            "Errors", "AcquireTimeouts", "MaxTotalConnections"}) {
                        try {
                            System.out.println("mbean " + name + "|" + a + "=" + mbs.getAttribute(name, a));
                        } catch (javax.management.AttributeNotFoundException notThere) {
                            // the other bean type
                        }
                    }
                }
                System.out.println("READY");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our input
                }
                held.close();
            }
        }
    }
}
