package io.conpool;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses to try, in order. The pool asks for every new connection,
 * so DNS changes are followed; every address returned is tried until one connects.
 */
@FunctionalInterface
public interface HostResolver {

    /** The JDK resolver, {@link InetAddress#getAllByName(String)} (subject to the JVM's DNS cache). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param host the endpoint's host: a DNS name or an IP literal
     * @return the addresses to try, in order; never empty
     * @throws UnknownHostException if the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
