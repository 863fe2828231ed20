package io.conpool.payara.it;

import io.conpool.deploy.it.CountingHttpBackend;
import io.conpool.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For one test class: makes a private CA, starts an HTTPS backend in the test JVM that requires a
 * client certificate from it, stores the stores' password as the Payara password alias
 * {@value #ALIAS} ({@code create-password-alias}), deploys {@code conpool.rar} and binds the
 * endpoint {@code tls} (JNDI {@code conpool/tls}, engine pool {@code tls}) with the shipped
 * {@code conpool.sh}, passwords as {@code ${ALIAS=...}}. Register it before {@code ArquillianExtension}.
 */
public class TlsOnPayara implements BeforeAllCallback, AfterAllCallback {
    static final String ALIAS = "conpool-it-tls";
    static volatile TestCa ca;
    static volatile CountingHttpBackend backend;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!PayaraSettings.inTestJvm()) {
            return;
        }
        ca = TestCa.create(Files.createTempDirectory("conpool-payara-ca"));
        backend = CountingHttpBackend.requiringClientCertificate(ca.serverContext(true));
        Path passwordFile = Files.createTempFile("conpool-alias", ".txt");
        try {
            Files.writeString(passwordFile, "AS_ADMIN_ALIASPASSWORD=" + new String(ca.password()) + "\n");
            Asadmin.run("delete-password-alias", ALIAS); // a leftover of an interrupted run
            Asadmin.ok("--passwordfile", passwordFile.toString(), "create-password-alias", ALIAS);
        } finally {
            Files.delete(passwordFile);
        }
        Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
        String alias = "${ALIAS=" + ALIAS + "}";
        Asadmin.conpoolScript("add", "tls", "localhost", Integer.toString(backend.port()), "tls=true", "poolName=tls",
                "connectRetryCount=0", "acquireTimeout=20000",
                "tlsTrustStore=" + ca.trustPkcs12(), "tlsTrustStorePassword=" + alias,
                "tlsKeyStore=" + ca.clientPkcs12(), "tlsKeyStorePassword=" + alias);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!PayaraSettings.inTestJvm()) {
            return;
        }
        try {
            Asadmin.conpoolScript("undeploy");
        } finally {
            Asadmin.run("delete-password-alias", ALIAS);
            if (backend != null) {
                backend.close();
            }
        }
    }
}
