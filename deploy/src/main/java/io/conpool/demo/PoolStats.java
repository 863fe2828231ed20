package io.conpool.demo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Reads the conpool MBeans of the platform MBeanServer: what JConsole shows, as rows for the page. */
public final class PoolStats {
    /** The attributes shown, in order. */
    public static final List<String> COLUMNS = List.of("Active", "Idle", "Connecting", "Waiting", "TotalCreated",
            "TotalReused", "CacheMisses", "TotalClosed", "Errors", "AcquireTimeouts", "MaxConnectionsPerEndpoint");

    private PoolStats() {
    }

    /**
     * @return per endpoint bean ({@code pool / endpoint}) its {@code pool}, {@code endpoint} and the values of
     *         {@link #COLUMNS}, sorted by name
     * @throws JMException if the MBeanServer fails
     */
    public static Map<String, Map<String, Object>> endpoints() throws JMException {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ObjectName name : new TreeSet<>(mbs.queryNames(new ObjectName("io.conpool:type=EndpointPool,*"), null))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pool", name.getKeyProperty("pool"));
            row.put("endpoint", ObjectName.unquote(name.getKeyProperty("endpoint")));
            for (javax.management.Attribute a : mbs.getAttributes(name, COLUMNS.toArray(new String[0])).asList()) {
                row.put(a.getName(), a.getValue());
            }
            out.put(name.getKeyProperty("pool") + " / " + ObjectName.unquote(name.getKeyProperty("endpoint")), row);
        }
        return out;
    }

    /** @return the names of the conpool pools that have MBeans here, sorted */
    public static List<String> pools() throws JMException {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        List<String> names = new ArrayList<>();
        for (ObjectName name : mbs.queryNames(new ObjectName("io.conpool:type=Pool,*"), null)) {
            names.add(name.getKeyProperty("name"));
        }
        names.sort(null);
        return names;
    }

    /**
     * Calls {@code clearEndpoint()} on every endpoint bean of a pool.
     *
     * @param pool the pool name
     * @return the endpoints cleared (empty if the pool has none yet)
     * @throws JMException if the MBeanServer fails
     * @throws IllegalArgumentException if the name is not a pool name or no such pool has MBeans here
     */
    public static List<String> clear(String pool) throws JMException {
        if (pool == null || !pool.matches("[A-Za-z0-9._\\-]{1,64}")) {
            throw new IllegalArgumentException("'" + pool + "' is not a pool name: use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (!pools().contains(pool)) {
            throw new IllegalArgumentException("there is no conpool pool named '" + pool + "' here; pools with MBeans: " + pools());
        }
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        List<String> cleared = new ArrayList<>();
        for (ObjectName name : mbs.queryNames(new ObjectName("io.conpool:type=EndpointPool,pool=" + pool + ",*"), null)) {
            mbs.invoke(name, "clearEndpoint", null, null);
            cleared.add(ObjectName.unquote(name.getKeyProperty("endpoint")));
        }
        return cleared;
    }
}
