package io.conpool.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.Endpoint;
import io.conpool.PoolConfig;
import io.conpool.PoolConfigArgs;
import io.conpool.Setting;
import io.conpool.Settings;
import io.conpool.cdi.ConpoolProperties;
import io.conpool.http2.Http2Options;
import io.conpool.http2.Http2ProtocolHandler;
import io.conpool.jmx.ObjectNames;
import io.conpool.spi.ProtocolHandlers;
import io.conpool.testing.LineServer;
import io.conpool.testing.TestCa;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every setting is reachable from every surface, with the same name and grammar: the builder,
 * properties, command-line flags, CDI properties, the resource adapter's config-properties and (when
 * live-writable) JMX, and the README's settings table documents each with its default. The surfaces
 * are driven from the descriptor lists, so a setting added to a list and missed anywhere fails here.
 */
class EverySettingReachableTest {
    private final MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    private LineServer server;
    private ConpoolResourceAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        server = LineServer.echo();
        adapter = new ConpoolResourceAdapter();
        adapter.start(null);
    }

    @AfterEach
    void stop() throws Exception {
        adapter.stop();
        server.close();
    }

    /**
     * TLS settings need real files and the settings they belong with: a sample and its companions
     * (name, text pairs) for each.
     */
    static String[] tlsSample(Setting<?> s) throws Exception {
        TestCa ca = TestCa.shared();
        String pw = new String(ca.password());
        String keyStore = ca.clientPkcs12().toString();
        switch (s.name()) {
            case "tlsTrustStore": return new String[] {ca.trustPem().toString()};
            case "tlsTrustStoreType": return new String[] {"PKCS12", "tlsTrustStore", ca.trustPkcs12().toString(),
                    "tlsTrustStorePassword", pw};
            case "tlsTrustStorePassword": return new String[] {pw, "tlsTrustStore", ca.trustPkcs12().toString()};
            case "tlsKeyStore": return new String[] {keyStore, "tlsKeyStorePassword", pw};
            case "tlsKeyStoreType": return new String[] {"PKCS12", "tlsKeyStore", keyStore, "tlsKeyStorePassword", pw};
            case "tlsKeyStorePassword": return new String[] {pw, "tlsKeyStore", keyStore};
            case "tlsKeyAlias": return new String[] {TestCa.CLIENT_ALIAS, "tlsKeyStore", keyStore, "tlsKeyStorePassword", pw};
            case "tlsProtocols": return new String[] {"TLSv1.3"};
            case "tlsCipherSuites": return new String[] {"TLS_AES_256_GCM_SHA384"};
            default: return null;
        }
    }

    /** A valid value other than the default, so that reaching the pool is visible. */
    @SuppressWarnings("unchecked")
    static <T> T sample(Setting<T> s) throws Exception {
        if (tlsSample(s) != null) {
            return (T) tlsSample(s)[0];
        }
        Object d = s.defaultValue();
        Object v;
        if (d instanceof Duration) {
            Duration plus = ((Duration) d).plusMillis(1500);
            v = plus.compareTo((Duration) s.max()) <= 0 ? plus : ((Duration) d).minusMillis(1);
        } else if (d instanceof Integer) {
            int i = (Integer) d;
            v = i < (Integer) s.max() ? i + 1 : i - 1;
        } else if (d instanceof Long) {
            long l = (Long) d;
            v = l < (Long) s.max() ? l + 1 : l - 1;
        } else if (d instanceof Boolean) {
            v = !(Boolean) d;
        } else {
            v = d + "x";
        }
        return (T) v;
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static String capitalize(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private ConpoolManagedConnectionFactory definition(String poolName, String protocol) throws Exception {
        ConpoolManagedConnectionFactory f = new ConpoolManagedConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(server.port());
        f.setPoolName(poolName);
        f.setProtocol(protocol);
        f.setResourceAdapter(adapter);
        return f;
    }

    private static void setProperty(Object bean, String property, String value) throws Exception {
        Method setter = bean.getClass().getMethod("set" + capitalize(property), String.class);
        setter.invoke(bean, value);
    }

    @Test
    void everyPoolSettingReachesThePoolFromEverySurface() throws Exception {
        Endpoint ep = Endpoint.plain("127.0.0.1", server.port());
        int n = 0;
        for (Setting<?> raw : PoolConfig.SETTINGS.list()) {
            @SuppressWarnings("unchecked")
            Setting<Object> s = (Setting<Object>) raw;
            Object v = sample(s);
            String text = s.format(v);
            String why = s.name() + " = " + s.show(v);
            String[] tls = tlsSample(s);
            List<String> companions = tls == null ? List.of() : List.of(tls).subList(1, tls.length);
            assertNotEquals(s.defaultValue(), v, why);
            // builder, properties, flags
            PoolConfig.Builder builder = PoolConfig.builder();
            PoolConfig.Builder byName = PoolConfig.builder();
            Properties properties = new Properties();
            Properties cdiEndpoint = props("conpool.endpoint.a.host", "127.0.0.1", "conpool.endpoint.a.port", "7000");
            List<String> flags = new ArrayList<>();
            for (int i = 0; i < companions.size(); i += 2) {
                builder.set(companions.get(i), companions.get(i + 1));
                byName.set(companions.get(i), companions.get(i + 1));
                properties.setProperty("conpool." + companions.get(i), companions.get(i + 1));
                cdiEndpoint.setProperty("conpool.endpoint.a." + companions.get(i), companions.get(i + 1));
                flags.add(PoolConfig.SETTINGS.get(companions.get(i)).flag() + "=" + companions.get(i + 1));
            }
            properties.setProperty("conpool." + s.name(), text);
            cdiEndpoint.setProperty("conpool.endpoint.a." + s.name(), text);
            List<String> withFlag = new ArrayList<>(flags);
            withFlag.add(s.flag() + "=" + text);
            List<String> withSeparateFlag = new ArrayList<>(flags);
            withSeparateFlag.addAll(List.of(s.flag(), text));
            assertEquals(v, builder.set(s, v).build().get(s), "builder: " + why);
            assertEquals(v, byName.set(s.name(), text).build().get(s), "builder.set(name, text): " + why);
            assertEquals(v, PoolConfig.fromProperties(properties, "conpool.").get(s), "properties: " + why);
            assertEquals(v, PoolConfigArgs.parse(withFlag.toArray(String[]::new)).config().get(s), "flag: " + why);
            assertEquals(v, PoolConfigArgs.parse(withSeparateFlag.toArray(String[]::new)).config().get(s),
                    "flag with separate value: " + why);
            // CDI: pool-wide and, for endpoint settings, per endpoint
            assertEquals(v, ConpoolProperties.parse(properties).poolConfig().get(s), "CDI: " + why);
            if (s.scope() == Setting.Scope.ENDPOINT) {
                ConpoolProperties cdi = ConpoolProperties.parse(cdiEndpoint);
                assertEquals(v, cdi.endpoints().get("a").config().get(s), "CDI endpoint: " + why);
            }
            // resource adapter: a connection definition property of the same name
            String poolName = "reach-" + n++;
            ConpoolManagedConnectionFactory f = definition(poolName, "raw");
            for (int i = 0; i < companions.size(); i += 2) {
                setProperty(f, companions.get(i), companions.get(i + 1));
            }
            setProperty(f, s.name(), text);
            ConpoolConnectionFactory factory = (ConpoolConnectionFactory) f.createConnectionFactory();
            ConnectionPool<?> pool = adapter.openPool(poolName);
            assertEquals(v, (s.scope() == Setting.Scope.POOL ? pool.config() : pool.config(ep)).get(s), "RA: " + why);
            // JMX, for live-writable endpoint settings
            try (ConpoolConnection c = factory.getConnection()) {
                assertNotNull(c.endpoint()); // the endpoint pool and its MBean exist now
            }
            ObjectName bean = ObjectNames.endpoint(poolName, ep);
            String attribute = capitalize(s.name()) + (s.isDuration() ? "Text" : "");
            assertEquals(s.show(v), s.show(s.parse(String.valueOf(mbs.getAttribute(bean, attribute)))), "JMX read: " + why);
            if (s.isLiveWritable() && s.scope() == Setting.Scope.ENDPOINT) {
                Object back = s.defaultValue(); // the sample is in force; writing the default shows the write
                mbs.setAttribute(bean, new Attribute(attribute, s.isDuration() ? s.format(back) : back));
                assertEquals(back, pool.config(ep).get(s), "JMX write: " + s.name());
            } else {
                assertThrows(javax.management.AttributeNotFoundException.class,
                        () -> mbs.setAttribute(bean, new Attribute(attribute, text)), "JMX read-only: " + s.name());
            }
        }
    }

    @Test
    void everyHttp2SettingReachesTheHandlerFromEverySurface() throws Exception {
        int n = 0;
        for (Setting<?> raw : Http2Options.SETTINGS.list()) {
            @SuppressWarnings("unchecked")
            Setting<Object> s = (Setting<Object>) raw;
            Object v = sample(s);
            String text = s.format(v);
            String why = "http2." + s.name() + " = " + text;
            assertEquals(v, Http2Options.builder().set(s, v).build().get(s), "builder: " + why);
            assertEquals(v, Http2Options.fromProperties(props("conpool.http2." + s.name(), text), "conpool.http2.").get(s),
                    "properties: " + why);
            ConpoolProperties cdi = ConpoolProperties.parse(props("conpool.protocol", "http2",
                    "conpool.http2." + s.name(), text));
            Http2ProtocolHandler viaCdi = (Http2ProtocolHandler) ProtocolHandlers.create(cdi.protocol(), cdi.handlerSettings());
            assertEquals(v, viaCdi.options().get(s), "CDI: " + why);
            String poolName = "reach-h2-" + n++;
            ConpoolManagedConnectionFactory f = definition(poolName, "http2");
            setProperty(f, ConpoolManagedConnectionFactory.propertyName("http2." + s.name()), text);
            f.createConnectionFactory();
            Http2ProtocolHandler handler = (Http2ProtocolHandler) adapter.openPool(poolName).handler();
            assertEquals(v, handler.options().get(s), "RA: " + why);
        }
    }

    /** The config-properties are exactly the descriptor lists: String-typed, described by the setting's doc. */
    @Test
    void configPropertiesMatchTheDescriptorListsExactly() throws Exception {
        Set<String> expected = new LinkedHashSet<>(List.of("host", "port", "tls", "poolName", "protocol"));
        List<Setting<?>> all = new ArrayList<>(PoolConfig.SETTINGS.list());
        for (Setting<?> s : PoolConfig.SETTINGS.list()) {
            expected.add(s.name());
            assertProperty(ConpoolManagedConnectionFactory.class, s.name(), s);
        }
        for (Setting<?> s : Http2Options.SETTINGS.list()) {
            String property = ConpoolManagedConnectionFactory.propertyName("http2." + s.name());
            expected.add(property);
            assertProperty(ConpoolManagedConnectionFactory.class, property, s);
        }
        Set<String> declared = new LinkedHashSet<>();
        for (Field f : ConpoolManagedConnectionFactory.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(ConfigProperty.class)) {
                declared.add(f.getName());
            }
        }
        assertEquals(expected, declared, "connection definition config-properties");
        Set<String> adapterProperties = new LinkedHashSet<>();
        for (Field f : ConpoolResourceAdapter.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(ConfigProperty.class) && !f.getName().startsWith("jmx")) {
                adapterProperties.add(f.getName());
                assertProperty(ConpoolResourceAdapter.class, f.getName(), PoolConfig.SETTINGS.get(f.getName()));
            }
        }
        Set<String> poolScope = new LinkedHashSet<>();
        all.stream().filter(s -> s.scope() == Setting.Scope.POOL).forEach(s -> poolScope.add(s.name()));
        assertEquals(poolScope, adapterProperties, "the adapter's properties are the pool-wide settings");
    }

    private static void assertProperty(Class<?> type, String property, Setting<?> s) throws Exception {
        Field f = type.getDeclaredField(property);
        assertEquals(s.isSecret(), f.getAnnotation(ConfigProperty.class).confidential(),
                property + ": a secret setting is a confidential config-property, and only a secret one");
        assertEquals(String.class, f.getType(), property + " must be String-typed (durations as text or ms)");
        assertEquals(List.of(s.doc()), List.of(f.getAnnotation(ConfigProperty.class).description()), property + " description");
        type.getMethod("set" + capitalize(property), String.class);
        assertEquals(String.class, type.getMethod("get" + capitalize(property)).getReturnType());
    }

    @Test
    void aBadValueNamesPropertyValueAndWhatIsAllowed() throws Exception {
        for (String[] bad : new String[][] {{"maxIdleTime", "abc", "is not a duration"}, {"maxIdleTime", "-1", "must be positive"},
                {"connectRetryCount", "2147483647", "must be at most 1000"}, {"maxConnectionUses", "1__0", "is not a whole number"},
                {"http2MaxConcurrentStreams", "0", "must be at least 1"}, {"http2PingTimeout", "3074457345618258603m", "too large"}}) {
            ConpoolManagedConnectionFactory f = definition("bad", bad[0].startsWith("http2") ? "http2" : "raw");
            setProperty(f, bad[0], bad[1]);
            InvalidPropertyException e = assertThrows(InvalidPropertyException.class, f::createConnectionFactory);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains(bad[2])
                    && e.getMessage().contains("config-property '" + bad[0] + "'"), e.getMessage());
            assertEquals(bad[0], e.getInvalidPropertyDescriptors()[0].getName());
            assertTrue(adapter.poolNames().isEmpty(), "a rejected definition creates no pool");
        }
        ConpoolManagedConnectionFactory wrongHandler = definition("bad", "raw");
        wrongHandler.setHttp2MaxConcurrentStreams("5");
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, wrongHandler::createConnectionFactory);
        assertTrue(e.getMessage().contains("protocol is 'raw'"), e.getMessage());
    }

    @Test
    void durationsAreTextOrMilliseconds() throws Exception {
        ConpoolManagedConnectionFactory f = definition("durations", "raw");
        f.setMaxIdleTime("30s");
        f.setAcquireTimeout("2500");
        f.setMaxConnectionUses("unlimited");
        f.createConnectionFactory();
        PoolConfig c = adapter.openPool("durations").config(Endpoint.plain("127.0.0.1", server.port()));
        assertEquals(Duration.ofSeconds(30), c.maxIdleTime());
        assertEquals(Duration.ofMillis(2500), c.acquireTimeout());
        assertEquals(PoolConfig.UNLIMITED, c.maxConnectionUses());
    }

    /** Handler and pool-wide settings belong to the pool: its definitions must agree, whichever comes first. */
    @Test
    void definitionsOfOnePoolMustAgreeOnPoolWideAndHandlerSettings() throws Exception {
        ConpoolManagedConnectionFactory a = definition("shared", "http2");
        a.setHttp2MaxConcurrentStreams("50");
        a.setMaxTotalConnections("40");
        a.createConnectionFactory();
        assertEquals(40, adapter.openPool("shared").config().maxTotalConnections());
        ConpoolManagedConnectionFactory same = definition("shared", "http2");
        same.setPort(server.port() == 65535 ? 1 : server.port() + 1);
        same.setHttp2MaxConcurrentStreams("50");
        same.setMaxTotalConnections("40");
        same.createConnectionFactory();
        ConpoolManagedConnectionFactory other = definition("shared", "http2");
        other.setPort(server.port() == 65534 ? 2 : server.port() + 2);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, other::createConnectionFactory);
        assertTrue(e.getMessage().contains("every definition of one pool must set the same"), e.getMessage());
    }

    @Test
    void theReadmeTableListsEverySettingWithFlagAndDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Settings settings = PoolConfig.SETTINGS;
        List<String> rows = readme.lines().filter(l -> l.startsWith("| `") && l.contains("| `--")).toList();
        assertEquals(settings.names().size(), rows.size(), "one README row per setting: " + rows);
        for (Setting<?> s : settings.list()) {
            String row = rows.stream().filter(l -> l.startsWith("| `" + s.name() + "` |")).findFirst().orElse(null);
            assertNotNull(row, "README settings table lacks " + s.name());
            assertTrue(row.contains("| `" + s.flag() + "` |"), row);
            assertTrue(row.contains("| `" + s.show(s.defaultValue()) + "` |"), row);
        }
        String h2 = Files.readString(Path.of("..", "conpool-http2", "README.md"));
        for (Setting<?> s : Http2Options.SETTINGS.list()) {
            assertTrue(h2.contains("| `" + s.name() + "` | " + s.show(s.defaultValue()) + " |"),
                    "conpool-http2/README.md lacks " + s.name() + " with its default");
        }
    }
}
