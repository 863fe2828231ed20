package io.conpool.internal;

import io.conpool.InvalidConfigException;
import io.conpool.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust and key material read from the files a {@link PoolConfig} names ({@code tlsTrustStore},
 * {@code tlsKeyStore}, PKCS12, JKS or PEM), as an {@link SSLContext} whose managers also observe the
 * handshake: the trust manager explains a refused server certificate (untrusted, or another host
 * name) and the key manager records whether the server asked for a client certificate and whether
 * one was sent. Immutable once loaded; {@link TlsContexts} replaces it on reload.
 *
 * <p>Every bad input is an {@link InvalidConfigException} naming the setting, the file and what to
 * change; no message ever contains a password.
 */
final class TlsMaterial {
    /** Warn this long before a certificate in use expires. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    /** The settings the material comes from; the cache key. Its {@code toString} masks the passwords. */
    record Spec(String trustStore, String trustType, String trustPassword, String keyStore, String keyType,
                String keyPassword, String keyAlias) {
        static Spec of(PoolConfig c) {
            if (!c.hasTlsFiles()) {
                return null;
            }
            return new Spec(c.tlsTrustStore().strip(), c.tlsTrustStoreType().strip().toUpperCase(Locale.ROOT),
                    c.tlsTrustStorePassword(), c.tlsKeyStore().strip(), c.tlsKeyStoreType().strip().toUpperCase(Locale.ROOT),
                    c.tlsKeyStorePassword(), c.tlsKeyAlias().strip());
        }

        @Override
        public String toString() {
            return "trust=" + (trustStore.isEmpty() ? "JVM default" : trustStore + " (" + trustType + ")")
                    + ", key=" + (keyStore.isEmpty() ? "none" : keyStore + " (" + keyType + ")"
                    + (keyAlias.isEmpty() ? "" : " alias " + keyAlias));
        }
    }

    /** A certificate whose expiry matters: what it is, whose, and until when it is valid. */
    record Expiry(Instant notAfter, String role, String subject) {
        @Override
        public String toString() {
            return role + " '" + subject + "' valid until " + notAfter;
        }
    }

    /** What the key manager saw during one handshake. */
    record ClientAuth(boolean asked, boolean sent) {
    }

    private final Spec spec;
    private final SSLContext context;
    private final String trustText;
    private final int trustCount;
    private final String keyText;
    private final boolean hasKey;
    private final Expiry expiry;
    private final Instant loadedAt;
    private final Map<Socket, Boolean> asked = new ConcurrentHashMap<>();
    private volatile long lastWarnedNanos;
    private volatile boolean warned;

    private TlsMaterial(Spec spec, SSLContext context, String trustText, int trustCount, String keyText,
                        boolean hasKey, Expiry expiry) {
        this.spec = spec;
        this.context = context;
        this.trustText = trustText;
        this.trustCount = trustCount;
        this.keyText = keyText;
        this.hasKey = hasKey;
        this.expiry = expiry;
        this.loadedAt = Instant.now();
    }

    /**
     * Reads the files and builds the context.
     *
     * @param spec what to read
     * @return the material
     * @throws InvalidConfigException naming the setting and file for a missing or unreadable file, a
     *                                wrong password, a wrong format, an alias not in the store, a store without key
     */
    static TlsMaterial load(Spec spec) {
        List<Expiry> expiries = new ArrayList<>();
        KeyStore trust = null;
        String trustText = "the JVM's default trust";
        int trustCount = 0;
        if (!spec.trustStore().isEmpty()) {
            trust = trustStore(spec, expiries);
            trustCount = count(trust);
            trustText = "tlsTrustStore '" + spec.trustStore() + "' (" + trustCount + " CA certificate"
                    + (trustCount == 1 ? "" : "s") + ")";
        }
        KeyStore keys = null;
        String keyText = "no client certificate (tlsKeyStore not set)";
        char[] keyPassword = null;
        if (!spec.keyStore().isEmpty()) {
            keyPassword = randomPassword();
            keys = keyStore(spec, keyPassword, expiries);
            keyText = "client certificate '" + subject(keys) + "' from tlsKeyStore '" + spec.keyStore() + "'";
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust); // null = the JVM's default trust (cacerts or javax.net.ssl.trustStore)
            X509ExtendedTrustManager tm = only(tmf.getTrustManagers(), X509ExtendedTrustManager.class);
            X509ExtendedKeyManager km = null;
            if (keys != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
                kmf.init(keys, keyPassword);
                km = only(kmf.getKeyManagers(), X509ExtendedKeyManager.class);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            Expiry first = expiries.stream().min((a, b) -> a.notAfter().compareTo(b.notAfter())).orElse(null);
            TlsMaterial[] self = new TlsMaterial[1];
            ctx.init(new KeyManager[] {new ObservingKeyManager(km, s -> self[0].asked.putIfAbsent(s, Boolean.FALSE),
                            s -> self[0].asked.put(s, Boolean.TRUE))},
                    new TrustManager[] {new ExplainingTrustManager(tm, trustTextFor(spec, trustCount))}, null);
            self[0] = new TlsMaterial(spec, ctx, trustText, trustCount, keyText, keys != null, first);
            return self[0];
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException(spec.trustStore().isEmpty() ? "tlsKeyStore" : "tlsTrustStore",
                    "Invalid config: the TLS material (" + spec + ") cannot be used: " + e.getMessage());
        } finally {
            if (keyPassword != null) {
                java.util.Arrays.fill(keyPassword, '\0');
            }
        }
    }

    private static String trustTextFor(Spec spec, int count) {
        return spec.trustStore().isEmpty() ? "the JVM's default trust (tlsTrustStore not set)"
                : "tlsTrustStore '" + spec.trustStore() + "' (" + count + " CA certificate" + (count == 1 ? "" : "s") + ")";
    }

    private static <T> T only(Object[] managers, Class<T> type) throws GeneralSecurityException {
        for (Object m : managers) {
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new GeneralSecurityException("the JDK gave no " + type.getSimpleName());
    }

    // ------------------------------------------------------------------ trust

    private static KeyStore trustStore(Spec spec, List<Expiry> expiries) {
        Path file = readable("tlsTrustStore", spec.trustStore());
        String type = resolveType(file, spec.trustType(), "tlsTrustStore");
        KeyStore ks;
        try {
            if (type.equals("PEM")) {
                if (!spec.trustPassword().isEmpty()) {
                    throw new InvalidConfigException("tlsTrustStorePassword", "Invalid config: tlsTrustStorePassword"
                            + " is set, but tlsTrustStore '" + file + "' is PEM, which has no password: clear it");
                }
                ks = emptyStore();
                int i = 0;
                for (Certificate c : pemCertificates(file, "tlsTrustStore")) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
            } else {
                ks = open(file, type, spec.trustPassword(), "tlsTrustStore", "tlsTrustStorePassword");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException("tlsTrustStore", "Invalid config: tlsTrustStore '" + file
                    + "' cannot be read: " + e.getMessage());
        }
        int n = 0;
        try {
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate) {
                    n++;
                    X509Certificate x = (X509Certificate) c;
                    expiries.add(new Expiry(x.getNotAfter().toInstant(), "trusted CA certificate",
                            x.getSubjectX500Principal().getName()));
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException(e);
        }
        if (n == 0) {
            throw new InvalidConfigException("tlsTrustStore", "Invalid config: tlsTrustStore '" + file
                    + "' holds no certificate: put the CA certificate(s) that issued the servers' certificates in it");
        }
        return ks;
    }

    private static int count(KeyStore ks) {
        try {
            return ks.size();
        } catch (KeyStoreException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ keys

    private static KeyStore keyStore(Spec spec, char[] newPassword, List<Expiry> expiries) {
        Path file = readable("tlsKeyStore", spec.keyStore());
        String type = resolveType(file, spec.keyType(), "tlsKeyStore");
        PrivateKey key;
        Certificate[] chain;
        try {
            if (type.equals("PEM")) {
                if (!spec.keyPassword().isEmpty()) {
                    throw new InvalidConfigException("tlsKeyStorePassword", "Invalid config: tlsKeyStorePassword is set,"
                            + " but tlsKeyStore '" + file + "' is PEM, whose key is read unencrypted: clear the password"
                            + " and protect the file by its permissions, or use a PKCS12 store with a password");
                }
                key = pemKey(file);
                chain = pemCertificates(file, "tlsKeyStore").toArray(Certificate[]::new);
            } else {
                if (spec.keyPassword().isEmpty()) {
                    throw new InvalidConfigException("tlsKeyStorePassword", "Invalid config: tlsKeyStore '" + file
                            + "' is " + type + " and tlsKeyStorePassword is not set: set it to the store's password");
                }
                KeyStore ks = open(file, type, spec.keyPassword(), "tlsKeyStore", "tlsKeyStorePassword");
                String alias = chooseAlias(ks, spec, file);
                try {
                    key = (PrivateKey) ks.getKey(alias, spec.keyPassword().toCharArray());
                } catch (UnrecoverableKeyException e) {
                    throw new InvalidConfigException("tlsKeyStorePassword", "Invalid config: the key '" + alias
                            + "' in tlsKeyStore '" + file + "' has another password than the store"
                            + " (tlsKeyStorePassword): give the key the store's password");
                }
                chain = ks.getCertificateChain(alias);
            }
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                throw new InvalidConfigException("tlsKeyStore", "Invalid config: tlsKeyStore '" + file
                        + "' has a key without its X.509 certificate: store the certificate chain with the key");
            }
            for (Certificate c : chain) {
                X509Certificate x = (X509Certificate) c;
                expiries.add(new Expiry(x.getNotAfter().toInstant(), c == chain[0] ? "client certificate"
                        : "client certificate's issuer", x.getSubjectX500Principal().getName()));
            }
            KeyStore out = emptyStore();
            out.setKeyEntry("client", key, newPassword, chain);
            return out;
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigException("tlsKeyStore", "Invalid config: tlsKeyStore '" + file
                    + "' cannot be used: " + e.getMessage());
        }
    }

    private static String chooseAlias(KeyStore ks, Spec spec, Path file) throws KeyStoreException {
        List<String> keyAliases = new ArrayList<>();
        for (String a : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(a)) {
                keyAliases.add(a);
            }
        }
        if (!spec.keyAlias().isEmpty()) {
            if (!ks.containsAlias(spec.keyAlias())) {
                throw new InvalidConfigException("tlsKeyAlias", "Invalid config: tlsKeyAlias = '" + spec.keyAlias()
                        + "' is not in tlsKeyStore '" + file + "', which holds the keys " + keyAliases);
            }
            if (!ks.isKeyEntry(spec.keyAlias())) {
                throw new InvalidConfigException("tlsKeyAlias", "Invalid config: tlsKeyAlias = '" + spec.keyAlias()
                        + "' in tlsKeyStore '" + file + "' is a certificate without a private key; the keys are "
                        + keyAliases);
            }
            return spec.keyAlias();
        }
        if (keyAliases.isEmpty()) {
            throw new InvalidConfigException("tlsKeyStore", "Invalid config: tlsKeyStore '" + file
                    + "' holds no private key: it must hold the client certificate together with its key");
        }
        if (keyAliases.size() > 1) {
            throw new InvalidConfigException("tlsKeyAlias", "Invalid config: tlsKeyStore '" + file + "' holds "
                    + keyAliases.size() + " keys " + keyAliases + ": set tlsKeyAlias to the one to present");
        }
        return keyAliases.get(0);
    }

    private static PrivateKey pemKey(Path file) {
        String text = pemText(file, "tlsKeyStore");
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (label.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String alg : List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS", "DSA")) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException | RuntimeException e) {
                        // not this algorithm: try the next
                    }
                }
                throw new InvalidConfigException("tlsKeyStore", "Invalid config: the PRIVATE KEY in tlsKeyStore '"
                        + file + "' is of an algorithm this JVM does not read (EC, RSA, EdDSA, DSA are read)");
            }
            if (label.equals("ENCRYPTED PRIVATE KEY")) {
                throw new InvalidConfigException("tlsKeyStore", "Invalid config: the key in tlsKeyStore '" + file
                        + "' is an encrypted PEM key, which conpool does not read: convert key and certificate to"
                        + " PKCS12 (openssl pkcs12 -export -in cert.pem -inkey key.pem -out client.p12) and set"
                        + " tlsKeyStorePassword");
            }
            if (label.endsWith("PRIVATE KEY")) {
                throw new InvalidConfigException("tlsKeyStore", "Invalid config: the key in tlsKeyStore '" + file
                        + "' is a '" + label + "' (PKCS#1/SEC1): convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt"
                        + " -in key.pem) or use a PKCS12 store");
            }
        }
        throw new InvalidConfigException("tlsKeyStore", "Invalid config: tlsKeyStore '" + file
                + "' is PEM without a '-----BEGIN PRIVATE KEY-----' block: put the key and its certificate chain in"
                + " one file, key first");
    }

    // ------------------------------------------------------------------ files

    private static Path readable(String setting, String name) {
        Path file;
        try {
            file = Path.of(name);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " = '" + name
                    + "' is not a file name: " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " = '" + name + "': no such file"
                    + (file.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + "; give an absolute path)"));
        }
        if (!Files.isReadable(file)) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " = '" + name
                    + "' is not readable by user '" + System.getProperty("user.name") + "': fix its permissions");
        }
        return file;
    }

    private static String resolveType(Path file, String type, String setting) {
        if (!type.equals("AUTO")) {
            return type;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            String start = new String(head, StandardCharsets.US_ASCII).stripLeading();
            return start.startsWith("-----BEGIN") ? "PEM" : "STORE";
        } catch (IOException e) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " '" + file + "' cannot be read: " + e);
        }
    }

    private static KeyStore open(Path file, String type, String password, String setting, String passwordSetting) {
        char[] pw = password.isEmpty() ? null : password.toCharArray();
        try {
            KeyStore ks;
            if (type.equals("STORE")) { // auto: the JDK tells PKCS12 and JKS apart
                ks = KeyStore.getInstance(file.toFile(), pw);
            } else {
                ks = KeyStore.getInstance(type);
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, pw);
                }
            }
            return ks;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new InvalidConfigException(passwordSetting, "Invalid config: " + passwordSetting + " does not open "
                        + setting + " '" + file + "'" + (pw == null ? " (no password is set)" : "")
                        + ": the password is wrong, or the file is damaged");
            }
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " '" + file + "' is not a "
                    + (type.equals("STORE") ? "PKCS12, JKS or PEM" : type) + " file (" + e.getMessage()
                    + "): check " + setting + "Type");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " '" + file + "' is not a "
                    + (type.equals("STORE") ? "PKCS12, JKS or PEM" : type) + " file (" + e.getMessage()
                    + "): check " + setting + "Type");
        } finally {
            if (pw != null) {
                java.util.Arrays.fill(pw, '\0');
            }
        }
    }

    private static String pemText(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " '" + file
                    + "' is not a PEM text file: " + e);
        }
    }

    private static List<Certificate> pemCertificates(Path file, String setting) {
        String text = pemText(file, setting);
        List<Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    out.add(cf.generateCertificate(new java.io.ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " '" + file
                    + "' has a damaged CERTIFICATE block: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new InvalidConfigException(setting, "Invalid config: " + setting + " '" + file
                    + "' holds no '-----BEGIN CERTIFICATE-----' block");
        }
        return out;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return ks;
    }

    private static char[] randomPassword() {
        SecureRandom r = new SecureRandom();
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + r.nextInt(26));
        }
        return c;
    }

    private static String subject(KeyStore ks) {
        try {
            return ((X509Certificate) ks.getCertificate("client")).getSubjectX500Principal().getName();
        } catch (KeyStoreException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------ use

    Spec spec() {
        return spec;
    }

    SSLContext context() {
        return context;
    }

    /** @return whether a client certificate is configured */
    boolean hasKey() {
        return hasKey;
    }

    /** @return the certificate in use that expires first (client chain, trusted CAs), or null */
    Expiry expiry() {
        return expiry;
    }

    /** @return where the trust comes from, for messages */
    String trustText() {
        return trustText;
    }

    /** @return which client certificate is presented, for messages */
    String keyText() {
        return keyText;
    }

    /** @return when the files were read */
    Instant loadedAt() {
        return loadedAt;
    }

    /**
     * @param socket a socket whose handshake has ended (or failed)
     * @return what the key manager saw for it, and forgets it
     */
    ClientAuth takeClientAuth(Socket socket) {
        Boolean sent = asked.remove(socket);
        return new ClientAuth(sent != null, Boolean.TRUE.equals(sent));
    }

    /**
     * Logs a WARNING when the first-expiring certificate is within {@link #EXPIRY_WARNING} of its end
     * (or past it): at the first call and then at most once a day.
     *
     * @param now the wall clock
     */
    void warnIfExpiring(Instant now) {
        if (expiry == null || now.isBefore(expiry.notAfter().minus(EXPIRY_WARNING))) {
            return;
        }
        long t = System.nanoTime();
        if (warned && t - lastWarnedNanos < Duration.ofDays(1).toNanos()) {
            return;
        }
        warned = true;
        lastWarnedNanos = t;
        long days = Duration.between(now, expiry.notAfter()).toDays();
        System.getLogger("io.conpool").log(System.Logger.Level.WARNING, "conpool: TLS " + expiry
                + (now.isAfter(expiry.notAfter()) ? " has EXPIRED" : " expires in " + days + " day" + (days == 1 ? "" : "s"))
                + " (material: " + spec + "): renew it, replace the file and call reloadTls (JMX operation"
                + " reloadTls on the pool's MBean)");
    }

    @Override
    public String toString() {
        return trustText + "; " + keyText + (expiry == null ? "" : "; first to expire: " + expiry) + "; loaded "
                + loadedAt;
    }

    // ------------------------------------------------------------------ managers

    /** A key manager that records, per socket, that the server asked for a certificate and whether one was chosen. */
    private static final class ObservingKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final java.util.function.Consumer<Socket> askedNone;
        private final java.util.function.Consumer<Socket> askedSent;

        ObservingKeyManager(X509ExtendedKeyManager delegate, java.util.function.Consumer<Socket> askedNone,
                            java.util.function.Consumer<Socket> askedSent) {
            this.delegate = delegate;
            this.askedNone = askedNone;
            this.askedSent = askedSent;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            // issuers ignored: the configured key is presented whatever CAs the server names
            String alias = delegate == null ? null : delegate.chooseClientAlias(keyType, null, socket);
            if (socket != null) {
                if (alias != null) {
                    askedSent.accept(socket);
                } else {
                    askedNone.accept(socket); // may be called once per key type: "sent" wins below
                }
            }
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return delegate == null ? null : delegate.chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }
    }

    /** Delegates to the PKIX trust manager and, on refusal, says why in terms of our settings. */
    private static final class ExplainingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final String trustText;

        ExplainingTrustManager(X509ExtendedTrustManager delegate, String trustText) {
            this.delegate = delegate;
            this.trustText = trustText;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw TlsRefusal.explain(e, chain, socket, trustText);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw TlsRefusal.explain(e, chain, null, trustText);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw TlsRefusal.explain(e, chain, null, trustText);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("conpool is a client: it does not accept client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("conpool is a client: it does not accept client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("conpool is a client: it does not accept client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    static String describe(X509Certificate c) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    names.add((Integer.valueOf(2).equals(type) ? "dns:" : Integer.valueOf(7).equals(type) ? "ip:" : "")
                            + san.get(1));
                }
            }
        } catch (CertificateException e) {
            names.add("?");
        }
        return "'" + c.getSubjectX500Principal().getName() + "' issued by '" + c.getIssuerX500Principal().getName()
                + "', valid until " + c.getNotAfter().toInstant() + ", names " + names;
    }
}
