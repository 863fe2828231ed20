package io.conpool.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.Endpoint;
import io.conpool.InvalidConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The {@code conpool.*} property layout. */
class ConpoolPropertiesTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void readsPoolAndEndpoints() {
        ConpoolProperties c = ConpoolProperties.parse(props(
                "conpool.poolName", "p1", "conpool.protocol", "raw", "conpool.jmx", "false",
                "conpool.acquireTimeout", "5s", "other.key", "ignored",
                "conpool.endpoint.a.host", "127.0.0.1", "conpool.endpoint.a.port", "7000",
                "conpool.endpoint.b.host", "example.org", "conpool.endpoint.b.port", "443",
                "conpool.endpoint.b.tls", "true", "conpool.endpoint.b.maxConnectionsPerEndpoint", "4"));
        assertEquals("p1", c.poolName());
        assertFalse(c.jmx());
        assertEquals(Duration.ofSeconds(5), c.poolConfig().acquireTimeout());
        assertEquals(List.of("a", "b"), List.copyOf(c.endpoints().keySet()));
        assertEquals(Endpoint.plain("127.0.0.1", 7000), c.endpoints().get("a").endpoint());
        assertSame(c.poolConfig(), c.endpoints().get("a").config());
        ConpoolProperties.EndpointSettings b = c.endpoints().get("b");
        assertEquals(Endpoint.tls("example.org", 443), b.endpoint());
        assertEquals(4, b.config().maxConnectionsPerEndpoint());
        assertEquals(Duration.ofSeconds(5), b.config().acquireTimeout(), "inherits the pool's settings");
    }

    @Test
    void defaults() {
        ConpoolProperties c = ConpoolProperties.parse(new Properties());
        assertEquals("conpool", c.poolName());
        assertEquals("raw", c.protocol());
        assertTrue(c.jmx());
        assertTrue(c.endpoints().isEmpty());
    }

    @Test
    void errorsNameTheKey() {
        assertMessage("conpool.endpoint.a.host", props("conpool.endpoint.a.port", "1"));
        assertMessage("conpool.endpoint.a.port", props("conpool.endpoint.a.host", "h"));
        assertMessage("'x1' is not a number", props("conpool.endpoint.a.host", "h", "conpool.endpoint.a.port", "x1"));
        assertMessage("port 70000", props("conpool.endpoint.a.host", "h", "conpool.endpoint.a.port", "70000"));
        assertMessage("maxConnectionsPerEndpoint = -1", props("conpool.endpoint.a.host", "h",
                "conpool.endpoint.a.port", "1", "conpool.endpoint.a.maxConnectionsPerEndpoint", "-1"));
        assertMessage("unknown setting 'conpool.maxIdle'", props("conpool.maxIdle", "1s"));
        assertMessage("must be true or false", props("conpool.jmx", "yes"));
        assertMessage("both point to h:1", props("conpool.endpoint.a.host", "h", "conpool.endpoint.a.port", "1",
                "conpool.endpoint.b.host", "H", "conpool.endpoint.b.port", "1"));
        assertMessage("conpool.endpoint.<name>.<setting>", props("conpool.endpoint.x", "1"));
    }

    private static void assertMessage(String expected, Properties p) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConpoolProperties.parse(p));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** conpool.<protocol>.<setting> keys are the handler's settings; the handler checks them when it is created. */
    @Test
    void handlerSettingsAreCollectedUnderTheProtocolsName() {
        ConpoolProperties c = ConpoolProperties.parse(props("conpool.protocol", "http2",
                "conpool.http2.maxConcurrentStreams", "50", "conpool.http2.pingTimeout", "1s", "conpool.maxIdleTime", "5s"));
        assertEquals(java.util.Map.of("maxConcurrentStreams", "50", "pingTimeout", "1s"), c.handlerSettings());
        assertEquals(Duration.ofSeconds(5), c.poolConfig().maxIdleTime());
        ConpoolProperties raw = ConpoolProperties.parse(props("conpool.raw.colour", "blue"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> io.conpool.spi.ProtocolHandlers.create(raw.protocol(), raw.handlerSettings()));
        assertTrue(e.getMessage().contains("'raw' has no settings"), e.getMessage());
    }
}
