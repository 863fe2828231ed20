package io.conpool.internal;

import io.conpool.Endpoint;
import io.conpool.InvalidConfigException;
import io.conpool.PoolConfig;
import io.conpool.TlsHandshakeException;
import io.conpool.TlsHandshakeException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * One pool's TLS material, read once per distinct set of TLS settings and shared by every endpoint
 * that uses it; {@link #reload()} reads every file again for the connections opened afterwards
 * (open ones keep the session they have). Also turns a failed handshake into a
 * {@link TlsHandshakeException} that says which case it is and what to change.
 */
public final class TlsContexts {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final String poolName;
    private final ConcurrentHashMap<TlsMaterial.Spec, TlsMaterial> loaded = new ConcurrentHashMap<>();
    private final Set<Endpoint> warnedOptionalClientAuth = ConcurrentHashMap.newKeySet();
    private final Object reloadLock = new Object();

    TlsContexts(String poolName) {
        this.poolName = poolName;
    }

    /**
     * @param cfg a configuration
     * @return its material (read now if this is the first use of those settings), or null when it
     *         names no file (the JVM default context, or the configured {@code sslContext}, applies)
     * @throws InvalidConfigException for a missing file, wrong password, unknown alias, ...
     */
    TlsMaterial material(PoolConfig cfg) {
        if (cfg.sslContext() != null) {
            return null;
        }
        TlsMaterial.Spec spec = TlsMaterial.Spec.of(cfg);
        if (spec == null) {
            return null;
        }
        TlsMaterial m = loaded.get(spec);
        if (m != null) {
            return m;
        }
        synchronized (reloadLock) { // file I/O, but only on first use of a configuration, never on a pool lock
            m = loaded.get(spec);
            if (m == null) {
                m = TlsMaterial.load(spec);
                loaded.put(spec, m);
                LOG.log(System.Logger.Level.INFO, "conpool: pool '" + poolName + "' TLS material loaded: " + m);
                m.warnIfExpiring(java.time.Instant.now());
            }
            return m;
        }
    }

    /**
     * Reads the TLS files a configuration names, to check them, and keeps nothing.
     *
     * @param cfg a configuration
     * @throws InvalidConfigException for a missing file, wrong password, unknown alias, ...
     */
    public static void check(PoolConfig cfg) {
        TlsMaterial.Spec spec = cfg.sslContext() != null ? null : TlsMaterial.Spec.of(cfg);
        if (spec != null) {
            TlsMaterial.load(spec);
        }
    }

    /**
     * Reads the files a configuration names, if not read yet (the pool does it when it is built or
     * configured, so that a bad file fails there and not at the first connection).
     *
     * @param cfg a configuration
     * @throws InvalidConfigException for a missing file, wrong password, unknown alias, ...
     */
    public void prepare(PoolConfig cfg) {
        material(cfg);
    }

    /**
     * @param cfg a configuration in use
     * @return when the first certificate of its material expires (client chain or trusted CA), if it has files
     */
    public java.util.Optional<java.time.Instant> expiry(PoolConfig cfg) {
        TlsMaterial m = peek(cfg);
        return m == null || m.expiry() == null ? java.util.Optional.empty() : java.util.Optional.of(m.expiry().notAfter());
    }

    /**
     * @param cfg a configuration in use
     * @return where its trust and client certificate come from and what expires first, without secrets
     */
    public String describe(PoolConfig cfg) {
        if (cfg.sslContext() != null) {
            return "sslContext supplied by the application";
        }
        TlsMaterial m = peek(cfg);
        return m == null ? "JVM default trust, no client certificate" : m.toString();
    }

    /**
     * Reads every file in use again. All or nothing: when any file fails, nothing is replaced and
     * the error names it; the material in use stays.
     *
     * @return one line per material now in use
     * @throws InvalidConfigException naming the first file that failed
     */
    public List<String> reload() {
        synchronized (reloadLock) {
            Map<TlsMaterial.Spec, TlsMaterial> fresh = new LinkedHashMap<>();
            for (TlsMaterial.Spec spec : loaded.keySet()) {
                try {
                    fresh.put(spec, TlsMaterial.load(spec));
                } catch (InvalidConfigException e) {
                    LOG.log(System.Logger.Level.WARNING, "conpool: pool '" + poolName + "' reloadTls refused, the"
                            + " material in use stays: " + e.getMessage());
                    throw new InvalidConfigException(e.setting(), e.getMessage()
                            + " (reloadTls: nothing was replaced; the material in use stays)");
                }
            }
            loaded.putAll(fresh);
            List<String> out = new ArrayList<>();
            for (TlsMaterial m : fresh.values()) {
                out.add(m.toString());
                LOG.log(System.Logger.Level.INFO, "conpool: pool '" + poolName + "' TLS material reloaded for new"
                        + " connections (open ones drain at their own pace): " + m);
                m.warnIfExpiring(java.time.Instant.now());
            }
            return out;
        }
    }

    /**
     * @param cfg a configuration already in use
     * @return its loaded material, without reading anything, or null
     */
    TlsMaterial peek(PoolConfig cfg) {
        TlsMaterial.Spec spec = cfg.sslContext() != null ? null : TlsMaterial.Spec.of(cfg);
        return spec == null ? null : loaded.get(spec);
    }

    /** Tells once per endpoint that the server asked for a client certificate that is not configured. */
    void warnOptionalClientAuth(Endpoint endpoint) {
        if (warnedOptionalClientAuth.add(endpoint)) {
            LOG.log(System.Logger.Level.WARNING, "conpool: " + endpoint + " in pool '" + poolName + "' asks for a"
                    + " client certificate and none is configured (tlsKeyStore); it accepted the connection without"
                    + " one. Every new connection waits briefly for a refusal: set tlsKeyStore if the server expects one");
        }
    }

    /**
     * @param endpoint where the handshake failed
     * @param attempts attempts made
     * @param e        the JSSE error
     * @param cfg      the endpoint's configuration
     * @param auth     what the key manager saw (null if unknown)
     * @return the failure, with the case and what to change
     */
    TlsHandshakeException diagnose(Endpoint endpoint, int attempts, SSLException e, PoolConfig cfg,
                                   TlsMaterial.ClientAuth auth) {
        TlsMaterial m = peek(cfg);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TlsRefusal) {
                return new TlsHandshakeException(endpoint, attempts, ((TlsRefusal) t).reason(), t.getMessage(), e);
            }
        }
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && all.length() < 2000; t = t.getCause()) {
            all.append(t.getMessage()).append("; ");
        }
        String msg = all.toString();
        String offered = "we offered " + cfg.tlsProtocols() + (cfg.tlsCipherSuites().isEmpty() ? " with the JVM's"
                + " default cipher suites" : " with cipher suites " + cfg.tlsCipherSuites());
        boolean askedNone = auth != null && auth.asked() && !auth.sent();
        boolean sent = auth != null && auth.sent();
        // once the server asked for a certificate, version and suite were agreed: a failure now is about the certificate
        if (msg.contains("certificate_required") || askedNone) {
            return new TlsHandshakeException(endpoint, attempts, Reason.CLIENT_CERTIFICATE_MISSING,
                    "the server requires a client certificate and none was sent (" + (m == null || !m.hasKey()
                    ? "tlsKeyStore is not set" : "the key in tlsKeyStore does not fit what the server asked for")
                    + "): set tlsKeyStore, tlsKeyStorePassword (and tlsKeyAlias) to a certificate the server's CA issued", e);
        }
        if (sent && (msg.contains("bad_certificate") || msg.contains("certificate_unknown") || msg.contains("unknown_ca")
                || msg.contains("certificate_expired") || msg.contains("certificate_revoked")
                || msg.contains("unsupported_certificate") || msg.contains("access_denied")
                || msg.contains("readHandshakeRecord") || msg.contains("reset") || msg.contains("closed"))) {
            return new TlsHandshakeException(endpoint, attempts, Reason.CLIENT_CERTIFICATE_REJECTED,
                    "the server refused our client certificate (" + (m == null ? "?" : m.keyText()) + "): " + msg
                    + ": it must be issued by a CA the server trusts, be valid now, and allow client authentication", e);
        }
        if (msg.contains("protocol_version") || msg.contains("No appropriate protocol")
                || msg.contains("not accepted by client preferences") || msg.contains("insufficient_security")
                || msg.contains("handshake_failure") || msg.contains("no cipher suites in common")
                || msg.contains("not enabled or supported")) {
            return new TlsHandshakeException(endpoint, attempts, Reason.PROTOCOL_OR_CIPHER_MISMATCH,
                    "the server accepts none of the TLS versions or cipher suites offered (" + offered + "; server said: "
                    + msg + "): allow a version and suite the server supports in tlsProtocols / tlsCipherSuites,"
                    + " or update the server (only TLSv1.2 and TLSv1.3 are ever offered)", e);
        }
        if (msg.contains("PKIX") || msg.contains("unable to find valid certification path")) {
            return new TlsHandshakeException(endpoint, attempts, Reason.UNTRUSTED_CERTIFICATE,
                    "the server's certificate is not trusted by " + (m == null ? (cfg.sslContext() != null
                    ? "the configured sslContext" : "the JVM's default trust") : m.trustText())
                    + ": set tlsTrustStore to a store holding the CA that issued it (" + msg + ")", e);
        }
        if (msg.contains("No subject alternative") || msg.contains("No name matching")) {
            return new TlsHandshakeException(endpoint, attempts, Reason.HOST_NAME_MISMATCH,
                    "the server's certificate does not name '" + endpoint.host() + "' (" + msg + "): connect by a name"
                    + " the certificate holds, or have it reissued. Host name verification stays on", e);
        }
        return new TlsHandshakeException(endpoint, attempts, Reason.OTHER, msg + " (" + offered + "; trust: "
                + (m == null ? "JVM default or sslContext" : m.trustText()) + ")", e);
    }
}
