package io.conpool.jmx;

import io.conpool.Endpoint;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The JMX names of conpool's MBeans (domain {@code io.conpool}). */
public final class ObjectNames {

    /** The JMX domain of every conpool MBean. */
    public static final String DOMAIN = "io.conpool";

    private ObjectNames() {
    }

    /**
     * @param poolName a pool name (letters, digits, {@code . _ -})
     * @return {@code io.conpool:type=Pool,name=<poolName>}
     * @throws IllegalArgumentException if the name makes no valid ObjectName
     */
    public static ObjectName pool(String poolName) {
        return name(DOMAIN + ":type=Pool,name=" + poolName);
    }

    /**
     * @param poolName a pool name
     * @param endpoint an endpoint
     * @return {@code io.conpool:type=EndpointPool,pool=<poolName>,endpoint="<host:port[/tls]>"}
     * @throws IllegalArgumentException if the name makes no valid ObjectName
     */
    public static ObjectName endpoint(String poolName, Endpoint endpoint) {
        return name(DOMAIN + ":type=EndpointPool,pool=" + poolName + ",endpoint=" + ObjectName.quote(endpoint.toString()));
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid JMX name: " + text + " (" + e.getMessage() + ")", e);
        }
    }
}
