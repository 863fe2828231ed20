package io.conpool.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private certificate authority made at test time with the JDK's {@code keytool} (a few seconds,
 * once per JVM and directory), and material it issued, in every format the pool reads:
 * <ul>
 *   <li>the CA certificate as a trust store: {@link #trustPkcs12()}, {@link #trustJks()}, {@link #trustPem()};</li>
 *   <li>a server certificate for {@code localhost} and {@code 127.0.0.1} ({@link #serverContext}),
 *       and one for another name only ({@link #wrongNameServerContext}), to test host name checks;</li>
 *   <li>a client certificate (alias {@value #CLIENT_ALIAS}, subject {@code CN=conpool-client}) as
 *       {@link #clientPkcs12()}, {@link #clientJks()} and {@link #clientPem()} (unencrypted PKCS#8 key
 *       followed by its chain), and a second key store holding two keys ({@link #twoKeysPkcs12()}).</li>
 * </ul>
 * Every store's password is {@link #password()}. Servers made by {@link #serverContext(boolean)} trust
 * this CA for client certificates.
 */
public final class TestCa {
    /** Alias of the client key in the client key stores. */
    public static final String CLIENT_ALIAS = "client";
    /** Alias of the second key in {@link #twoKeysPkcs12()}. */
    public static final String OTHER_ALIAS = "other";
    private static final String PASSWORD = "s3cret-Test-Pw";
    private static TestCa shared;

    private final Path dir;
    private final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    private TestCa(Path dir) {
        this.dir = dir;
    }

    /**
     * @return the CA of this JVM, made on first use in a temporary directory deleted at exit
     * @throws IOException if keytool fails
     */
    public static synchronized TestCa shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("conpool-ca");
            shared = create(dir);
            deleteOnExit(dir);
        }
        return shared;
    }

    /**
     * Makes a new CA and its material in a directory (for tests that hand the files to a server).
     *
     * @param dir an existing, writable directory
     * @return the CA
     * @throws IOException if keytool fails
     */
    public static TestCa create(Path dir) throws IOException {
        TestCa ca = new TestCa(dir);
        ca.make();
        return ca;
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temporary directory: the OS cleans it eventually
            }
        }));
    }

    private void make() throws IOException {
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=conpool test CA", "-ext", "bc:c", "-validity", "3", "-storetype", "PKCS12",
                "-keystore", ca.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-file", trustPem().toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", trustPem().toString(), "-storetype", "PKCS12",
                "-keystore", trustPkcs12().toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", trustPem().toString(), "-storetype", "JKS",
                "-keystore", trustJks().toString(), "-storepass", PASSWORD);
        issue("server.p12", "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
        issue("wrong-name.p12", "server", "CN=other.example", "SAN=dns:other.example", "EKU=serverAuth");
        issue(clientPkcs12().getFileName().toString(), CLIENT_ALIAS, "CN=conpool-client", null, "EKU=clientAuth");
        issue(twoKeysPkcs12().getFileName().toString(), CLIENT_ALIAS, "CN=conpool-client", null, "EKU=clientAuth");
        issueInto(twoKeysPkcs12(), OTHER_ALIAS, "CN=conpool-other", "EKU=clientAuth");
        keytool("-importkeystore", "-noprompt", "-srckeystore", clientPkcs12().toString(), "-srcstoretype", "PKCS12",
                "-srcstorepass", PASSWORD, "-destkeystore", clientJks().toString(), "-deststoretype", "JKS",
                "-deststorepass", PASSWORD, "-destkeypass", PASSWORD);
        writeClientPem();
    }

    private void issue(String file, String alias, String dname, String san, String eku) throws IOException {
        Path ks = dir.resolve(file);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", trustPem().toString(), "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", PASSWORD);
        issueInto(ks, alias, dname, eku, san == null ? new String[0] : new String[] {"-ext", san});
    }

    private void issueInto(Path ks, String alias, String dname, String eku, String... ext) throws IOException {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "3", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        Path csr = dir.resolve(alias + "-" + ks.getFileName() + ".csr");
        Path crt = dir.resolve(alias + "-" + ks.getFileName() + ".crt");
        keytool("-certreq", "-alias", alias, "-keystore", ks.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        List<String> gen = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
                dir.resolve("ca.p12").toString(), "-storepass", PASSWORD, "-infile", csr.toString(), "-outfile",
                crt.toString(), "-validity", "2", "-ext", eku));
        gen.addAll(List.of(ext));
        keytool(gen.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", crt.toString(), "-keystore", ks.toString(),
                "-storepass", PASSWORD);
        Files.deleteIfExists(csr);
        Files.deleteIfExists(crt);
    }

    private void writeClientPem() throws IOException {
        try {
            KeyStore ks = load(clientPkcs12(), "PKCS12");
            PrivateKey key = (PrivateKey) ks.getKey(CLIENT_ALIAS, PASSWORD.toCharArray());
            StringBuilder pem = new StringBuilder(pem("PRIVATE KEY", key.getEncoded()));
            for (Certificate c : ks.getCertificateChain(CLIENT_ALIAS)) {
                pem.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Files.writeString(clientPem(), pem.toString(), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the client PEM: " + e, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(keytool);
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    /** @return the directory holding every file */
    public Path dir() {
        return dir;
    }

    /** @return the password of every store and key, a fresh copy */
    public char[] password() {
        return PASSWORD.toCharArray();
    }

    /** @return the CA certificate in a PKCS12 trust store */
    public Path trustPkcs12() {
        return dir.resolve("trust.p12");
    }

    /** @return the CA certificate in a JKS trust store */
    public Path trustJks() {
        return dir.resolve("trust.jks");
    }

    /** @return the CA certificate as PEM */
    public Path trustPem() {
        return dir.resolve("ca.pem");
    }

    /** @return the client key and chain, PKCS12 */
    public Path clientPkcs12() {
        return dir.resolve("client.p12");
    }

    /** @return the client key and chain, JKS */
    public Path clientJks() {
        return dir.resolve("client.jks");
    }

    /** @return the client key (unencrypted PKCS#8) and chain, PEM in one file */
    public Path clientPem() {
        return dir.resolve("client.pem");
    }

    /** @return a PKCS12 key store with two client keys, {@value #CLIENT_ALIAS} and {@value #OTHER_ALIAS} */
    public Path twoKeysPkcs12() {
        return dir.resolve("two-keys.p12");
    }

    /** @return the server key store (PKCS12, alias {@code server}, names localhost and 127.0.0.1) */
    public Path serverPkcs12() {
        return dir.resolve("server.p12");
    }

    /**
     * @param requireClientCert whether the server demands a client certificate issued by this CA
     * @return a server context presenting the localhost certificate and trusting this CA for clients
     * @throws IOException              if a store cannot be read
     * @throws GeneralSecurityException if the JDK cannot load it
     */
    public SSLContext serverContext(boolean requireClientCert) throws IOException, GeneralSecurityException {
        return context(serverPkcs12(), requireClientCert);
    }

    /**
     * @return a server context whose certificate (issued by this CA) names only {@code other.example}
     * @throws IOException              if a store cannot be read
     * @throws GeneralSecurityException if the JDK cannot load it
     */
    public SSLContext wrongNameServerContext() throws IOException, GeneralSecurityException {
        return context(dir.resolve("wrong-name.p12"), false);
    }

    /**
     * Issues (now, with keytool) a localhost server certificate that expires soon, and returns a
     * server context presenting it.
     *
     * @param seconds how many seconds from now the certificate stays valid (1 to 3600)
     * @return a server context whose certificate expires then
     * @throws IOException              if keytool fails
     * @throws GeneralSecurityException if the JDK cannot load it
     */
    public SSLContext serverContextExpiringIn(int seconds) throws IOException, GeneralSecurityException {
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("seconds must be 1..3600, not " + seconds);
        }
        Path ks = dir.resolve("short-lived-" + System.nanoTime() + ".p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", trustPem().toString(), "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "3", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        Path csr = dir.resolve(ks.getFileName() + ".csr");
        Path crt = dir.resolve(ks.getFileName() + ".crt");
        keytool("-certreq", "-alias", "server", "-keystore", ks.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        // valid for one day, starting one day ago plus the seconds asked for
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", crt.toString(), "-startdate", "-1d+" + seconds + "S",
                "-validity", "1", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth");
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", crt.toString(), "-keystore", ks.toString(),
                "-storepass", PASSWORD);
        Files.deleteIfExists(csr);
        Files.deleteIfExists(crt);
        return context(ks, false);
    }

    private SSLContext context(Path keyStore, boolean trustClients) throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keyStore, "PKCS12"), PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustPkcs12(), "PKCS12"));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trustClients ? tmf.getTrustManagers() : null, null);
        return ctx;
    }

    private static KeyStore load(Path file, String type) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
