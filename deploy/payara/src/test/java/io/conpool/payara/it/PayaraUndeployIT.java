package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.deploy.it.CountingHttpBackend;
import io.conpool.deploy.it.ItSupport;
import io.conpool.deploy.it.OperatorScenarios;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undeploying conpool.rar ({@code conpool.sh undeploy}, i.e. {@code asadmin undeploy
 * --cascade=true conpool}) removes every conpool MBean, thread and socket; a plain undeploy is
 * refused while its resources exist; deploy / use / undeploy cycles leave nothing behind. Seen
 * from a separate JVM over the JMX port; everything deployed with asadmin, as an operator would.
 */
class PayaraUndeployIT {
    private static final int CYCLES = 3;

    @TempDir
    Path tmp;

    @Test
    void undeployRemovesEveryMBeanThreadAndSocketAndRedeploysLeakNothing() throws Exception {
        Path war = tmp.resolve("undeploy.war");
        TestWars.war("undeploy").as(ZipExporter.class).exportTo(war.toFile());
        try (CountingHttpBackend backend = new CountingHttpBackend()) {
            OperatorScenarios.undeployCyclesLeaveNothing(CYCLES, backend, "it", PayaraOperatorIT.server("undeploy"),
                    () -> {
                        Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
                        Asadmin.conpoolScript("add", "it", "127.0.0.1", Integer.toString(backend.port()), "poolName=it");
                        Asadmin.ok("deploy", "--name=undeploy", war.toString());
                    },
                    () -> {
                        ItSupport.Result plain = Asadmin.run("undeploy", "conpool");
                        assertFalse(plain.ok(), "a plain undeploy is refused while the adapter has resources: " + plain.output());
                        assertTrue(plain.output().contains("--cascade=true"), plain.output());
                        assertEquals("2", SeparateJvmJmx.run("io.conpool:type=Pool,name=it", "query:io.conpool:*")
                                .get("query.count"), "the refused undeploy left the adapter running");
                    },
                    () -> {
                        Asadmin.ok("undeploy", "undeploy");
                        Asadmin.conpoolScript("undeploy");
                    });
        }
    }
}
