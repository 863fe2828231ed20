package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.naming.NamingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java SE connection factory and handle, against a real loopback echo server. */
class ConpoolConnectionFactoryTest {
    private LineServer server;
    private ConnectionPool<Transport> pool;
    private ConpoolConnectionFactory factory;

    @BeforeEach
    void start() throws IOException {
        server = LineServer.echo();
        pool = ConnectionPool.create(PoolConfig.defaults());
        factory = ConpoolConnectionFactory.of(pool, Endpoint.plain("127.0.0.1", server.port()));
    }

    @AfterEach
    void stop() {
        assertBalanced(pool);
        pool.close();
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(10)));
        server.close();
    }

    private static String roundTrip(ConpoolConnection c, String line) throws IOException {
        c.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        c.output().flush();
        return Lines.read(c.input());
    }

    @Test
    void handlesGiveConnectionsBackForReuse() throws IOException {
        try (ConpoolConnection c = factory.getConnection()) {
            assertEquals("one", roundTrip(c, "one"));
            assertFalse(c.isReused());
            assertEquals(factory.endpoint(), c.endpoint());
            assertSame(c.state(), c.state(Transport.class));
        }
        try (ConpoolConnection c = factory.getConnection()) {
            assertEquals("two", roundTrip(c, "two"));
            assertTrue(c.isReused());
        }
        assertEquals(1, server.acceptedConnections());
        assertEquals(1, pool.stats(factory.endpoint()).idle());
    }

    @Test
    void aClosedHandleRefusesUseAndClosingTwiceIsHarmless() throws IOException {
        ConpoolConnection c = factory.getConnection();
        c.close();
        c.close();
        assertTrue(c.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, c::input);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(1, pool.stats(factory.endpoint()).idle());
    }

    @Test
    void invalidateClosesTheConnectionInsteadOfReturningIt() throws IOException {
        try (ConpoolConnection c = factory.getConnection()) {
            roundTrip(c, "x");
            c.invalidate();
        }
        EndpointStats s = pool.stats(factory.endpoint());
        assertEquals(0, s.idle());
        assertEquals(1, s.errors());
        assertTrue(server.awaitOpenConnections(0, Duration.ofSeconds(5)));
    }

    @Test
    void anIoErrorOnTheStreamsMakesCloseInvalidate() throws IOException {
        try (ConpoolConnection c = factory.getConnection()) {
            roundTrip(c, "x");
            server.dropAllConnections();
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 100; i++) { // the first writes may still land in the socket buffer
                    roundTrip(c, "after drop " + i);
                }
            });
        }
        assertEquals(0, pool.stats(factory.endpoint()).idle(), "a broken connection is not kept");
        assertEquals(1, pool.stats(factory.endpoint()).errors());
        try (ConpoolConnection c = factory.getConnection()) {
            assertFalse(c.isReused());
            assertEquals("fresh", roundTrip(c, "fresh"));
        }
    }

    @Test
    void aWrongStateTypeIsExplained() throws IOException {
        try (ConpoolConnection c = factory.getConnection()) {
            ClassCastException e = assertThrows(ClassCastException.class, () -> c.state(String.class));
            assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
        }
    }

    @Test
    void aDeserializedFactoryExplainsWhyItHasNoConnections() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        ConpoolConnectionFactory copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ConpoolConnectionFactory) in.readObject();
        }
        assertEquals(factory.endpoint(), copy.endpoint());
        ConpoolException e = assertThrows(ConpoolException.class, copy::getConnection);
        assertTrue(e.getMessage().contains("deserialized"), e.getMessage());
        assertThrows(NamingException.class, factory::getReference);
    }

    @Test
    void aClosedPoolFailsGetConnection() {
        pool.close();
        assertThrows(PoolClosedException.class, factory::getConnection);
    }
}
