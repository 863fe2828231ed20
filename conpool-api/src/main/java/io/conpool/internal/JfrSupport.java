package io.conpool.internal;

import java.util.Optional;

/**
 * Connects a pool to JDK Flight Recorder when the {@code jdk.jfr} module is there: the pool's
 * {@link JfrRecorder} listener is registered only while a recording has a conpool event enabled,
 * so with no such recording the pool does no work for JFR. Without {@code jdk.jfr} (a jlink'd
 * image, an application server that does not expose it) or with {@code -Dio.conpool.jfr=false},
 * {@link #attach} does nothing. This class names no {@code jdk.jfr} type, so it loads everywhere.
 */
final class JfrSupport {
    private static final System.Logger LOG = System.getLogger("io.conpool");
    /** System property that turns the JFR support off ({@code false}); on by default. */
    static final String PROPERTY = "io.conpool.jfr";
    private static final AutoCloseable NOTHING = () -> { };
    private static volatile Boolean available;

    private JfrSupport() {
    }

    /**
     * @param poolName the pool's name, recorded in every event
     * @param events   where to register the JFR listener while a recording wants conpool events
     * @return what detaches it (when the pool closes); never throws
     */
    static AutoCloseable attach(String poolName, ConnectionEvents events) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) || !available()) {
            return NOTHING;
        }
        try {
            return JfrRecorder.attach(poolName, events);
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "conpool: pool '" + poolName + "' records no JFR events: " + e);
            return NOTHING;
        }
    }

    /** @return whether the jdk.jfr classes can be used from here (checked once) */
    static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = check();
            available = a;
        }
        return a;
    }

    private static boolean check() {
        try {
            Module self = JfrSupport.class.getModule();
            if (self.isNamed()) { // requires static: jdk.jfr is read only if something resolved it
                Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
                if (jfr.isEmpty()) {
                    LOG.log(System.Logger.Level.DEBUG, "conpool: no jdk.jfr module in this runtime; no JFR events");
                    return false;
                }
                if (!self.canRead(jfr.get())) {
                    self.addReads(jfr.get());
                }
            }
            Class.forName("jdk.jfr.FlightRecorder", false, JfrSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "conpool: jdk.jfr is not visible here (" + e
                    + "); no JFR events (on WildFly: Dependencies: jdk.jfr)");
            return false;
        }
    }
}
