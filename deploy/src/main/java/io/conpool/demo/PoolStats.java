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
     * @return per endpoint bean ({@code pool / endpoint}) its attribute values, sorted by name
     * @throws JMException if the MBeanServer fails
     */
    public static Map<String, Map<String, Object>> endpoints() throws JMException {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ObjectName name : new TreeSet<>(mbs.queryNames(new ObjectName("io.conpool:type=EndpointPool,*"), null))) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (javax.management.Attribute a : mbs.getAttributes(name, COLUMNS.toArray(new String[0])).asList()) {
                row.put(a.getName(), a.getValue());
            }
            out.put(name.getKeyProperty("pool") + " / " + ObjectName.unquote(name.getKeyProperty("endpoint")), row);
        }
        return out;
    }

    /**
     * Calls {@code clearEndpoint()} on every endpoint bean of a pool.
     *
     * @param pool the pool name
     * @return the endpoints cleared
     * @throws JMException if the MBeanServer fails
     */
    public static List<String> clear(String pool) throws JMException {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        List<String> cleared = new ArrayList<>();
        for (ObjectName name : mbs.queryNames(new ObjectName("io.conpool:type=EndpointPool,pool=" + pool + ",*"), null)) {
            mbs.invoke(name, "clearEndpoint", null, null);
            cleared.add(ObjectName.unquote(name.getKeyProperty("endpoint")));
        }
        return cleared;
    }
}
