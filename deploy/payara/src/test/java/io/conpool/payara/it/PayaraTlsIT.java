package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.demo.HttpOverPool;
import io.conpool.demo.LoadRun;
import io.conpool.deploy.it.ItSupport;
import io.conpool.deploy.it.MBeanDumpServlet;
import io.conpool.deploy.it.TrafficReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TLS for real in Payara: a connector connection pool with a private CA (trust store) and a client
 * certificate (key store), whose passwords are the password alias {@code ${ALIAS=...}}, serves the
 * demo's HTTP traffic to a backend that requires that client certificate. The domain's
 * configuration, its log and every conpool MBean attribute never show the password.
 */
@ExtendWith(TlsOnPayara.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraTlsIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "tls-it.war")
                .addClasses(HttpOverPool.class, HttpOverPool.Response.class, LoadRun.class, PayaraTlsServlet.class,
                        MBeanDumpServlet.class, TrafficReport.class, TrafficReport.FactorySource.class);
    }

    @Test
    void aPoolWithAPrivateCaAndAClientCertificateServesTrafficAndNoPasswordShows() throws Exception {
        String password = new String(TlsOnPayara.ca.password());
        Map<String, String> r = ItSupport.keyValues(PayaraSettings.get("/tls-it/tls?requests=20&threads=4"));
        assertEquals("20", r.get("ok"), r.toString());
        assertTrue(TlsOnPayara.backend.clientCertificates().contains("CN=conpool-client"),
                "the backend saw our client certificate: " + TlsOnPayara.backend.clientCertificates());

        String pool = Asadmin.ok("get", "resources.connector-connection-pool.conpool-tls.property.tlsKeyStorePassword");
        assertTrue(pool.contains("${ALIAS=" + TlsOnPayara.ALIAS + "}"), "the domain holds the alias: " + pool);

        String mbeans = PayaraSettings.get("/tls-it/mbeans");
        assertTrue(mbeans.contains("TlsCertificateExpiry=20"), "the expiry date is published: " + mbeans);
        assertTrue(mbeans.contains("TlsKeyStorePassword=****"), mbeans);

        // a JMX write from another JVM, as VisualVM makes it, is logged once with who, what, old and new value
        String bean = io.conpool.jmx.ObjectNames.endpoint("tls", io.conpool.Endpoint.tls("localhost",
                TlsOnPayara.backend.port())).toString();
        Map<String, String> set = SeparateJvmJmx.run(bean, "set:MaxConnectionsPerEndpoint=3");
        assertEquals("3", set.get("set.MaxConnectionsPerEndpoint"), set.toString());
        List<String> audit = Files.readString(PayaraSettings.serverLog()).lines()
                .filter(l -> l.contains("JMX write by") && l.contains("localhost:" + TlsOnPayara.backend.port() + "/tls"))
                .toList();
        assertEquals(1, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("maxConnectionsPerEndpoint changed from 10 to 3"), audit.get(0));
        System.out.println("audit line in Payara: " + audit.get(0));

        Path domainXml = PayaraSettings.serverLog().getParent().getParent().resolve("config").resolve("domain.xml");
        for (String text : List.of(Files.readString(PayaraSettings.serverLog()), Files.readString(domainXml), mbeans,
                r.toString(), pool)) {
            assertFalse(text.contains(password), "the password shows in the domain's files or output");
        }
    }
}
