package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * From outside WildFly: real concurrent traffic through the pool against a backend that counts
 * connections; the MBeans from a separate JVM over the management port as JConsole connects; a bad
 * connection definition's deployment error.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(ItServerSetup.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrafficAndJmxIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(name = "war", order = 2, testable = false)
    static WebArchive war() {
        return Deployments.war("traffic");
    }

    private static Map<String, String> traffic(int requests, int threads) throws Exception {
        return ItSupport.keyValues(ItSettings.get("/traffic/traffic?name=it&requests=" + requests + "&threads=" + threads));
    }

    private static String endpointBean() {
        return "io.conpool:type=EndpointPool,pool=it,endpoint=" + ObjectName.quote("127.0.0.1:" + ItServerSetup.backend.port());
    }

    @Test
    @Order(1)
    void concurrentTrafficNeverOpensMoreConnectionsThanTheLimitAndStatsMatchTheBackend() throws Exception {
        TrafficScenarios.concurrentTrafficStaysWithinTheLimit(ItServerSetup.backend, ItServerSetup.LIMIT, TrafficAndJmxIT::traffic);
    }

    @Test
    @Order(2)
    void aSeparateJvmReadsStatsChangesALimitAndClearsTheEndpointOverTheManagementPort() throws Exception {
        TrafficScenarios.separateJvmReadsChangesAndClears(ItServerSetup.backend, ItServerSetup.LIMIT, endpointBean(),
                TrafficAndJmxIT::traffic, JmxProbeRunner::run);
    }

    @Test
    @Order(3)
    void aBadConnectionDefinitionFailsItsDeploymentWithAClearMessageAndTheOthersKeepWorking() throws Exception {
        ModelNode add = ServerConfig.activation("conpool-bad", "bad", Map.of("host", "127.0.0.1", "port", "0", "poolName", "bad"));
        Path serverLog = Path.of(ItSettings.jbossHome(), "standalone", "log", "server.log");
        long logBefore = Files.size(serverLog);
        try (ModelControllerClient management = ModelControllerClient.Factory.create("127.0.0.1", ItSettings.managementPort())) {
            try {
                ServerConfig.executeOrFail(management, add);
                ModelNode result = ServerConfig.execute(management,
                    Operations.createOperation("activate", ServerConfig.raAddress("conpool-bad")));
                assertFalse(Operations.isSuccessfulOutcome(result), "activating a definition with port 0 must fail: " + result);
                String failure = Operations.getFailureDescription(result).asString();
                assertTrue(failure.contains("conpool-bad"), failure);
                byte[] logBytes = Files.readAllBytes(serverLog);
                int from = (int) Math.min(logBefore, logBytes.length); // only what this test caused
                String log = new String(logBytes, from, logBytes.length - from, java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(log.contains("InvalidPropertyException: conpool connection definition: port 0 of endpoint 127.0.0.1 is out of range"),
                        "the server log names the bad property");
                Map<String, String> r = traffic(20, 2);
                assertEquals("20", r.get("ok"), "the good definition keeps working: " + r);
            } finally {
                ServerConfig.removeRa(management, "conpool-bad");
            }
        }
        assertEquals("0", JmxProbeRunner.run("io.conpool:type=Pool,name=bad", "query:io.conpool:*,pool=bad").get("query.count"));
    }
}
