package io.conpool.internal;

import io.conpool.TlsHandshakeException.Reason;
import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLSocket;

/**
 * Our trust manager's refusal of a server certificate: the JSSE error as cause, plus which case it
 * is (untrusted, or another host name) and a message in terms of the pool's settings.
 */
final class TlsRefusal extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    private TlsRefusal(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }

    static TlsRefusal explain(CertificateException e, X509Certificate[] chain, Socket socket, String trustText) {
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        String presented = leaf == null ? "no certificate" : TlsMaterial.describe(leaf);
        if (isPathFailure(e)) {
            Instant now = Instant.now();
            for (X509Certificate c : chain) {
                if (c.getNotAfter().toInstant().isBefore(now)) {
                    return new TlsRefusal(Reason.UNTRUSTED_CERTIFICATE, "the server's certificate chain has expired: "
                            + TlsMaterial.describe(c) + ": the server must renew its certificate", e);
                }
            }
            String issuer = leaf == null ? "?" : chain[chain.length - 1].getIssuerX500Principal().getName();
            return new TlsRefusal(Reason.UNTRUSTED_CERTIFICATE, "the server presented " + presented
                    + ", which does not chain to a CA in " + trustText + ": put the CA certificate '" + issuer
                    + "' in the trust store and set tlsTrustStore to it (then reloadTls, or redeploy)", e);
        }
        String host = socket instanceof SSLSocket && ((SSLSocket) socket).getHandshakeSession() != null
                ? ((SSLSocket) socket).getHandshakeSession().getPeerHost() : "the endpoint's host";
        String m = String.valueOf(e.getMessage());
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return new TlsRefusal(Reason.HOST_NAME_MISMATCH, "the server's certificate is trusted but does not name '"
                    + host + "': it is " + presented + "; connect by one of those names (config 'host'), or have the"
                    + " certificate reissued with this name. Host name verification stays on", e);
        }
        return new TlsRefusal(Reason.UNTRUSTED_CERTIFICATE, "the server's certificate " + presented
                + " was refused (" + m + "); trust comes from " + trustText, e);
    }

    private static boolean isPathFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException || t instanceof CertPathBuilderException
                    || String.valueOf(t.getMessage()).contains("PKIX path")) {
                return true;
            }
        }
        return false;
    }
}
