package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.deploy.it.DemoAppChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo WAR the WildFly demo runs, unchanged, on Payara: conpool.rar deployed with the shipped
 * {@code conpool.sh}, its {@code demo} endpoint made by {@code asadmin add-resources} from the
 * shipped {@code glassfish-resources.xml} (only the port changed to the domain's HTTP port), the
 * WAR's resource reference mapped by its {@code glassfish-web.xml}: both halves of a run (the
 * {@code @Resource} factory and the CDI one) succeed, its clear action and a separate JMX client see
 * the same pool, bad input is refused clearly, and the dashboard is live in a real headless Chromium.
 */
class PayaraDemoAppIT {

    @TempDir
    Path tmp;

    @Test
    void theDemoAppServesThroughThePoolWithTheShippedGlassfishResourcesXml() throws Exception {
        int http = PayaraSettings.httpPort();
        String shipped = Files.readString(PayaraSettings.resourcesXml());
        String portProperty = "<property name=\"port\" value=\"8080\"/>";
        assertTrue(shipped.contains(portProperty), "glassfish-resources.xml points the demo at port 8080");
        Path resources = tmp.resolve("glassfish-resources.xml");
        Files.writeString(resources, shipped.replace(portProperty, "<property name=\"port\" value=\"" + http + "\"/>"));

        Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
        try {
            Asadmin.ok("add-resources", resources.toString());
            Asadmin.ok("deploy", "--name=conpool-demo", PayaraSettings.demoWar().toString());
            try {
                DemoAppChecks.servesThroughBothFactories(http, "Payara Server", "conpool/demo");
                Map<String, String> jmx = SeparateJvmJmx.run("io.conpool:type=EndpointPool,pool=demo,endpoint="
                        + ObjectName.quote("127.0.0.1:" + http), "read");
                assertEquals("0", jmx.get("read.Idle"), "cleared through the page's API, as a separate JMX client sees: " + jmx);
                assertEquals("8", jmx.get("read.MaxConnectionsPerEndpoint"), "the setting from glassfish-resources.xml");
                assertTrue(Integer.parseInt(jmx.get("read.TotalCreated")) >= 1, jmx.toString());
                DemoAppChecks.badInputIsAnsweredClearly(http);
                DemoAppChecks.dashboardIsLiveInABrowser(http);
            } finally {
                Asadmin.run("undeploy", "conpool-demo");
            }
        } finally {
            Asadmin.conpoolScript("undeploy");
        }
    }
}
