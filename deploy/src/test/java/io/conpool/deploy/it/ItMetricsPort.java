package io.conpool.deploy.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before any test runs, derives {@code it.metrics.port} (the Prometheus JMX exporter agent's port
 * in the test WildFly: 9404 + {@code it.port.offset}) as a system property for
 * {@code arquillian.xml}, which can only substitute ready values; {@code -Dit.metrics.port=N}
 * overrides it. Registered in {@code META-INF/services}.
 */
public class ItMetricsPort implements LauncherSessionListener {
    /** The exporter's usual port, before the offset. */
    static final int BASE = 9404;

    /** Creates the listener (JUnit's service loader does). */
    public ItMetricsPort() {
    }

    /** @return the exporter's port in the test WildFly */
    static int port() {
        String set = System.getProperty("it.metrics.port");
        return set != null && !set.isBlank() ? Integer.parseInt(set.trim()) : BASE + ItSettings.offset();
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        System.setProperty("it.metrics.port", Integer.toString(port()));
    }
}
