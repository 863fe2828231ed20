package io.conpool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Setting;
import io.conpool.Transport;
import io.conpool.fixtures.Lines;
import io.conpool.testing.LineServer;
import io.conpool.testing.LogCapture;
import io.conpool.testing.TestCa;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS side of the MBeans (certificate expiry, material, reloadTls), the read-only publication,
 * the audit line of every accepted write, and that no attribute of any bean shows a password.
 */
@Timeout(120)
class TlsAndAccessJmxTest {
    private final MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();

    private static PoolConfig config(TestCa ca, Path trust) {
        return PoolConfig.builder().connectRetryCount(0).tlsTrustStore(trust, "PKCS12", new String(ca.password()))
                .tlsKeyStore(ca.clientPkcs12(), "PKCS12", new String(ca.password()), "").build();
    }

    private void use(ConnectionPool<Transport> pool, Endpoint ep) throws Exception {
        try (Lease<Transport> l = pool.acquire(ep)) {
            assertEquals("x", Lines.roundTrip(l.connection(), "x"));
        }
    }

    /** Every attribute of every conpool bean, as text, plus what reading it threw. */
    private List<String> everyAttribute() throws Exception {
        List<String> out = new ArrayList<>();
        for (ObjectName n : mbs.queryNames(new ObjectName("io.conpool:*"), null)) {
            for (MBeanAttributeInfo a : mbs.getMBeanInfo(n).getAttributes()) {
                try {
                    Object v = mbs.getAttribute(n, a.getName());
                    out.add(n + " " + a.getName() + "=" + (v instanceof Object[] ? List.of((Object[]) v) : v));
                } catch (Exception e) {
                    out.add(n + " " + a.getName() + " threw " + e);
                }
            }
        }
        return out;
    }

    @Test
    void expiryMaterialAndReloadAreThereAndNoAttributeShowsThePassword(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.shared();
        String password = new String(ca.password());
        Path trust = dir.resolve("trust.p12");
        Files.copy(ca.trustPkcs12(), trust);
        try (LogCapture log = LogCapture.atLeast(Level.ALL);
             LineServer server = LineServer.tlsRequiringClientCert(ca.serverContext(true));
             ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                     .name("tls-jmx").config(config(ca, trust)).build();
             PoolMBeans beans = PoolMBeans.register(pool, mbs)) {
            Endpoint ep = Endpoint.tls("localhost", server.port());
            use(pool, ep);
            ObjectName endpointBean = ObjectNames.endpoint("tls-jmx", ep);
            Instant expiry = Instant.parse((String) mbs.getAttribute(endpointBean, "TlsCertificateExpiry"));
            assertEquals(pool.tlsCertificateExpiry(ep).orElseThrow(), expiry);
            assertTrue(((String) mbs.getAttribute(endpointBean, "TlsMaterial")).contains(trust.toString()));
            assertEquals(Setting.MASK, mbs.getAttribute(endpointBean, "TlsKeyStorePassword"));

            String[] reloaded = (String[]) mbs.invoke(ObjectNames.pool("tls-jmx"), "reloadTls", null, null);
            assertEquals(1, reloaded.length, List.of(reloaded).toString());
            Files.delete(trust);
            RuntimeMBeanException refused = assertThrows(RuntimeMBeanException.class,
                    () -> mbs.invoke(ObjectNames.pool("tls-jmx"), "reloadTls", null, null));
            assertInstanceOf(IllegalArgumentException.class, refused.getCause(), "a JDK type, readable by any JMX client");
            assertTrue(refused.getCause().getMessage().contains("nothing was replaced"), refused.getCause().getMessage());
            pool.clearEndpoint(ep);
            use(pool, ep); // the material in use stayed

            List<String> seen = everyAttribute();
            seen.add(refused.toString() + refused.getCause());
            for (LogRecord r : log.records()) {
                seen.add(r.getMessage() + " " + r.getThrown());
            }
            for (String s : seen) {
                assertFalse(s.contains(password), "the password shows in: " + s);
            }
            assertTrue(seen.stream().anyMatch(s -> s.contains("JMX operation by") && s.contains("reloadTls()")), seen.toString());
        }
    }

    @Test
    @SuppressWarnings("removal")
    void everyAcceptedWriteIsLoggedOnceWithWhoWhatAndOldAndNewValue() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                     .name("audit").config(PoolConfig.defaults()).build();
             PoolMBeans beans = PoolMBeans.register(pool, mbs)) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            use(pool, ep);
            ObjectName bean = ObjectNames.endpoint("audit", ep);
            Subject alice = new Subject(true, Set.of(new JMXPrincipal("alice")), Set.of(), Set.of());
            try (LogCapture log = LogCapture.atLeast(Level.INFO)) {
                Subject.doAs(alice, (PrivilegedExceptionAction<Void>) () -> {
                    mbs.setAttribute(bean, new Attribute("MaxIdleTimeText", "30s"));
                    return null;
                });
                assertThrows(RuntimeMBeanException.class, () -> mbs.setAttribute(bean, new Attribute("MaxIdleTimeText", "-1s")));
                mbs.invoke(bean, "clearEndpoint", null, null);
                List<String> lines = log.records().stream().map(LogRecord::getMessage).filter(m -> m.contains("JMX")).toList();
                assertEquals(2, lines.size(), "one line per accepted change, none for the refused one: " + lines);
                assertTrue(lines.get(0).contains("JMX write by alice") && lines.get(0).contains("maxIdleTime changed from 60s to 30s")
                        && lines.get(0).contains("endpoint " + ep), lines.get(0));
                assertTrue(lines.get(1).contains("clearEndpoint()") && lines.get(1).contains("did not name"), lines.get(1));
            }
        }
    }

    @Test
    void aReadOnlyPublicationRefusesEveryWriteAndOperationWithAClearMessage() throws Exception {
        try (LineServer server = LineServer.echo();
             ConnectionPool<Transport> pool = ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE)
                     .name("read-only").config(PoolConfig.defaults()).build();
             PoolMBeans beans = PoolMBeans.register(pool, mbs, true)) {
            Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
            use(pool, ep);
            ObjectName bean = ObjectNames.endpoint("read-only", ep);
            assertEquals(10, mbs.getAttribute(bean, "MaxConnectionsPerEndpoint"), "reads work");
            for (MBeanAttributeInfo a : mbs.getMBeanInfo(bean).getAttributes()) {
                assertFalse(a.isWritable(), a.getName() + " must not be shown writable");
            }
            List<Exception> refusals = new ArrayList<>();
            refusals.add(assertThrows(RuntimeMBeanException.class,
                    () -> mbs.setAttribute(bean, new Attribute("MaxConnectionsPerEndpoint", 2))));
            refusals.add(assertThrows(RuntimeMBeanException.class, () -> mbs.invoke(bean, "clearEndpoint", null, null)));
            ObjectName poolBean = ObjectNames.pool("read-only");
            refusals.add(assertThrows(RuntimeMBeanException.class, () -> mbs.invoke(poolBean, "clearAll", null, null)));
            refusals.add(assertThrows(RuntimeMBeanException.class, () -> mbs.invoke(poolBean, "reloadTls", null, null)));
            for (Exception e : refusals) {
                assertInstanceOf(UnsupportedOperationException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("published read-only")
                        && e.getCause().getMessage().contains("jmxReadOnly"), e.getCause().getMessage());
            }
            assertEquals(10, pool.config(ep).maxConnectionsPerEndpoint(), "nothing changed");
            assertEquals(1, pool.stats(ep).idle(), "nothing cleared");
        }
    }
}
