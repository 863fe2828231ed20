package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import io.conpool.testing.TestCerts;
import io.conpool.testing.Tls11Server;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS against a real TLS server with a certificate made at test time. */
@Timeout(120)
class TlsTest {

    private static PoolConfig.Builder trustingTestCert() throws Exception {
        return PoolConfig.builder()
                .sslContext(TestCerts.localhost().clientContext())
                .connectRetryCount(0)
                .resolver(host -> List.of(InetAddress.getLoopbackAddress()));
    }

    @Test
    void sniIsTheEndpointHostAndTheConnectionIsReused() throws Exception {
        try (LineServer server = LineServer.tls(TestCerts.localhost().serverContext());
             ConnectionPool<Transport> pool = ConnectionPool.create(trustingTestCert().build())) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            for (int i = 0; i < 5; i++) {
                try (Lease<Transport> l = pool.acquire(ep)) {
                    assertEquals("ping" + i, Lines.roundTrip(l.connection(), "ping" + i));
                    String protocol = l.connection().tlsSession().orElseThrow().getProtocol();
                    assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
                }
            }
            assertEquals(List.of("localhost"), server.sniNames());
            assertEquals(1, pool.stats(ep).totalCreated());
            assertEquals(4, pool.stats(ep).totalReused());
            assertBalanced(pool);
        }
    }

    @Test
    void hostNameThatTheCertificateDoesNotNameIsRejected() throws Exception {
        try (LineServer server = LineServer.tls(TestCerts.localhost().serverContext());
             ConnectionPool<Transport> pool = ConnectionPool.create(trustingTestCert().build())) {
            Endpoint ep = Endpoint.tls("other.test", server.port()); // resolves to 127.0.0.1, cert says localhost
            ConnectionFailedException e = assertThrows(ConnectionFailedException.class, () -> pool.acquire(ep));
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
            assertEquals(1, e.attempts(), "a rejected certificate is not retried");
            assertEquals(TlsHandshakeException.Reason.HOST_NAME_MISMATCH, ((TlsHandshakeException) e).reason());
            assertTrue(e.getMessage().contains("does not name 'other.test'"), e.getMessage());
            Endpoint byIp = Endpoint.tls("127.0.0.1", server.port()); // the certificate has no IP address
            assertThrows(ConnectionFailedException.class, () -> pool.acquire(byIp));
            assertEquals(0, pool.stats(ep).totalCreated());
            assertBalanced(pool);
        }
    }

    @Test
    void jvmDefaultTrustRejectsASelfSignedCertificate() throws Exception {
        try (LineServer server = LineServer.tls(TestCerts.localhost().serverContext());
             ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder().connectRetryCount(0)
                     .resolver(host -> List.of(InetAddress.getLoopbackAddress())).build())) {
            ConnectionFailedException e = assertThrows(ConnectionFailedException.class,
                    () -> pool.acquire(Endpoint.tls("localhost", server.port())));
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
        }
    }

    @Test
    void serverOfferingOnlyTls11IsRejected() throws Exception {
        Path securityProps = Files.createTempFile("tls11", ".security");
        // the JDK disables TLS 1.1 by default; this JVM-wide override re-enables it for the server process only
        Files.writeString(securityProps, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, "
                + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Djava.security.properties=" + securityProps,
                "-cp", System.getProperty("java.class.path"), Tls11Server.class.getName(),
                TestCerts.localhost().keystore().toString(), new String(TestCerts.localhost().password()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("READY "), "server did not start: " + ready);
            String[] parts = ready.split(" ");
            assertEquals("TLSv1.1", parts[2], "the test server must really speak TLS 1.1");
            int port = Integer.parseInt(parts[1]);
            try (ConnectionPool<Transport> pool = ConnectionPool.create(trustingTestCert().build())) {
                Endpoint ep = Endpoint.tls("localhost", port);
                ConnectionFailedException e = assertThrows(ConnectionFailedException.class, () -> pool.acquire(ep));
                assertInstanceOf(SSLHandshakeException.class, e.getCause(), String.valueOf(e.getCause()));
                assertEquals(TlsHandshakeException.Reason.PROTOCOL_OR_CIPHER_MISMATCH, ((TlsHandshakeException) e).reason());
                assertTrue(e.getMessage().contains("only TLSv1.2 and TLSv1.3 are ever offered"), e.getMessage());
                assertBalanced(pool);
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            Files.deleteIfExists(securityProps);
        }
    }
}
