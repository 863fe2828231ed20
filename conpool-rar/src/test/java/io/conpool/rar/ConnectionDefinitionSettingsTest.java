package io.conpool.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.Endpoint;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad settings fail a connection definition with a message naming the property; good ones reach the pool. */
class ConnectionDefinitionSettingsTest {
    private ConpoolResourceAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        adapter = new ConpoolResourceAdapter();
        adapter.setJmxEnabled(false);
        adapter.start(null);
    }

    @AfterEach
    void stop() {
        adapter.stop();
    }

    private ConpoolManagedConnectionFactory valid() throws ResourceException {
        ConpoolManagedConnectionFactory f = new ConpoolManagedConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(7000);
        f.setPoolName("settings-test");
        f.setResourceAdapter(adapter);
        return f;
    }

    private void assertRejected(String expected, Consumer<ConpoolManagedConnectionFactory> change) throws Exception {
        ConpoolManagedConnectionFactory f = valid();
        change.accept(f);
        ResourceException e = assertThrows(ResourceException.class, f::createConnectionFactory);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badSettingsAreNamed() throws Exception {
        assertRejected("port 0", f -> f.setPort(0));
        assertRejected("has no port", f -> f.setPort(null));
        assertRejected("has no host", f -> f.setHost(null));
        assertRejected("has no host", f -> f.setHost(" "));
        assertRejected("maxConnectionsPerEndpoint = -1", f -> f.setMaxConnectionsPerEndpoint("-1"));
        assertRejected("acquireTimeout = -5ms", f -> f.setAcquireTimeout("-5"));
        assertRejected("config-property 'maxIdleTime'", f -> f.setMaxIdleTime("0"));
        assertRejected("poolName = 'bad name'", f -> f.setPoolName("bad name"));
        assertRejected("No protocol handler named 'gopher'", f -> f.setProtocol("gopher"));
        ConpoolManagedConnectionFactory f = valid();
        f.setPort(0);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, f::createConnectionFactory);
        assertEquals("port", e.getInvalidPropertyDescriptors()[0].getName());
        assertTrue(adapter.poolNames().isEmpty(), "a rejected definition creates no pool");
    }

    @Test
    void noAdapterIsExplained() {
        ConpoolManagedConnectionFactory f = new ConpoolManagedConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(7000);
        ResourceException e = assertThrows(ResourceException.class, f::createConnectionFactory);
        assertTrue(e.getMessage().contains("setResourceAdapter"), e.getMessage());
    }

    @Test
    void settingsReachThePoolInMilliseconds() throws Exception {
        ConpoolManagedConnectionFactory f = valid();
        f.setTls(true);
        f.setMaxConnectionsPerEndpoint("4");
        f.setMaxIdleTime("1500");
        f.setAcquireTimeout("250ms");
        f.createConnectionFactory();
        Endpoint ep = Endpoint.tls("127.0.0.1", 7000);
        var config = adapter.openPool("settings-test").config(ep);
        assertEquals(4, config.maxConnectionsPerEndpoint());
        assertEquals(Duration.ofMillis(1500), config.maxIdleTime());
        assertEquals(Duration.ofMillis(250), config.acquireTimeout());
        assertEquals(Duration.ofSeconds(10), config.connectTimeout(), "unset settings keep the default");
    }

    @Test
    void equalsAndHashCodeFollowTheSettings() throws Exception {
        ConpoolManagedConnectionFactory a = valid();
        ConpoolManagedConnectionFactory b = valid();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setMaxIdleTime("5000");
        assertNotEquals(a, b);
        a.setMaxIdleTime("5000");
        assertEquals(a, b);
        b.setTls(true);
        assertNotEquals(a, b);
    }

    @Test
    void aStoppedAdapterRefusesNewDefinitions() throws Exception {
        ConpoolManagedConnectionFactory f = valid();
        adapter.stop();
        ResourceException e = assertThrows(ResourceException.class, f::createConnectionFactory);
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
    }
}
