package io.conpool.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.testing.LineServer;
import io.conpool.testing.TestCa;
import jakarta.resource.spi.InvalidPropertyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection definition with a private CA and a client certificate, against a real TLS server
 * that requires one; bad TLS properties fail the definition with the property named and the
 * password nowhere.
 */
@Timeout(120)
class TlsDefinitionTest {
    private TestCa ca;
    private String password;
    private LineServer server;
    private ConpoolResourceAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        ca = TestCa.shared();
        password = new String(ca.password());
        server = LineServer.tlsRequiringClientCert(ca.serverContext(true));
        adapter = new ConpoolResourceAdapter();
        adapter.start(null);
    }

    @AfterEach
    void stop() {
        adapter.stop();
        server.close();
    }

    private ConpoolManagedConnectionFactory definition(String pool) throws Exception {
        ConpoolManagedConnectionFactory f = new ConpoolManagedConnectionFactory();
        f.setHost("localhost");
        f.setPort(server.port());
        f.setTls(true);
        f.setPoolName(pool);
        f.setConnectRetryCount("0");
        f.setTlsTrustStore(ca.trustPkcs12().toString());
        f.setTlsTrustStorePassword(password);
        f.setTlsKeyStore(ca.clientPkcs12().toString());
        f.setTlsKeyStorePassword(password);
        f.setResourceAdapter(adapter);
        return f;
    }

    private static String roundTrip(ConpoolConnection c, String line) throws IOException {
        c.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        c.output().flush();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = c.input().read()) != '\n') {
            if (b < 0) {
                throw new IOException("eof");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDefinitionWithAPrivateCaAndAClientCertificateServesTraffic() throws Exception {
        ConpoolManagedConnectionFactory f = definition("mtls");
        assertFalse(f.toString().contains(password), f.toString());
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) f.createConnectionFactory();
        for (int i = 0; i < 3; i++) {
            try (ConpoolConnection c = factory.getConnection()) {
                assertEquals("hello " + i, roundTrip(c, "hello " + i));
            }
        }
        assertEquals(1, server.acceptedConnections());
    }

    @Test
    void badTlsPropertiesFailTheDefinitionNamingThePropertyNeverThePassword() throws Exception {
        String[][] cases = {{"tlsTrustStore", "/no/such/trust.p12", "no such file"},
                {"tlsKeyStorePassword", "wrong", "password is wrong"},
                {"tlsKeyAlias", "nobody", "is not in tlsKeyStore"},
                {"tlsProtocols", "TLSv1.1", "older versions are insecure"}};
        for (String[] c : cases) {
            ConpoolManagedConnectionFactory f = definition("bad");
            f.getClass().getMethod("set" + Character.toUpperCase(c[0].charAt(0)) + c[0].substring(1), String.class)
                    .invoke(f, c[1]);
            InvalidPropertyException e = assertThrows(InvalidPropertyException.class, f::createConnectionFactory);
            assertTrue(e.getMessage().contains("config-property '" + c[0] + "'") && e.getMessage().contains(c[2]),
                    e.getMessage());
            assertFalse(e.getMessage().contains(password), e.getMessage());
            assertTrue(adapter.poolNames().isEmpty(), "a rejected definition creates no pool: " + adapter.poolNames());
        }
        ConpoolManagedConnectionFactory noCert = definition("no-cert");
        noCert.setTlsKeyStore(null);
        noCert.setTlsKeyStorePassword(null);
        ConpoolConnectionFactory factory = (ConpoolConnectionFactory) noCert.createConnectionFactory();
        IOException e = assertThrows(IOException.class, factory::getConnection);
        assertTrue(String.valueOf(e.getMessage()).contains("CLIENT_CERTIFICATE_MISSING"), String.valueOf(e));
    }
}
