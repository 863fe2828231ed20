package io.conpool.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loopback server speaks the benchmark protocol over plain TCP and over TLS with a keytool certificate. */
@Timeout(60)
class LoopbackTlsTest {

    @Test
    void plainExchangeAndServerCloseOnRequest() throws Exception {
        try (LoopbackServer server = LoopbackServer.plain();
             Socket s = ClientSockets.open(server.host(), server.port(), null)) {
            byte[] response = new byte[Wire.RESPONSE_BYTES];
            Wire.exchange(s.getInputStream(), s.getOutputStream(), Wire.request(false), response);
            Wire.exchange(s.getInputStream(), s.getOutputStream(), Wire.request(true), response);
            assertEquals(-1, s.getInputStream().read(), "the server closes after a CLOSE request");
            assertEquals(1, server.awaitAccepted(1, 5_000));
        }
    }

    @Test
    void tlsWithGeneratedCertificateThroughConpool() throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate();
        try (LoopbackServer server = LoopbackServer.tls(tls.serverContext())) {
            try (Socket s = ClientSockets.open(server.host(), server.port(), tls.clientContext())) {
                assertTrue(s instanceof SSLSocket);
                Wire.exchange(s.getInputStream(), s.getOutputStream(), Wire.request(false), new byte[Wire.RESPONSE_BYTES]);
            }
            Endpoint ep = Endpoint.tls(server.host(), server.port());
            try (ConnectionPool<Transport> pool = ConnectionPool.create(PoolConfig.builder()
                    .sslContext(tls.clientContext()).build())) {
                for (int i = 0; i < 3; i++) {
                    try (Lease<Transport> lease = pool.acquire(ep)) {
                        Transport t = lease.connection();
                        Wire.exchange(t.input(), t.output(), Wire.request(false), new byte[Wire.RESPONSE_BYTES]);
                    }
                }
                assertEquals(1, pool.stats(ep).totalCreated(), "the pool reuses its TLS connection");
            }
            assertEquals(2, server.awaitAccepted(2, 5_000));
        }
    }
}
