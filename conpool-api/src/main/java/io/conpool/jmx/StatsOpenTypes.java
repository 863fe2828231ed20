package io.conpool.jmx;

import io.conpool.EndpointStats;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The JMX view of {@link EndpointStats}, derived from the record's components (the endpoint bean's
 * number attributes) and their descriptions. No parallel copy of the record: the pool bean's
 * {@code AllStats} maps the record itself (MXBeans map records to CompositeData).
 */
final class StatsOpenTypes {

    /** What JConsole shows for each number; keys are the record's component names plus {@code open}. */
    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("active", "Connections leased to the application now"),
            Map.entry("idle", "Open connections waiting in the pool for reuse"),
            Map.entry("connecting", "Connections being opened now (connect, TLS handshake)"),
            Map.entry("waiting", "Callers waiting for a free connection now"),
            Map.entry("open", "Open connections: Active + Idle"),
            Map.entry("totalCreated", "Connections opened successfully since the pool started"),
            Map.entry("totalReused", "Leases served by an existing connection (cache hits)"),
            Map.entry("cacheMisses", "Leases that needed a new connection (cache misses)"),
            Map.entry("totalClosed", "Connections closed since the pool started (TotalCreated - TotalClosed = Open when quiet)"),
            Map.entry("errors", "Failed connection attempts, failed validations and invalidated connections"),
            Map.entry("acquireTimeouts", "Callers that gave up after AcquireTimeout or were refused by MaxWaitersPerEndpoint"));

    static final RecordComponent[] COMPONENTS = EndpointStats.class.getRecordComponents();
    private StatsOpenTypes() {
    }

    static OpenType<?> openType(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return SimpleType.INTEGER;
        }
        if (type == long.class || type == Long.class) {
            return SimpleType.LONG;
        }
        if (type == boolean.class || type == Boolean.class) {
            return SimpleType.BOOLEAN;
        }
        if (type == String.class) {
            return SimpleType.STRING;
        }
        throw new IllegalArgumentException("no open type for " + type);
    }

    /**
     * @param s a snapshot
     * @return component name to value, in the record's order
     */
    static Map<String, Object> values(EndpointStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : COMPONENTS) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(s));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName(), e);
            }
        }
        return m;
    }
}
