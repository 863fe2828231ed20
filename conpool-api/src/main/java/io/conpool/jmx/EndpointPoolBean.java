package io.conpool.jmx;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.EndpointStats;
import io.conpool.InvalidConfigException;
import io.conpool.PoolConfig;
import io.conpool.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The endpoint MBean ({@code io.conpool:type=EndpointPool,...}) as a {@link DynamicMBean} whose
 * attributes, types and descriptions come from {@link PoolConfig#SETTINGS} and the components of
 * {@link EndpointStats}: adding a setting or a number adds its attribute. Each setting is an attribute
 * named after it ({@code MaxIdleTime}): whole numbers as {@code int}/{@code long}, durations as
 * {@code long} milliseconds, plus each duration as text ({@code MaxIdleTimeText}, {@code "30s"}).
 * Live-writable endpoint settings are writable; a write changes this running pool only (not the
 * server's configuration) and a bad value is refused with the same message as everywhere else, as a
 * plain {@link IllegalArgumentException}. A secret's value reads as {@link Setting#MASK}. The typed
 * view for client proxies is {@link EndpointPoolMXBean}.
 */
final class EndpointPoolBean implements DynamicMBean {

    static final String TEXT_SUFFIX = "Text";
    private static final String WRITE_NOTE = " This attribute is writable: a write changes this running pool only,"
            + " not the server's configuration (lost on restart or redeploy).";

    /** One attribute: its info, how to read it, and (if writable) which setting a write goes to. */
    private record Attr(MBeanAttributeInfo info, Function<EndpointPoolBean, Object> reader, Setting<?> writes) {
    }

    private static final Map<String, Attr> ATTRIBUTES = attributes();
    private static final MBeanInfo INFO = info(false);
    private static final MBeanInfo READ_ONLY_INFO = info(true);

    private final ConnectionPool<?> pool;
    private final Endpoint endpoint;
    private final Object configLock;
    private final boolean readOnly;

    EndpointPoolBean(ConnectionPool<?> pool, Endpoint endpoint, Object configLock, boolean readOnly) {
        this.pool = pool;
        this.endpoint = endpoint;
        this.configLock = configLock;
        this.readOnly = readOnly;
    }

    private static MBeanInfo info(boolean readOnly) {
        String note = readOnly ? " Published read-only (jmxReadOnly): writes and operations are refused."
                : " Writes change the running pool only.";
        MBeanAttributeInfo[] attributes = ATTRIBUTES.values().stream().map(Attr::info)
                .map(a -> !readOnly || !a.isWritable() ? a : new MBeanAttributeInfo(a.getName(), a.getType(),
                        a.getDescription(), true, false, a.isIs(), a.getDescriptor()))
                .toArray(MBeanAttributeInfo[]::new);
        return new MBeanInfo(EndpointPoolBean.class.getName(),
                "conpool endpoint pool: live numbers and settings of the connections to one host:port"
                        + " (durations in ms, and as text in the ...Text attributes)." + note,
                attributes, null,
                new MBeanOperationInfo[] {new OpenMBeanOperationInfoSupport("clearEndpoint",
                        "Close this endpoint's idle connections now; leased ones are closed when returned, and new leases"
                                + " get new connections" + (readOnly ? " (refused: read-only)" : ""),
                        new OpenMBeanParameterInfo[0], SimpleType.VOID, MBeanOperationInfo.ACTION)},
                null, new ImmutableDescriptor("mxbean=true", "immutableInfo=true",
                        "interfaceClassName=" + EndpointPoolMXBean.class.getName()));
    }

    /** @return attribute name to attribute, in the order JConsole lists them */
    static Map<String, Attr> attributes() {
        Map<String, Attr> m = new LinkedHashMap<>();
        add(m, "PoolName", SimpleType.STRING, "Name of the connection pool this endpoint belongs to", b -> b.pool.name());
        add(m, "Endpoint", SimpleType.STRING, "The endpoint: host:port, with /tls for TLS connections",
                b -> b.endpoint.toString());
        add(m, "Host", SimpleType.STRING, "Host name or IP address of the endpoint", b -> b.endpoint.host());
        add(m, "Port", SimpleType.INTEGER, "TCP port of the endpoint", b -> b.endpoint.port());
        add(m, "Tls", SimpleType.BOOLEAN, "Whether connections to this endpoint use TLS", b -> b.endpoint.tls());
        for (var c : StatsOpenTypes.COMPONENTS) {
            String name = c.getName();
            add(m, capitalize(name), StatsOpenTypes.openType(c.getType()), StatsOpenTypes.DESCRIPTIONS.get(name),
                    b -> StatsOpenTypes.values(b.stats()).get(name));
            if (name.equals("waiting")) {
                add(m, "Open", SimpleType.INTEGER, StatsOpenTypes.DESCRIPTIONS.get("open"), b -> b.stats().open());
            }
        }
        add(m, "TlsCertificateExpiry", SimpleType.STRING, "When the first certificate of this endpoint's TLS material"
                + " expires (client certificate chain or a CA of tlsTrustStore), ISO-8601 UTC; empty without TLS files."
                + " A WARNING is logged from 30 days before", b -> b.endpoint.tls() ? b.pool.tlsCertificateExpiry(b.endpoint)
                .map(Object::toString).orElse("") : "");
        add(m, "TlsMaterial", SimpleType.STRING, "Where this endpoint's TLS trust and client certificate come from and"
                + " when they were read (no secrets); reloadTls on the pool's MBean reads them again",
                b -> b.endpoint.tls() ? b.pool.tlsMaterial(b.endpoint) : "");
        add(m, "Configuration", SimpleType.STRING, "Every setting in force for this endpoint, as text (secrets masked)",
                b -> b.config().toString());
        for (Setting<?> s : PoolConfig.SETTINGS.list()) {
            boolean writable = s.isLiveWritable() && s.scope() == Setting.Scope.ENDPOINT;
            String note = (s.scope() == Setting.Scope.POOL ? " Pool-wide; read-only here." : "")
                    + (writable ? WRITE_NOTE : "") + " Allowed: " + s.allowed() + ".";
            String attr = capitalize(s.name());
            if (s.isDuration()) {
                m.put(attr, new Attr(info(attr, s.doc() + " (milliseconds)." + note,
                        SimpleType.LONG, writable), b -> b.secretOr(s, ((Duration) b.config().get(s)).toMillis()),
                        writable ? s : null));
                m.put(attr + TEXT_SUFFIX, new Attr(info(attr + TEXT_SUFFIX,
                        s.doc() + " (as text: 250ms, 30s, 5m, PT1M)." + note, SimpleType.STRING, writable),
                        b -> s.show(b.config().get(s)), writable ? s : null));
            } else {
                OpenType<?> type = s.type() == String.class ? SimpleType.STRING : StatsOpenTypes.openType(s.type());
                m.put(attr, new Attr(info(attr, s.doc() + "." + note, type, writable), b -> b.secretOr(s, b.config().get(s)), writable ? s : null));
            }
        }
        return m;
    }

    private static void add(Map<String, Attr> m, String name, OpenType<?> type, String description,
                            Function<EndpointPoolBean, Object> reader) {
        m.put(name, new Attr(info(name, description, type, false), reader, null));
    }

    /** An attribute described as an MXBean would: primitive type names, with the open type in the descriptor. */
    private static MBeanAttributeInfo info(String name, String description, OpenType<?> type, boolean writable) {
        String original = type == SimpleType.INTEGER ? "int" : type == SimpleType.LONG ? "long"
                : type == SimpleType.BOOLEAN ? "boolean" : type.getClassName();
        return new MBeanAttributeInfo(name, original, description, true, writable, type == SimpleType.BOOLEAN,
                new ImmutableDescriptor(new String[] {"openType", "originalType"}, new Object[] {type, original}));
    }

    static String capitalize(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private Object secretOr(Setting<?> s, Object value) {
        return !s.isSecret() ? value : s.type() == String.class ? Setting.MASK : null;
    }

    private EndpointStats stats() {
        return pool.stats(endpoint);
    }

    private PoolConfig config() {
        return pool.config(endpoint);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Attr a = ATTRIBUTES.get(attribute);
        if (a == null) {
            throw new AttributeNotFoundException("No attribute " + attribute + " on " + endpoint);
        }
        return a.reader().apply(this);
    }

    /**
     * Changes one live-writable setting of this endpoint (read-modify-write under the pool's config
     * lock); the running pool only.
     *
     * @throws IllegalArgumentException with the setting's own message when the value is refused; a
     *                                  plain JDK type, so remote JMX clients without conpool classes show it
     */
    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        Attr a = ATTRIBUTES.get(attribute.getName());
        if (a == null) {
            throw new AttributeNotFoundException("No attribute " + attribute.getName() + " on " + endpoint);
        }
        if (a.writes() == null) {
            throw new AttributeNotFoundException("Attribute " + attribute.getName() + " of " + endpoint + " is read-only");
        }
        if (readOnly) {
            throw JmxAudit.readOnly(pool.name(), "write of " + attribute.getName() + " on " + endpoint);
        }
        Setting<?> s = a.writes();
        String before;
        String after;
        synchronized (configLock) {
            PoolConfig old = config();
            PoolConfig updated;
            try {
                updated = old.toBuilder().set(s.name(), attribute.getValue()).build();
                pool.configure(endpoint, updated);
            } catch (InvalidConfigException e) {
                throw new IllegalArgumentException(e.getMessage() + " (endpoint " + endpoint + " unchanged)");
            }
            before = s.show(old.get(s));
            after = s.show(updated.get(s));
        }
        JmxAudit.changed("pool '" + pool.name() + "' endpoint " + endpoint, s.name(), before, after);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList out = new AttributeList();
        for (String name : attributes) {
            try {
                out.add(new Attribute(name, getAttribute(name)));
            } catch (AttributeNotFoundException | RuntimeException e) {
                // left out, as the JMX contract says
            }
        }
        return out;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        AttributeList out = new AttributeList();
        for (Attribute a : attributes.asList()) {
            try {
                setAttribute(a);
                out.add(new Attribute(a.getName(), getAttribute(a.getName())));
            } catch (AttributeNotFoundException | RuntimeException e) {
                // left out, as the JMX contract says
            }
        }
        return out;
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        if (actionName.equals("clearEndpoint") && (params == null || params.length == 0)) {
            if (readOnly) {
                throw JmxAudit.readOnly(pool.name(), "clearEndpoint on " + endpoint);
            }
            pool.clearEndpoint(endpoint);
            JmxAudit.invoked("pool '" + pool.name() + "' endpoint " + endpoint, "clearEndpoint()", "");
            return null;
        }
        throw new ReflectionException(new NoSuchMethodException(actionName), "No operation " + actionName
                + " with " + (params == null ? 0 : params.length) + " parameters; there is clearEndpoint()");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return readOnly ? READ_ONLY_INFO : INFO;
    }

    /** @return the names of the attributes, for tests */
    static List<String> attributeNames() {
        return new ArrayList<>(ATTRIBUTES.keySet());
    }
}
