package io.conpool.bench.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for {@code 127.0.0.1} / {@code localhost}, made at run time
 * with the JDK's {@code keytool} (EC P-256, valid two days), and the server and client
 * {@link SSLContext}s built on it. Nothing is kept: the key store lives in a temporary directory that
 * is deleted once loaded, and its password is random.
 */
public final class SelfSignedTls {
    private final SSLContext serverContext;
    private final SSLContext clientContext;

    private SelfSignedTls(SSLContext serverContext, SSLContext clientContext) {
        this.serverContext = serverContext;
        this.clientContext = clientContext;
    }

    /**
     * Runs keytool and builds the contexts.
     *
     * @return the server and client contexts
     * @throws IOException if keytool is missing, fails or times out, or the key store cannot be read
     */
    public static SelfSignedTls generate() throws IOException {
        Path dir = Files.createTempDirectory("conpool-bench-tls");
        try {
            Path store = dir.resolve("server.p12");
            char[] password = randomPassword();
            runKeytool(store, password);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            return fromKeyStore(keys, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not build TLS contexts from the generated key store: " + e, e);
        } finally {
            deleteTree(dir);
        }
    }

    private static SelfSignedTls fromKeyStore(KeyStore keys, char[] password) throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        Certificate cert = keys.getCertificate("bench");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bench", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new SelfSignedTls(server, client);
    }

    private static char[] randomPassword() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b).toCharArray();
    }

    private static void runKeytool(Path store, char[] password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "bench",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:env", "BENCH_STOREPASS"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("BENCH_STOREPASS", new String(password));
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for keytool", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + p.exitValue() + "): " + output.strip());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }

    /** @return the server's context (holds the private key) */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** @return a client context that trusts only the generated certificate */
    public SSLContext clientContext() {
        return clientContext;
    }
}
