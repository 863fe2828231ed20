package io.conpool.testing;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS server that speaks only TLS 1.1, run in its own JVM (started with a security properties
 * file that re-enables TLS 1.1, which the JDK disables by default). It checks itself with a TLS 1.1
 * client, prints {@code READY <port> <protocol>}, then accepts handshakes until its stdin closes.
 * Arguments: keystore path, keystore password.
 */
public final class Tls11Server {
    private Tls11Server() {
    }

    /**
     * Runs the server until stdin closes.
     *
     * @param args the PKCS12 keystore path and its password
     * @throws Exception if the keystore cannot be loaded or the server cannot listen
     */
    public static void main(String[] args) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[0])) {
            ks.load(in, args[1].toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, args[1].toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.1"});
        Thread acceptor = new Thread(() -> {
            while (true) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                } catch (Exception e) {
                    // a client that refuses TLS 1.1 fails here, as it should
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        System.out.println("READY " + server.getLocalPort() + " " + selfCheck(server.getLocalPort()));
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our stdin
        }
        System.exit(0);
    }

    private static String selfCheck(int port) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket c = (SSLSocket) trustAll.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            c.setEnabledProtocols(new String[] {"TLSv1.1"});
            c.startHandshake();
            String protocol = c.getSession().getProtocol();
            c.getInputStream().read();
            return protocol;
        }
    }
}
