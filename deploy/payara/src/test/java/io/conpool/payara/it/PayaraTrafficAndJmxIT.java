package io.conpool.payara.it;

import io.conpool.deploy.it.ItSupport;
import io.conpool.deploy.it.TrafficScenarios;
import java.util.Map;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * From outside Payara: real concurrent traffic through the pool against a backend that counts
 * connections, and the MBeans read, changed and cleared from a separate JVM over the domain's JMX
 * port, as VisualVM connects.
 */
@ExtendWith(ConpoolOnPayara.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraTrafficAndJmxIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return TestWars.war("traffic");
    }

    private static Map<String, String> traffic(int requests, int threads) throws Exception {
        return ItSupport.keyValues(PayaraSettings.get("/traffic/traffic?requests=" + requests + "&threads=" + threads));
    }

    private static String endpointBean() {
        return "io.conpool:type=EndpointPool,pool=it,endpoint=" + ObjectName.quote("127.0.0.1:" + ConpoolOnPayara.backend.port());
    }

    @Test
    @Order(1)
    void concurrentTrafficNeverOpensMoreConnectionsThanTheLimitAndStatsMatchTheBackend() throws Exception {
        TrafficScenarios.concurrentTrafficStaysWithinTheLimit(ConpoolOnPayara.backend, ConpoolOnPayara.LIMIT, PayaraTrafficAndJmxIT::traffic);
    }

    @Test
    @Order(2)
    void aSeparateJvmReadsStatsChangesALimitAndClearsTheEndpointOverTheJmxPort() throws Exception {
        TrafficScenarios.separateJvmReadsChangesAndClears(ConpoolOnPayara.backend, ConpoolOnPayara.LIMIT, endpointBean(),
                PayaraTrafficAndJmxIT::traffic, SeparateJvmJmx::run);
    }
}
