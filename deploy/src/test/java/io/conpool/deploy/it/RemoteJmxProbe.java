package io.conpool.deploy.it;

import java.util.Map;
import java.util.TreeMap;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX client run in its own JVM with WildFly's {@code bin/client/jboss-client.jar} on the class
 * path, connecting as JConsole does. Prints {@code key=value} lines the test reads.
 *
 * <p>usage: {@code RemoteJmxProbe <service-url> <endpoint-bean-name> <command>...} where a command
 * is {@code read}, {@code set:<Attribute>=<int>}, {@code clear}, {@code query:<pattern>} (how many
 * beans match) or {@code threads} (live threads of the server, and those named {@code conpool-*}).
 */
public final class RemoteJmxProbe {

    private RemoteJmxProbe() {
    }

    /**
     * @param args service URL, bean name, commands
     * @throws Exception on any JMX failure (the test sees a non-zero exit and the stack trace)
     */
    public static void main(String[] args) throws Exception {
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(args[0]))) {
            MBeanServerConnection mbs = connector.getMBeanServerConnection();
            ObjectName bean = new ObjectName(args[1]);
            for (int i = 2; i < args.length; i++) {
                String cmd = args[i];
                if (cmd.equals("read")) {
                    Map<String, Object> values = new TreeMap<>();
                    for (String a : new String[] {"Active", "Idle", "TotalCreated", "TotalReused", "TotalClosed",
                            "MaxConnectionsPerEndpoint", "Endpoint"}) {
                        values.put(a, mbs.getAttribute(bean, a));
                    }
                    values.forEach((k, v) -> System.out.println("read." + k + "=" + v));
                    System.out.println("description.MaxConnectionsPerEndpoint=" + java.util.Arrays
                            .stream(mbs.getMBeanInfo(bean).getAttributes())
                            .filter(x -> x.getName().equals("MaxConnectionsPerEndpoint")).findFirst().orElseThrow()
                            .getDescription());
                } else if (cmd.startsWith("set:")) {
                    String[] kv = cmd.substring(4).split("=", 2);
                    mbs.setAttribute(bean, new Attribute(kv[0], Integer.valueOf(kv[1])));
                    System.out.println("set." + kv[0] + "=" + mbs.getAttribute(bean, kv[0]));
                } else if (cmd.equals("clear")) {
                    mbs.invoke(bean, "clearEndpoint", null, null);
                    System.out.println("clear.Idle=" + mbs.getAttribute(bean, "Idle"));
                } else if (cmd.startsWith("query:")) {
                    System.out.println("query.count=" + mbs.queryNames(new ObjectName(cmd.substring(6)), null).size());
                } else if (cmd.equals("threads")) {
                    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory
                            .newPlatformMXBeanProxy(mbs, java.lang.management.ManagementFactory.THREAD_MXBEAN_NAME,
                                    java.lang.management.ThreadMXBean.class);
                    long conpool = java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                            .filter(t -> t != null && t.getThreadName().startsWith("conpool-")).count();
                    System.out.println("threads.total=" + threads.getThreadCount());
                    System.out.println("threads.conpool=" + conpool);
                } else {
                    throw new IllegalArgumentException("unknown command " + cmd);
                }
            }
        }
    }
}
