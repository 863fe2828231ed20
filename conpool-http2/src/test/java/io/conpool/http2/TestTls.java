package io.conpool.http2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed test certificate for localhost / 127.0.0.1, made with the JDK's keytool at test time. */
final class TestTls {
    static final String PASSWORD = "test-only-password";
    private static TestTls instance;

    final Path keyStore;
    final SSLContext clientContext;

    private TestTls(Path keyStore, SSLContext clientContext) {
        this.keyStore = keyStore;
        this.clientContext = clientContext;
    }

    /** @return the certificate shared by the tests of this JVM (made once, ≈0.5 s) */
    static synchronized TestTls get() throws IOException, GeneralSecurityException, InterruptedException {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestTls create() throws IOException, GeneralSecurityException, InterruptedException {
        Path dir = Files.createTempDirectory("conpool-h2-tls");
        dir.toFile().deleteOnExit();
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        ks.toFile().deleteOnExit();
        KeyStore serverStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            serverStore.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = serverStore.getCertificate("server");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return new TestTls(ks, ctx);
    }
}
