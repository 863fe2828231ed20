package io.conpool;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The checks of the TLS settings that need no file: formats, combinations, protocol versions and
 * cipher suite names. Loading the files is the pool's job (when it is built or configured), so that
 * a missing file or a wrong password fails there, with the file named.
 */
final class TlsChecks {
    /** The TLS versions a pool may offer: nothing older (TLS 1.1 and below are broken or deprecated). */
    static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final Set<String> TYPES = Set.of("AUTO", "PKCS12", "JKS", "PEM");
    /** Name parts of suites that give no or weak protection; never offered even if asked for. */
    private static final List<String> WEAK = List.of("_NULL_", "_anon_", "_EXPORT_", "_DES_", "_DES40_", "_3DES_",
            "_RC4_", "_MD5", "_SCSV");

    private TlsChecks() {
    }

    /** @return the comma- or blank-separated items of a list setting, without empty ones */
    static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("[,\\s]+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return List.copyOf(out);
    }

    static void check(Object[] v) {
        type(PoolConfig.TLS_TRUST_STORE_TYPE, v);
        type(PoolConfig.TLS_KEY_STORE_TYPE, v);
        needs(PoolConfig.TLS_TRUST_STORE_PASSWORD, PoolConfig.TLS_TRUST_STORE, v);
        needs(PoolConfig.TLS_KEY_STORE_PASSWORD, PoolConfig.TLS_KEY_STORE, v);
        needs(PoolConfig.TLS_KEY_ALIAS, PoolConfig.TLS_KEY_STORE, v);
        List<String> protocols = list(text(PoolConfig.TLS_PROTOCOLS, v));
        if (protocols.isEmpty()) {
            throw new InvalidConfigException("tlsProtocols", "Invalid config: tlsProtocols is empty: allowed "
                    + ALLOWED_PROTOCOLS + " (comma-separated)");
        }
        for (String p : protocols) {
            if (!ALLOWED_PROTOCOLS.contains(p)) {
                throw new InvalidConfigException("tlsProtocols", "Invalid config: tlsProtocols = '"
                        + text(PoolConfig.TLS_PROTOCOLS, v) + "' contains '" + p + "': allowed are only "
                        + ALLOWED_PROTOCOLS + " (older versions are insecure and not offered)");
            }
        }
        List<String> suites = list(text(PoolConfig.TLS_CIPHER_SUITES, v));
        if (!suites.isEmpty()) {
            checkSuites(suites, protocols);
        }
    }

    private static void checkSuites(List<String> suites, List<String> protocols) {
        List<String> supported;
        try {
            supported = Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default SSLContext", e);
        }
        boolean any13 = false;
        boolean any12 = false;
        for (String s : suites) {
            for (String w : WEAK) {
                if (s.toUpperCase(Locale.ROOT).contains(w.toUpperCase(Locale.ROOT))) {
                    throw new InvalidConfigException("tlsCipherSuites", "Invalid config: tlsCipherSuites contains '" + s
                            + "', a weak suite (" + w.replace("_", "") + "): it is never offered; use e.g."
                            + " TLS_AES_128_GCM_SHA256 (TLS 1.3) or TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (TLS 1.2)");
                }
            }
            if (!supported.contains(s)) {
                String near = Settings.nearest(s, supported);
                throw new InvalidConfigException("tlsCipherSuites", "Invalid config: tlsCipherSuites contains '" + s
                        + "', which this JVM does not know" + (near == null ? "" : "; did you mean '" + near + "'?")
                        + " (write JSSE names, comma-separated)");
            }
            boolean is13 = s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_");
            any13 |= is13;
            any12 |= !is13;
        }
        if ((protocols.contains("TLSv1.3") && any13) || (protocols.contains("TLSv1.2") && any12)) {
            return;
        }
        throw new InvalidConfigException("tlsCipherSuites", "Invalid config: no suite of tlsCipherSuites " + suites
                + " works with tlsProtocols " + protocols + ": TLS 1.3 suites start with TLS_AES_ or TLS_CHACHA20_,"
                + " TLS 1.2 suites with TLS_ECDHE_ or TLS_DHE_");
    }

    private static void type(Setting<String> s, Object[] v) {
        String t = text(s, v);
        if (!TYPES.contains(t.strip().toUpperCase(Locale.ROOT))) {
            throw new InvalidConfigException(s.name(), "Invalid config: " + s.name() + " = '" + t
                    + "' is not a store format: allowed PKCS12, JKS, PEM or auto");
        }
    }

    private static void needs(Setting<String> s, Setting<String> store, Object[] v) {
        if (!text(s, v).isEmpty() && text(store, v).isBlank()) {
            throw new InvalidConfigException(s.name(), "Invalid config: " + s.name() + " is set but " + store.name()
                    + " is not: set " + store.name() + " to the file it belongs to, or clear " + s.name());
        }
    }

    private static String text(Setting<String> s, Object[] v) {
        return (String) v[s.index()];
    }
}
