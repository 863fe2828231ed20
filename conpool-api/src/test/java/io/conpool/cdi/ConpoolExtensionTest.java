package io.conpool.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.Endpoint;
import io.conpool.Transport;
import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.management.ObjectName;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CDI extension in Weld SE, configured by the test resource {@code META-INF/conpool.properties}
 * plus system properties, against a real loopback echo server.
 */
class ConpoolExtensionTest {
    private LineServer server;

    /** A bean using the injected pool and factory (dependent, so the test can read its fields). */
    @Dependent
    public static class EchoClient {
        @Inject
        @PoolEndpoint("echo")
        ConpoolConnectionFactory echo;

        @Inject
        ConnectionPool<Transport> pool;

        @SuppressWarnings("rawtypes")
        @Inject
        ConnectionPool rawPool;

        String call(String line) throws IOException {
            try (ConpoolConnection c = echo.getConnection()) {
                c.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                c.output().flush();
                return Lines.read(c.input());
            }
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = LineServer.echo();
        System.setProperty("conpool.endpoint.echo.port", Integer.toString(server.port()));
    }

    @AfterEach
    void stop() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("conpool.")) {
                System.clearProperty(key);
            }
        }
        server.close();
    }

    /** Discovery is off in these tests, so the extension is added by hand (with discovery on, META-INF/services finds it). */
    private static WeldContainer boot() {
        return new Weld().disableDiscovery().addBeanClass(EchoClient.class).addExtension(new ConpoolExtension()).initialize();
    }

    @Test
    void injectsThePoolAndAConfiguredFactoryThatWork() throws IOException {
        ConnectionPool<?> pool;
        try (WeldContainer weld = boot()) {
            EchoClient client = weld.select(EchoClient.class).get();
            assertEquals("hello", client.call("hello"));
            assertEquals("again", client.call("again"));
            assertEquals(Endpoint.plain("127.0.0.1", server.port()), client.echo.endpoint());
            pool = client.pool;
            assertSame(pool, client.rawPool, "one pool per container");
            assertEquals("cdi-test", pool.name(), "poolName from META-INF/conpool.properties");
            assertEquals(1, server.acceptedConnections(), "the second call reused the connection");
            assertEquals(1L, pool.stats(client.echo.endpoint()).totalReused());
            assertEquals(3, pool.config(client.echo.endpoint()).maxConnectionsPerEndpoint(), "per-endpoint setting");
            assertEquals(Duration.ofSeconds(30), pool.config(client.echo.endpoint()).maxIdleTime(), "pool-wide setting");
            assertEquals(Duration.ofSeconds(30), pool.config().maxIdleTime());
        }
        assertTrue(pool.isClosed(), "the pool is closed when the container shuts down");
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)));
    }

    @Test
    void systemPropertiesOverrideTheResourceAndJmxBeansComeAndGo() throws Exception {
        System.setProperty("conpool.poolName", "cdi-override");
        System.setProperty("conpool.endpoint.echo.maxConnectionsPerEndpoint", "2");
        ObjectName poolBean = new ObjectName("io.conpool:type=Pool,name=cdi-override");
        try (WeldContainer weld = boot()) {
            EchoClient client = weld.select(EchoClient.class).get();
            client.call("x");
            assertEquals("cdi-override", client.pool.name());
            assertEquals(2, client.pool.config(client.echo.endpoint()).maxConnectionsPerEndpoint());
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(poolBean));
            assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(poolBean, "TotalCreated"));
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(poolBean), "bean gone at shutdown");
    }

    @Test
    void aBadEndpointPortFailsTheContainerStartNamingTheKey() {
        System.setProperty("conpool.endpoint.echo.port", "0");
        DefinitionException e = assertThrows(DefinitionException.class, ConpoolExtensionTest::boot);
        assertTrue(messages(e).contains("port 0"), messages(e));
    }

    @Test
    void aBadSettingFailsTheContainerStartNamingTheSetting() {
        System.setProperty("conpool.endpoint.echo.acquireTimeout", "soon");
        DefinitionException e = assertThrows(DefinitionException.class, ConpoolExtensionTest::boot);
        assertTrue(messages(e).contains("acquireTimeout = 'soon'"), messages(e));
    }

    @Test
    void anUnknownProtocolFailsTheContainerStart() {
        System.setProperty("conpool.protocol", "gopher");
        DefinitionException e = assertThrows(DefinitionException.class, ConpoolExtensionTest::boot);
        assertTrue(messages(e).contains("gopher"), messages(e));
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" | ");
        }
        return sb.toString();
    }
}
