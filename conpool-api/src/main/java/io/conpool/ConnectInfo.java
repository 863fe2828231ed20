package io.conpool;

import java.net.InetSocketAddress;

/**
 * What it took to open one connection, as reported to {@link ConnectionListener#connected}.
 *
 * @param durationNanos from the start of the first attempt (including name resolution and
 *                      retries) until the connection was set up, in nanoseconds
 * @param attempts      how many attempts it took, from 1
 * @param address       the address connected to
 * @param tlsProtocol   the negotiated TLS protocol (such as {@code TLSv1.3}), or {@code null} for plain TCP
 * @param cipherSuite   the negotiated cipher suite, or {@code null} for plain TCP
 */
public record ConnectInfo(long durationNanos, int attempts, InetSocketAddress address, String tlsProtocol,
                          String cipherSuite) {
}
