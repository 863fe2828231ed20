package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TLS for real in WildFly: a connection definition with a private CA (trust store) and a client
 * certificate (key store), whose passwords are Elytron {@code ${ENC::...}} expressions, serves the
 * demo's HTTP traffic to a backend that requires that client certificate. The server's
 * configuration, its log, every conpool MBean attribute and the error of a definition with a
 * wrong password never show the password.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(TlsServerSetup.class)
@RunAsClient
class TlsInWildFlyIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(name = "war", order = 2, testable = false)
    static WebArchive war() {
        return Deployments.war("tls-it", MBeanDumpServlet.class);
    }

    @Test
    void aDefinitionWithAPrivateCaAndAClientCertificateServesTrafficAndNoPasswordShows() throws Exception {
        try (ModelControllerClient management = ModelControllerClient.Factory.create("remote+http", "127.0.0.1",
                ItSettings.managementPort())) {
            check(management);
        }
    }

    private void check(ModelControllerClient management) throws Exception {
        String password = new String(TlsServerSetup.ca.password());
        Map<String, String> r = ItSupport.keyValues(ItSettings.get("/tls-it/traffic?name=tls&requests=20&threads=4"));
        assertEquals("20", r.get("ok"), r.toString());
        assertTrue(TlsServerSetup.backend.clientCertificates().contains("CN=conpool-client"),
                "the backend saw our client certificate: " + TlsServerSetup.backend.clientCertificates());
        assertTrue(Integer.parseInt(r.get("mbean.TotalCreated")) <= 4, "connections were pooled: " + r);

        // the server's model holds the expression, not the password
        ModelNode read = Operations.createReadAttributeOperation(ServerConfig.raAddress("conpool.rar").clone()
                .add("connection-definitions", "tls").add("config-properties", "tlsKeyStorePassword"), "value");
        String stored = Operations.readResult(management.execute(read)).asString();
        assertTrue(stored.startsWith("${ENC::" + TlsServerSetup.RESOLVER + ":"), stored);

        String mbeans = ItSettings.get("/tls-it/mbeans");
        assertTrue(mbeans.contains("TlsCertificateExpiry=20"), "the expiry date is published: " + mbeans);
        assertTrue(mbeans.contains("TlsKeyStorePassword=****"), mbeans);

        // a JMX write from another JVM, as JConsole makes it, is logged once with who, what, old and new value
        String bean = io.conpool.jmx.ObjectNames.endpoint("tls", io.conpool.Endpoint.tls("localhost",
                TlsServerSetup.backend.port())).toString();
        Map<String, String> set = JmxProbeRunner.run(bean, "set:MaxConnectionsPerEndpoint=3");
        assertEquals("3", set.get("set.MaxConnectionsPerEndpoint"), set.toString());

        // a definition whose key store password is wrong fails with the property named; the wrong password shows nowhere
        String wrong = "wrong-Pw-" + System.nanoTime();
        Map<String, String> bad = new java.util.LinkedHashMap<>(TlsServerSetup.properties(
                TlsServerSetup.encrypt(management, wrong)));
        bad.put("poolName", "tls-bad");
        bad.put("tlsTrustStorePassword", TlsServerSetup.encryptedPassword); // only the key store's is wrong
        ModelNode outcome = management.execute(ServerConfig.activation("conpool-bad.rar", "tlsbad", bad));
        ModelNode activate = management.execute(Operations.createOperation("activate",
                ServerConfig.raAddress("conpool-bad.rar"))); // added after the deployment: activated by hand
        ServerConfig.removeRa(management, "conpool-bad.rar");

        Path log = Path.of(ItSettings.jbossHome(), "standalone", "log", "server.log");
        String serverLog = Files.readString(log);
        assertTrue(serverLog.contains("config-property 'tlsKeyStorePassword'"),
                "the failed definition's error names the property: " + outcome + activate);
        List<String> everything = new ArrayList<>(List.of(serverLog, mbeans, r.toString(), outcome.toString(),
                activate.toString()));
        for (String text : everything) {
            assertFalse(text.contains(password), "the password shows in the server's output");
            assertFalse(text.contains(wrong), "the wrong password shows in the server's output");
        }
        assertTrue(serverLog.contains("TLS material loaded"), "the log says where the TLS material came from");
        String endpoint = "localhost:" + TlsServerSetup.backend.port() + "/tls"; // the log has other tests' lines too
        List<String> audit = serverLog.lines().filter(l -> l.contains("JMX write by") && l.contains(endpoint)).toList();
        assertEquals(1, audit.size(), audit.toString());
        assertTrue(audit.get(0).contains("maxConnectionsPerEndpoint changed from 10 to 3"), audit.get(0));
        System.out.println("audit line in WildFly: " + audit.get(0));
    }
}
