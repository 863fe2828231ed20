package io.conpool.payara.it;

import io.conpool.deploy.it.ItSupport;
import io.conpool.deploy.it.RemoteJmxProbe;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link RemoteJmxProbe} in a separate JVM that has nothing but the JDK and the probe on its
 * class path, connected to the domain's JMX port with the URL VisualVM and JConsole take
 * ({@code service:jmx:rmi:///jndi/rmi://127.0.0.1:<portbase+86>/jmxrmi}, no user or password).
 */
final class SeparateJvmJmx {
    private SeparateJvmJmx() {
    }

    /**
     * @param beanName the MBean the commands act on
     * @param commands {@code read}, {@code set:Attr=int}, {@code clear}, {@code query:pattern}, {@code threads}
     * @return the probe's {@code key=value} output
     */
    static Map<String, String> run(String beanName, String... commands) throws Exception {
        return ItSupport.probe(List.of(), PayaraSettings.jmxUrl(), beanName, commands);
    }
}
