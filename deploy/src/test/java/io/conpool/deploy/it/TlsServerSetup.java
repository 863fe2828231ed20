package io.conpool.deploy.it;

import io.conpool.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * A private CA made now, an HTTPS backend in the test JVM that requires a client certificate from
 * it, an Elytron secret-key credential store with an encryption expression resolver, and the
 * connection definition {@code tls} (JNDI {@code java:/conpool/tls}) whose store passwords are
 * {@code ${ENC::...}} expressions made by that resolver: the clear password is never in the
 * server's configuration.
 */
public class TlsServerSetup implements ServerSetupTask {
    static final String RESOLVER = "conpool-it";
    static volatile TestCa ca;
    static volatile CountingHttpBackend backend;
    static volatile String encryptedPassword;

    static ModelNode elytron(String type, String name) {
        return Operations.createAddress("subsystem", "elytron", type, name);
    }

    /** @return the {@code ${ENC::...}} expression of a clear text, made by the server's resolver */
    static String encrypt(ModelControllerClient client, String clear) throws Exception {
        ModelNode op = Operations.createOperation("create-expression", elytron("expression", "encryption"));
        op.get("resolver").set(RESOLVER);
        op.get("clear-text").set(clear);
        ModelNode result = client.execute(op);
        if (!Operations.isSuccessfulOutcome(result)) {
            throw new IllegalStateException("create-expression failed: " + Operations.getFailureDescription(result));
        }
        return Operations.readResult(result).get("expression").asString();
    }

    /** The definition's properties, passwords as the given expression. */
    static Map<String, String> properties(String passwordExpression) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("host", "localhost");
        p.put("port", Integer.toString(backend.port()));
        p.put("tls", "true");
        p.put("poolName", "tls");
        p.put("connectRetryCount", "0");
        p.put("acquireTimeout", "20000");
        p.put("tlsTrustStore", ca.trustPkcs12().toString());
        p.put("tlsTrustStoreType", "PKCS12");
        p.put("tlsTrustStorePassword", passwordExpression);
        p.put("tlsKeyStore", ca.clientPkcs12().toString());
        p.put("tlsKeyStorePassword", passwordExpression);
        return p;
    }

    @Override
    public void setup(ManagementClient client, String containerId) throws Exception {
        ca = TestCa.create(Files.createTempDirectory("conpool-it-ca"));
        backend = CountingHttpBackend.requiringClientCertificate(ca.serverContext(true));
        ModelControllerClient c = client.getControllerClient();
        ModelNode store = Operations.createAddOperation(elytron("secret-key-credential-store", RESOLVER));
        store.get("path").set("conpool-it.cs");
        store.get("relative-to").set("jboss.server.data.dir");
        store.get("create").set(true);
        store.get("populate").set(true);
        ServerConfig.executeOrFail(c, store);
        ModelNode expression = Operations.createAddOperation(elytron("expression", "encryption"));
        ModelNode resolver = new ModelNode();
        resolver.get("name").set(RESOLVER);
        resolver.get("credential-store").set(RESOLVER);
        resolver.get("secret-key").set("key");
        expression.get("resolvers").add(resolver);
        ServerConfig.executeOrFail(c, expression);
        encryptedPassword = encrypt(c, new String(ca.password()));
        ServerConfig.executeOrFail(c, ServerConfig.activation("conpool.rar", "tls", properties(encryptedPassword)));
    }

    @Override
    public void tearDown(ManagementClient client, String containerId) throws Exception {
        ModelControllerClient c = client.getControllerClient();
        ServerConfig.removeRa(c, "conpool.rar");
        for (ModelNode address : new ModelNode[] {elytron("expression", "encryption"),
                elytron("secret-key-credential-store", RESOLVER)}) {
            ModelNode remove = Operations.createRemoveOperation(address);
            remove.get("operation-headers").get("allow-resource-service-restart").set(true);
            c.execute(remove);
        }
        if (backend != null) {
            backend.close();
        }
        if (ca != null) {
            try (var files = Files.list(ca.dir())) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(ca.dir());
        }
    }
}
