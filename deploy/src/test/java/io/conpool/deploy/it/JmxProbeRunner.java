package io.conpool.deploy.it;

import java.util.List;
import java.util.Map;

/**
 * Runs {@link RemoteJmxProbe} in a separate JVM whose class path is WildFly's own JMX client
 * ({@code bin/client/jboss-client.jar}) plus the test classes: the way JConsole connects.
 */
final class JmxProbeRunner {
    private JmxProbeRunner() {
    }

    static Map<String, String> run(String beanName, String... commands) throws Exception {
        return ItSupport.probe(List.of(ItSettings.jmxClient()), ItSettings.jmxUrl(), beanName, commands);
    }
}
