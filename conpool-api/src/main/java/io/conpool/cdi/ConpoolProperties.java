package io.conpool.cdi;

import io.conpool.Endpoint;
import io.conpool.InvalidConfigException;
import io.conpool.InvalidEndpointException;
import io.conpool.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The pool and endpoints described by {@code conpool.*} properties, read by the CDI extension.
 *
 * <pre>
 * conpool.poolName=conpool                  # pool name (logs, threads, JMX); default conpool
 * conpool.protocol=raw                      # protocol handler name; default raw
 * conpool.jmx=true                          # register MBeans in the platform MBeanServer; default true
 * conpool.&lt;setting&gt;=&lt;value&gt;               # any PoolConfig setting, for the whole pool
 * conpool.&lt;protocol&gt;.&lt;setting&gt;=&lt;value&gt;    # a setting of the protocol handler, e.g. conpool.http2.maxConcurrentStreams=50
 * conpool.endpoint.&lt;name&gt;.host=127.0.0.1     # required per endpoint
 * conpool.endpoint.&lt;name&gt;.port=8080          # required per endpoint
 * conpool.endpoint.&lt;name&gt;.tls=false          # optional, default false
 * conpool.endpoint.&lt;name&gt;.&lt;setting&gt;=&lt;value&gt; # any PoolConfig setting, for that endpoint only
 * </pre>
 *
 * <p>The setting names are those of {@link PoolConfig#settingNames()} ({@code maxConnectionsPerEndpoint},
 * {@code acquireTimeout=5s}, ...). Values come from every {@code META-INF/conpool.properties} on
 * the class path, then from system properties starting with {@code conpool.}, which win.
 *
 * @param poolName  the pool's name
 * @param protocol  the protocol handler's name
 * @param jmx       whether to register MBeans
 * @param poolConfig the pool-wide configuration
 * @param endpoints per endpoint name, its endpoint and configuration, in name order
 * @param handlerSettings the protocol handler's settings ({@code conpool.<protocol>.<name>}), by
 *                  name without prefix; checked against the handler's own list when it is created
 *                  ({@link io.conpool.spi.ProtocolHandlers#create})
 */
public record ConpoolProperties(String poolName, String protocol, boolean jmx, PoolConfig poolConfig,
                                Map<String, EndpointSettings> endpoints, Map<String, String> handlerSettings) {

    /**
     * Settings without handler settings (the form before handlers took settings).
     *
     * @param poolName   the pool's name
     * @param protocol   the protocol handler's name
     * @param jmx        whether to register MBeans
     * @param poolConfig the pool-wide configuration
     * @param endpoints  per endpoint name, its endpoint and configuration
     */
    public ConpoolProperties(String poolName, String protocol, boolean jmx, PoolConfig poolConfig,
                             Map<String, EndpointSettings> endpoints) {
        this(poolName, protocol, jmx, poolConfig, endpoints, Map.of());
    }

    /** The prefix of every key. */
    public static final String PREFIX = "conpool.";
    /** The prefix of per-endpoint keys. */
    public static final String ENDPOINT_PREFIX = PREFIX + "endpoint.";
    /** The resource read from the class path. */
    public static final String RESOURCE = "META-INF/conpool.properties";

    /**
     * One configured endpoint.
     *
     * @param name     its name, the {@link PoolEndpoint} value
     * @param endpoint where it connects
     * @param config   its configuration (the pool's, with its own settings on top)
     */
    public record EndpointSettings(String name, Endpoint endpoint, PoolConfig config) {
    }

    /**
     * Reads the class path resources of {@code loader} and the system properties.
     *
     * @param loader where to find {@code META-INF/conpool.properties}; may be null
     * @return the settings
     * @throws InvalidConfigException if a resource cannot be read or a setting is invalid
     */
    public static ConpoolProperties load(ClassLoader loader) {
        Properties merged = new Properties();
        if (loader != null) {
            Enumeration<URL> urls;
            try {
                urls = loader.getResources(RESOURCE);
            } catch (IOException e) {
                throw new InvalidConfigException(RESOURCE, "Invalid config: cannot list " + RESOURCE + ": " + e);
            }
            for (URL url : Collections.list(urls)) {
                try (InputStream in = url.openStream()) {
                    Properties p = new Properties();
                    p.load(in);
                    merged.putAll(p);
                } catch (IOException e) {
                    throw new InvalidConfigException(RESOURCE, "Invalid config: cannot read " + url + ": " + e);
                }
            }
        }
        Properties system = System.getProperties();
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                merged.setProperty(key, system.getProperty(key));
            }
        }
        return parse(merged);
    }

    /**
     * Parses properties laid out as described above.
     *
     * @param properties the properties; keys not starting with {@code conpool.} are ignored
     * @return the settings
     * @throws InvalidConfigException naming the offending key and value
     */
    public static ConpoolProperties parse(Properties properties) {
        Map<String, String> pool = new LinkedHashMap<>();
        Map<String, Map<String, String>> perEndpoint = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(ENDPOINT_PREFIX)) {
                String rest = key.substring(ENDPOINT_PREFIX.length());
                int dot = rest.lastIndexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw new InvalidConfigException(key, "Invalid config: '" + key
                            + "' is not of the form conpool.endpoint.<name>.<setting>");
                }
                perEndpoint.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), properties.getProperty(key).strip());
            } else if (key.startsWith(PREFIX)) {
                pool.put(key.substring(PREFIX.length()), properties.getProperty(key).strip());
            }
        }
        String poolName = orDefault(pool.remove("poolName"), "conpool");
        String protocol = orDefault(pool.remove("protocol"), "raw");
        boolean jmx = parseBoolean("conpool.jmx", orDefault(pool.remove("jmx"), "true"));
        Map<String, String> handlerSettings = new LinkedHashMap<>();
        String handlerPrefix = protocol.strip().toLowerCase(java.util.Locale.ROOT) + ".";
        for (String key : List.copyOf(pool.keySet())) {
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith(handlerPrefix)) {
                handlerSettings.put(key.substring(handlerPrefix.length()), pool.remove(key));
            }
        }
        PoolConfig poolConfig = PoolConfig.builder().apply(prefixed(pool), PREFIX).build();

        Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
        Map<Endpoint, String> seen = new LinkedHashMap<>();
        perEndpoint.forEach((name, settings) -> {
            String keyPrefix = ENDPOINT_PREFIX + name + ".";
            String host = settings.remove("host");
            String portText = settings.remove("port");
            boolean tls = parseBoolean(keyPrefix + "tls", orDefault(settings.remove("tls"), "false"));
            if (host == null || host.isEmpty()) {
                throw new InvalidConfigException(keyPrefix + "host", "Invalid config: endpoint '" + name
                        + "' has no host: set " + keyPrefix + "host");
            }
            if (portText == null || portText.isEmpty()) {
                throw new InvalidConfigException(keyPrefix + "port", "Invalid config: endpoint '" + name
                        + "' has no port: set " + keyPrefix + "port");
            }
            Endpoint endpoint;
            try {
                endpoint = new Endpoint(host, Integer.parseInt(portText), tls);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(keyPrefix + "port", "Invalid config: " + keyPrefix + "port = '"
                        + portText + "' is not a number");
            } catch (InvalidEndpointException e) {
                throw new InvalidConfigException(keyPrefix + "host", "Invalid config: endpoint '" + name + "': " + e.getMessage());
            }
            String other = seen.putIfAbsent(endpoint, name);
            if (other != null) {
                throw new InvalidConfigException(keyPrefix + "host", "Invalid config: endpoints '" + other + "' and '"
                        + name + "' both point to " + endpoint + ": define each host:port once");
            }
            Map<String, String> own = new LinkedHashMap<>();
            settings.forEach((k, v) -> own.put(keyPrefix + k, v));
            PoolConfig config = settings.isEmpty() ? poolConfig
                    : poolConfig.toBuilder().apply(own, keyPrefix).build();
            endpoints.put(name, new EndpointSettings(name, endpoint, config));
        });
        return new ConpoolProperties(poolName, protocol, jmx, poolConfig, Collections.unmodifiableMap(endpoints),
                Collections.unmodifiableMap(handlerSettings));
    }

    private static Map<String, String> prefixed(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(PREFIX + k, v));
        return out;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static boolean parseBoolean(String key, String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidConfigException(key, "Invalid config: " + key + " = '" + text + "' must be true or false");
    }
}
