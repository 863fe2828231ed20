package io.conpool.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} made at test time with the JDK's {@code keytool}
 * (about 0.5 s, once per JVM and kind), and SSL contexts for a server that presents it and a client
 * that trusts it. Two kinds: {@link #localhost()} names only the DNS name {@code localhost} (a client
 * that connects by IP address fails host name verification), {@link #localhostAndLoopbackIp()} also
 * names {@code 127.0.0.1}.
 */
public final class TestCerts {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static TestCerts localhost;
    private static TestCerts localhostAndLoopbackIp;

    private final Path keystore;

    private TestCerts(Path keystore) {
        this.keystore = keystore;
    }

    /**
     * @return the certificate whose only subject alternative name is {@code dns:localhost}
     * @throws IOException if keytool fails
     */
    public static synchronized TestCerts localhost() throws IOException {
        if (localhost == null) {
            localhost = generate("SAN=dns:localhost");
        }
        return localhost;
    }

    /**
     * @return the certificate for {@code dns:localhost} and {@code ip:127.0.0.1}
     * @throws IOException if keytool fails
     */
    public static synchronized TestCerts localhostAndLoopbackIp() throws IOException {
        if (localhostAndLoopbackIp == null) {
            localhostAndLoopbackIp = generate("SAN=dns:localhost,ip:127.0.0.1");
        }
        return localhostAndLoopbackIp;
    }

    private static TestCerts generate(String san) throws IOException {
        Path dir = Files.createTempDirectory("conpool-certs");
        dir.toFile().deleteOnExit();
        Path ks = dir.resolve("localhost.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = List.of(keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        ks.toFile().deleteOnExit();
        return new TestCerts(ks);
    }

    /** @return the PKCS12 keystore holding the key and certificate (alias {@code localhost}) */
    public Path keystore() {
        return keystore;
    }

    /** @return the keystore's (and key's) password, a fresh copy */
    public char[] password() {
        return PASSWORD.clone();
    }

    /**
     * @return a new server context presenting this certificate
     * @throws IOException              if the keystore cannot be read
     * @throws GeneralSecurityException if the JDK cannot load it
     */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(), PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /**
     * @return a new client context that trusts (only) this certificate
     * @throws IOException              if the keystore cannot be read
     * @throws GeneralSecurityException if the JDK cannot load it
     */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }
}
