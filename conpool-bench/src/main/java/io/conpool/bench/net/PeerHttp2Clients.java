package io.conpool.bench.net;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP/2 clients a user would pick instead of conpool's {@code http2} handler, for scenario 5:
 * Jetty 12's {@code HttpClient} over its HTTP/2 transport (h2c with prior knowledge, or h2 with ALPN)
 * and the JDK's {@link HttpClient} with {@link HttpClient.Version#HTTP_2} (TLS only: over plain text it
 * would send HTTP/1.1 with {@code Upgrade: h2c}). Each is used as its documentation shows: one client
 * object shared by all threads, a blocking send per request; both keep one connection per server
 * until its stream limit is reached.
 */
public final class PeerHttp2Clients {
    private PeerHttp2Clients() {
    }

    /** One POST with a body, answered with a body; shared by all benchmark threads. */
    public interface Client extends AutoCloseable {
        /**
         * @param body the request body
         * @return the response body length
         * @throws IOException if the exchange failed, the status was not 200, or the response was not HTTP/2
         */
        int post(byte[] body) throws IOException;

        /** Stops the client and closes its connections. */
        @Override
        void close();
    }

    /**
     * @param host      the server host (an IP literal)
     * @param port      the server port
     * @param path      the request path
     * @param clientTls the client TLS context (trusting the server's certificate), or null for h2c
     * @return a started Jetty {@code HttpClient} over HTTP/2
     * @throws IOException if it cannot start
     */
    public static Client jetty(String host, int port, String path, SSLContext clientTls) throws IOException {
        ClientConnector connector = new ClientConnector();
        if (clientTls != null) {
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            ssl.setSslContext(clientTls);
            connector.setSslContextFactory(ssl);
        }
        HTTP2Client http2 = new HTTP2Client(connector);
        http2.setUseALPN(clientTls != null);
        HttpClientTransportOverHTTP2 transport = new HttpClientTransportOverHTTP2(http2);
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient(transport);
        try {
            client.start();
        } catch (Exception e) {
            throw new IOException("could not start Jetty's HTTP/2 client: " + e, e);
        }
        URI uri = URI.create((clientTls != null ? "https://" : "http://") + host + ":" + port + path);
        return new Client() {
            @Override
            public int post(byte[] body) throws IOException {
                ContentResponse r;
                try {
                    r = client.POST(uri).body(new BytesRequestContent("application/octet-stream", body))
                            .timeout(30, TimeUnit.SECONDS).send();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("Jetty HTTP/2 request failed: " + e, e);
                }
                if (r.getStatus() != 200 || r.getVersion() != HttpVersion.HTTP_2) {
                    throw new IOException("expected 200 over HTTP/2, got " + r.getStatus() + " over " + r.getVersion());
                }
                return r.getContent().length;
            }

            @Override
            public void close() {
                try {
                    client.stop();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
        };
    }

    /**
     * @param host      the server host (an IP literal)
     * @param port      the server port
     * @param path      the request path
     * @param clientTls the client TLS context (trusting the server's certificate); required
     * @return the JDK's {@link HttpClient} asking for HTTP/2 (negotiated with ALPN)
     * @throws IllegalArgumentException if {@code clientTls} is null: the JDK client cannot speak h2c with prior knowledge
     */
    public static Client jdk(String host, int port, String path, SSLContext clientTls) {
        if (clientTls == null) {
            throw new IllegalArgumentException("the JDK HttpClient cannot speak h2c with prior knowledge (it sends"
                    + " HTTP/1.1 with Upgrade: h2c); run it over TLS only");
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(clientTls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create("https://" + host + ":" + port + path);
        return new Client() {
            @Override
            public int post(byte[] body) throws IOException {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<byte[]> r;
                try {
                    r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                if (r.statusCode() != 200 || r.version() != HttpClient.Version.HTTP_2) {
                    throw new IOException("expected 200 over HTTP_2, got " + r.statusCode() + " over " + r.version());
                }
                return r.body().length;
            }

            @Override
            public void close() {
                // java.net.http.HttpClient has no close() before Java 21; its connections go with the client
            }
        };
    }
}
