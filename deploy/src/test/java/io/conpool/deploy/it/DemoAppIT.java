package io.conpool.deploy.it;

import java.io.File;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo WAR this module builds (the same file the Payara tests deploy), with the connection
 * definition {@code java:/conpool/demo} as {@code wildfly/conpool.cli} makes it: its resource
 * reference, mapped by {@code WEB-INF/jboss-web.xml}, and its CDI producer both give working
 * factories; its API refuses bad input clearly; its dashboard is live in a real headless Chromium.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(DemoAppIT.Setup.class)
@RunAsClient
class DemoAppIT {

    /** The {@code demo} connection definition, pointing at WildFly's own HTTP port, as in conpool.cli. */
    public static class Setup implements ServerSetupTask {
        @Override
        public void setup(ManagementClient client, String containerId) throws Exception {
            ServerConfig.executeOrFail(client.getControllerClient(), ServerConfig.activation("conpool.rar", "demo", Map.of(
                    "host", "127.0.0.1", "port", Integer.toString(ItSettings.httpPort()), "poolName", "demo",
                    "maxConnectionsPerEndpoint", "8", "acquireTimeout", "5000")));
        }

        @Override
        public void tearDown(ManagementClient client, String containerId) throws Exception {
            ServerConfig.removeRa(client.getControllerClient(), "conpool.rar");
        }
    }

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(name = "war", order = 2, testable = false)
    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("conpool.demo.war",
                "target/conpool-demo.war")));
    }

    @Test
    void theDemoAppServesThroughThePoolWithItsResourceReferenceAndCdi() throws Exception {
        DemoAppChecks.servesThroughBothFactories(ItSettings.httpPort(), "WildFly", "java:/conpool/demo");
    }

    @Test
    void badInputIsAnsweredClearly() throws Exception {
        DemoAppChecks.badInputIsAnsweredClearly(ItSettings.httpPort());
    }

    @Test
    void theDashboardIsLiveInAHeadlessBrowser() throws Exception {
        DemoAppChecks.dashboardIsLiveInABrowser(ItSettings.httpPort());
    }
}
