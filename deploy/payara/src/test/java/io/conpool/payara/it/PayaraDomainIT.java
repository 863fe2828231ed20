package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The test domain as {@code preboot.asadmin} configures it (the demo runner uses the same file):
 * every listener Payara reports in its log is bound to 127.0.0.1 only, including the JMX port.
 */
class PayaraDomainIT {
    private static final Pattern BOUND = Pattern.compile("Network Listener (\\S+) started in: \\d+ms - bound to \\[/([^\\]]+):(\\d+)\\]");

    @Test
    void everyListenerOfTheDomainIsBoundToLoopbackOnly() throws Exception {
        String log = Files.readString(PayaraSettings.serverLog());
        Map<String, String> listeners = new TreeMap<>();
        Matcher m = BOUND.matcher(log);
        while (m.find()) {
            listeners.put(m.group(1), m.group(2) + ":" + m.group(3));
        }
        assertTrue(listeners.keySet().containsAll(java.util.List.of("http-listener-1", "admin-listener", "iiop-service",
                "JMS_PROXY_default_JMS_host")), "the log names the listeners: " + listeners);
        listeners.forEach((name, address) -> assertTrue(address.startsWith("127.0.0.1:"), name + " is bound to " + address));
        assertEquals("127.0.0.1:" + PayaraSettings.httpPort(), listeners.get("http-listener-1"));
        assertTrue(log.contains("Binding RMI port to single IP address = 127.0.0.1, port " + PayaraSettings.jmxPort()),
                "the JMX connector is on 127.0.0.1:" + PayaraSettings.jmxPort());
    }
}
