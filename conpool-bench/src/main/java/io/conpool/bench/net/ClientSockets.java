package io.conpool.bench.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens client connections the way conpool's connector does (TCP_NODELAY, SO_KEEPALIVE; for TLS:
 * TLS 1.3/1.2, hostname verification on, handshake before use), so the baselines that do without a
 * pool pay the same per-connection cost.
 */
public final class ClientSockets {
    private ClientSockets() {
    }

    /**
     * @param host    server host (an IP literal here)
     * @param port    server port
     * @param tls     client context for TLS, or null for plain TCP
     * @return a connected (and for TLS, handshaken) socket
     * @throws IOException if connecting or the handshake fails
     */
    public static Socket open(String host, int port, SSLContext tls) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), 10_000);
            if (tls == null) {
                return s;
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
