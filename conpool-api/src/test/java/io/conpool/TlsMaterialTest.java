package io.conpool;

import static io.conpool.fixtures.PoolAssertions.assertBalanced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import io.conpool.testing.LogCapture;
import io.conpool.testing.TestCa;
import io.conpool.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS material from files against real TLS servers whose certificates a private CA made at test
 * time: trust and client keys from PKCS12, JKS and PEM, a server that requires a client
 * certificate, the failure cases told apart, protocol restriction, bad inputs, and reloading. Every
 * message and log line of the run is checked for the password.
 */
@Timeout(180)
class TlsMaterialTest {
    private static TestCa ca;
    private static String password;
    private final List<String> messages = new ArrayList<>();
    private final LogCapture log = LogCapture.atLeast(Level.ALL);

    @BeforeAll
    static void makeCa() throws Exception {
        ca = TestCa.shared();
        password = new String(ca.password());
    }

    @AfterEach
    void noPasswordAnywhere() {
        log.close();
        for (LogRecord r : log.records()) {
            String text = r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
            messages.add(text);
        }
        for (String m : messages) {
            assertFalse(m.contains(password), "the password shows in: " + m);
        }
    }

    private PoolConfig.Builder base() {
        return PoolConfig.builder().connectRetryCount(0).connectTimeout(Duration.ofSeconds(10));
    }

    private PoolConfig.Builder trusting(Path trust, String type) {
        return base().tlsTrustStore(trust, type, trust.toString().endsWith(".pem") ? "" : password);
    }

    private <T extends Throwable> T failing(Class<T> type, org.junit.jupiter.api.function.Executable e) {
        T t = assertThrows(type, e);
        for (Throwable c = t; c != null; c = c.getCause()) {
            messages.add(String.valueOf(c));
        }
        return t;
    }

    private static void roundTrip(ConnectionPool<Transport> pool, Endpoint ep, String text) throws Exception {
        try (Lease<Transport> l = pool.acquire(ep)) {
            assertEquals(text, Lines.roundTrip(l.connection(), text));
        }
    }

    @Test
    void aPrivateCaIsTrustedFromPkcs12JksAndPem() throws Exception {
        try (LineServer server = LineServer.tls(ca.serverContext(false))) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            for (Object[] trust : new Object[][] {{ca.trustPkcs12(), "PKCS12"}, {ca.trustJks(), "JKS"},
                    {ca.trustPem(), "PEM"}, {ca.trustPkcs12(), "auto"}, {ca.trustPem(), "auto"}}) {
                PoolConfig cfg = trusting((Path) trust[0], (String) trust[1]).build();
                messages.add(cfg.toString());
                try (ConnectionPool<Transport> pool = ConnectionPool.create(cfg)) {
                    roundTrip(pool, ep, "hello " + trust[1]);
                    roundTrip(pool, ep, "again");
                    assertEquals(1, pool.stats(ep).totalCreated());
                    Instant expiry = pool.tlsCertificateExpiry(ep).orElseThrow();
                    assertTrue(expiry.isAfter(Instant.now()) && expiry.isBefore(Instant.now().plus(Duration.ofDays(4))),
                            expiry.toString());
                    messages.add(pool.tlsMaterial(ep));
                    assertBalanced(pool);
                }
            }
        }
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesWithoutAndAcceptsWithOne() throws Exception {
        try (LineServer server = LineServer.tlsRequiringClientCert(ca.serverContext(true))) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                try (ConnectionPool<Transport> pool = ConnectionPool.create(trusting(ca.trustPem(), "PEM")
                        .tlsProtocols(protocol).build())) {
                    TlsHandshakeException e = failing(TlsHandshakeException.class, () -> pool.acquire(ep));
                    assertEquals(TlsHandshakeException.Reason.CLIENT_CERTIFICATE_MISSING, e.reason(), protocol + ": " + e);
                    assertTrue(e.getMessage().contains("tlsKeyStore"), e.getMessage());
                    assertBalanced(pool);
                    assertEquals(0, pool.stats(ep).open());
                }
            }
            for (Object[] key : new Object[][] {{ca.clientPkcs12(), "PKCS12", password}, {ca.clientJks(), "JKS", password},
                    {ca.clientPem(), "PEM", ""}, {ca.clientPem(), "auto", ""}, {ca.clientJks(), "auto", password}}) {
                PoolConfig cfg = trusting(ca.trustPkcs12(), "PKCS12")
                        .tlsKeyStore((Path) key[0], (String) key[1], (String) key[2], "").build();
                messages.add(cfg.toString());
                try (ConnectionPool<Transport> pool = ConnectionPool.create(cfg)) {
                    roundTrip(pool, ep, "mutual " + key[1]);
                    assertTrue(pool.tlsMaterial(ep).contains("CN=conpool-client"), pool.tlsMaterial(ep));
                    assertBalanced(pool);
                }
            }
            // the right key of a store with two, by alias
            try (ConnectionPool<Transport> pool = ConnectionPool.create(trusting(ca.trustPem(), "PEM")
                    .tlsKeyStore(ca.twoKeysPkcs12(), "PKCS12", password, TestCa.OTHER_ALIAS).build())) {
                roundTrip(pool, ep, "other key");
                assertTrue(pool.tlsMaterial(ep).contains("CN=conpool-other"), pool.tlsMaterial(ep));
            }
        }
    }

    @Test
    void anUntrustedCertificateAHostNameMismatchAndAProtocolMismatchAreToldApart() throws Exception {
        try (LineServer selfSigned = LineServer.tls(TestCerts.localhost().serverContext());
             LineServer wrongName = LineServer.tls(ca.wrongNameServerContext());
             LineServer tls12Only = LineServer.tls(ca.serverContext(false), "TLSv1.2");
             ConnectionPool<Transport> pool = ConnectionPool.create(trusting(ca.trustPem(), "PEM").build());
             ConnectionPool<Transport> tls13 = ConnectionPool.create(trusting(ca.trustPem(), "PEM")
                     .tlsProtocols("TLSv1.3").build())) {
            TlsHandshakeException untrusted = failing(TlsHandshakeException.class,
                    () -> pool.acquire(Endpoint.tls("localhost", selfSigned.port())));
            assertEquals(TlsHandshakeException.Reason.UNTRUSTED_CERTIFICATE, untrusted.reason(), untrusted.getMessage());
            assertTrue(untrusted.getMessage().contains("tlsTrustStore") && untrusted.getMessage().contains("CN=localhost"),
                    untrusted.getMessage());

            TlsHandshakeException name = failing(TlsHandshakeException.class,
                    () -> pool.acquire(Endpoint.tls("localhost", wrongName.port())));
            assertEquals(TlsHandshakeException.Reason.HOST_NAME_MISMATCH, name.reason(), name.getMessage());
            assertTrue(name.getMessage().contains("other.example") && name.getMessage().contains("localhost"),
                    name.getMessage());

            Endpoint old = Endpoint.tls("localhost", tls12Only.port());
            TlsHandshakeException protocol = failing(TlsHandshakeException.class, () -> tls13.acquire(old));
            assertEquals(TlsHandshakeException.Reason.PROTOCOL_OR_CIPHER_MISMATCH, protocol.reason(), protocol.getMessage());
            assertTrue(protocol.getMessage().contains("tlsProtocols") && protocol.getMessage().contains("[TLSv1.3]"),
                    protocol.getMessage());
            assertEquals(1, protocol.attempts(), "a refused handshake is not retried");
            roundTrip(pool, old, "TLS 1.2 is fine for a pool that offers it");
            assertBalanced(pool);
            assertBalanced(tls13);
        }
    }

    @Test
    void everyBadInputIsAClearErrorAndLosesNothing() throws Exception {
        Path missing = ca.dir().resolve("no-such-file.p12");
        Object[][] cases = {
            {trusting(missing, "PKCS12"), "tlsTrustStore", "no such file"},
            {base().tlsTrustStore(ca.trustPkcs12(), "PKCS12", "wrong-password"), "tlsTrustStorePassword", "password is wrong"},
            {base().tlsTrustStore(ca.trustPem(), "PEM", password), "tlsTrustStorePassword", "PEM"},
            {base().tlsTrustStore(ca.clientPem(), "PKCS12", password), "tlsTrustStore", "is not a PKCS12 file"},
            {trusting(ca.trustPem(), "PEM").tlsKeyStore(ca.clientPkcs12(), "PKCS12", "wrong-password", ""),
                "tlsKeyStorePassword", "password is wrong"},
            {trusting(ca.trustPem(), "PEM").tlsKeyStore(ca.clientPkcs12(), "PKCS12", password, "nobody"),
                "tlsKeyAlias", "'nobody' is not in tlsKeyStore"},
            {trusting(ca.trustPem(), "PEM").tlsKeyStore(ca.twoKeysPkcs12(), "PKCS12", password, ""),
                "tlsKeyAlias", "set tlsKeyAlias"},
            {trusting(ca.trustPem(), "PEM").tlsKeyStore(ca.trustPkcs12(), "PKCS12", password, ""),
                "tlsKeyStore", "holds no private key"},
            {trusting(ca.trustPem(), "PEM").tlsKeyStore(ca.trustPem(), "PEM", "", ""),
                "tlsKeyStore", "BEGIN PRIVATE KEY"},
            {trusting(ca.trustPem(), "PEM").tlsKeyStore(ca.clientPkcs12(), "PKCS12", "", ""),
                "tlsKeyStorePassword", "not set"},
        };
        try (LineServer server = LineServer.tls(ca.serverContext(false));
             ConnectionPool<Transport> pool = ConnectionPool.create(trusting(ca.trustPem(), "PEM").build())) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            roundTrip(pool, ep, "before");
            PoolConfig before = pool.config(ep);
            for (Object[] c : cases) {
                PoolConfig.Builder b = (PoolConfig.Builder) c[0];
                InvalidConfigException built = failing(InvalidConfigException.class,
                        () -> ConnectionPool.create(b.build()).close());
                assertEquals(c[1], built.setting(), built.getMessage());
                assertTrue(built.getMessage().contains((String) c[2]), built.getMessage());
                InvalidConfigException configured = failing(InvalidConfigException.class, () -> pool.configure(ep, b.build()));
                assertEquals(built.getMessage(), configured.getMessage());
                assertEquals(before, pool.config(ep), "a refused configuration changes nothing");
            }
            roundTrip(pool, ep, "after");
            assertEquals(1, pool.stats(ep).totalCreated(), "the open connection survived every refusal");
            assertBalanced(pool);
        }
        for (String[] c : new String[][] {{"tlsProtocols", "TLSv1.1", "older versions are insecure"},
                {"tlsProtocols", "", "is empty"}, {"tlsCipherSuites", "TLS_RSA_WITH_NULL_SHA256", "weak suite"},
                {"tlsCipherSuites", "TLS_AES_128_GCM_SHA257", "did you mean 'TLS_AES_128_GCM_SHA256'"},
                {"tlsTrustStoreType", "PKCS11", "allowed PKCS12, JKS, PEM or auto"},
                {"tlsKeyAlias", "client", "tlsKeyStore is not"}}) {
            InvalidConfigException e = failing(InvalidConfigException.class, () -> PoolConfig.builder().set(c[0], c[1]).build());
            assertEquals(c[0], e.setting());
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
        InvalidConfigException suites = failing(InvalidConfigException.class, () -> PoolConfig.builder()
                .tlsProtocols("TLSv1.3").tlsCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").build());
        assertTrue(suites.getMessage().contains("works with tlsProtocols"), suites.getMessage());
    }

    @Test
    void cipherSuitesAreOfferedAsConfigured() throws Exception {
        try (LineServer server = LineServer.tls(ca.serverContext(false));
             ConnectionPool<Transport> pool = ConnectionPool.create(trusting(ca.trustPem(), "PEM")
                     .tlsProtocols("TLSv1.2").tlsCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384").build())) {
            try (Lease<Transport> l = pool.acquire(Endpoint.tls("localhost", server.port()))) {
                assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", l.connection().tlsSession().orElseThrow().getCipherSuite());
                assertEquals("TLSv1.2", l.connection().tlsSession().orElseThrow().getProtocol());
            }
        }
    }

    @Test
    void passwordsAreMaskedInConfigurationText() {
        PoolConfig cfg = trusting(ca.trustPkcs12(), "PKCS12")
                .tlsKeyStore(ca.clientPkcs12(), "PKCS12", password, TestCa.CLIENT_ALIAS).build();
        assertTrue(cfg.toString().contains("tlsKeyStorePassword=" + Setting.MASK), cfg.toString());
        assertEquals(password, cfg.tlsKeyStorePassword());
        messages.add(cfg.toString());
        messages.add(PoolConfigArgs.helpText());
    }

    @Test
    void certificatesAboutToExpireAreWarnedAbout() throws Exception {
        try (LogCapture warnings = LogCapture.atLeast(Level.WARNING);
             ConnectionPool<Transport> pool = ConnectionPool.create(trusting(ca.trustPem(), "PEM")
                     .tlsKeyStore(ca.clientPkcs12(), "PKCS12", password, "").build())) {
            // the test CA's certificates are valid for 2 to 3 days: well within the 30-day warning
            String text = warnings.records().stream().map(LogRecord::getMessage).filter(m -> m.contains("expires in"))
                    .findFirst().orElseThrow(() -> new AssertionError("no expiry warning: " + warnings.records()));
            assertTrue(text.contains("reloadTls") && text.contains("CN="), text);
            messages.add(pool.toString());
        }
    }

    @Test
    void aCertificateThatExpiresWhileConnectionsAreIdleDoesNotBreakTheirReuse() throws Exception {
        try (LineServer server = LineServer.tls(ca.serverContextExpiringIn(12));
             ConnectionPool<Transport> pool = ConnectionPool.create(trusting(ca.trustPem(), "PEM").build())) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            X509Certificate cert;
            try (Lease<Transport> l = pool.acquire(ep)) {
                assertEquals("fresh", Lines.roundTrip(l.connection(), "fresh"));
                cert = (X509Certificate) l.connection().tlsSession().orElseThrow().getPeerCertificates()[0];
            }
            Instant notAfter = cert.getNotAfter().toInstant();
            assertTrue(notAfter.isBefore(Instant.now().plusSeconds(60)), "a short-lived certificate: " + notAfter);
            while (!Instant.now().isAfter(notAfter.plusSeconds(1))) {
                Thread.sleep(200);
            }
            roundTrip(pool, ep, "the idle, healthy connection is reused after the certificate expired");
            assertEquals(1, pool.stats(ep).totalCreated());
            assertEquals(1, pool.stats(ep).totalReused());
            // a new connection may resume the TLS session made before (the JSSE session cache) without
            // a new certificate check; new material (reloadTls) starts a new cache: then it is refused
            pool.reloadTls();
            pool.clearEndpoint(ep);
            TlsHandshakeException e = failing(TlsHandshakeException.class, () -> pool.acquire(ep));
            assertEquals(TlsHandshakeException.Reason.UNTRUSTED_CERTIFICATE, e.reason());
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
            assertBalanced(pool);
        }
    }

    @Test
    void reloadTlsServesNewConnectionsWithNewFilesWhileOpenOnesDrain(@TempDir Path dir) throws Exception {
        TestCerts other = TestCerts.localhost(); // a self-signed server certificate: its own CA
        Path otherPem = dir.resolve("other.pem");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(other.keystore())) {
            ks.load(in, other.password());
        }
        Files.writeString(otherPem, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(ks.getCertificate("localhost").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Path trust = dir.resolve("trust.pem");
        Files.copy(ca.trustPem(), trust);
        try (LineServer first = LineServer.tls(ca.serverContext(false));
             LineServer second = LineServer.tls(other.serverContext());
             ConnectionPool<Transport> pool = ConnectionPool.create(base().tlsTrustStore(trust, "PEM", "")
                     .maxConnectionsPerEndpoint(2).build())) {
            Endpoint a = Endpoint.tls("localhost", first.port());
            Endpoint b = Endpoint.tls("localhost", second.port());
            roundTrip(pool, a, "old material");
            failing(TlsHandshakeException.class, () -> pool.acquire(b));

            Files.copy(otherPem, trust, StandardCopyOption.REPLACE_EXISTING); // rotated by the operator
            List<String> now = pool.reloadTls();
            assertEquals(1, now.size(), now.toString());
            roundTrip(pool, b, "new material");
            roundTrip(pool, a, "the open connection is still reused");
            assertEquals(1, pool.stats(a).totalCreated());
            assertEquals(1, pool.stats(a).totalReused());

            Files.delete(trust); // a broken rotation: reload refuses and keeps what is in use
            InvalidConfigException e = failing(InvalidConfigException.class, pool::reloadTls);
            assertTrue(e.getMessage().contains("no such file") && e.getMessage().contains("nothing was replaced"),
                    e.getMessage());
            pool.clearEndpoint(b);
            roundTrip(pool, b, "still the new material");
            pool.clearEndpoint(a); // a new connection to the old server is now refused
            TlsHandshakeException refused = failing(TlsHandshakeException.class, () -> pool.acquire(a));
            assertEquals(TlsHandshakeException.Reason.UNTRUSTED_CERTIFICATE, refused.reason());
            assertBalanced(pool);
        }
    }
}
