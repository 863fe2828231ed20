package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.deploy.it.CountingHttpBackend;
import java.nio.file.Path;
import java.util.Map;
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

    private static Map<String, String> server(String... commands) throws Exception {
        return SeparateJvmJmx.run("io.conpool:type=Pool,name=it", commands);
    }

    @Test
    void undeployRemovesEveryMBeanThreadAndSocketAndRedeploysLeakNothing() throws Exception {
        Path war = tmp.resolve("undeploy.war");
        TestWars.war("undeploy").as(ZipExporter.class).exportTo(war.toFile());
        assertEquals("0", server("query:io.conpool:*").get("query.count"), "no conpool MBean before the first deployment");
        try (CountingHttpBackend backend = new CountingHttpBackend()) {
            int threadsAfterFirstCycle = -1;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
                Asadmin.conpoolScript("add", "it", "127.0.0.1", Integer.toString(backend.port()), "poolName=it");
                Asadmin.ok("deploy", "--name=undeploy", war.toString());
                Map<String, String> r = PayaraSettings.keyValues(PayaraSettings.get("/undeploy/traffic?requests=30&threads=4"));
                assertEquals("30", r.get("ok"), "cycle " + cycle + ": " + r);
                Map<String, String> live = server("query:io.conpool:*", "threads");
                assertEquals("2", live.get("query.count"), "cycle " + cycle + ": a pool bean and an endpoint bean while deployed");
                assertTrue(Integer.parseInt(live.get("threads.conpool")) >= 1, "cycle " + cycle + ": the pool's housekeeper: " + live);
                Asadmin.ok("undeploy", "undeploy");

                if (cycle == 1) {
                    Asadmin.Result plain = Asadmin.run("undeploy", "conpool");
                    assertFalse(plain.ok(), "a plain undeploy is refused while the adapter has resources: " + plain.output());
                    assertTrue(plain.output().contains("--cascade=true"), plain.output());
                    assertEquals("2", server("query:io.conpool:*").get("query.count"), "the refused undeploy left the adapter running");
                }
                Asadmin.conpoolScript("undeploy");
                Map<String, String> gone = server("query:io.conpool:*", "threads");
                assertEquals("0", gone.get("query.count"), "cycle " + cycle + ": MBeans left after undeploy");
                assertEquals("0", gone.get("threads.conpool"), "cycle " + cycle + ": conpool threads left after undeploy");
                assertTrue(backend.awaitOpen(0, 10_000), "cycle " + cycle + ": sockets left open: " + backend.open());
                int total = Integer.parseInt(gone.get("threads.total"));
                if (cycle == 1) {
                    threadsAfterFirstCycle = total;
                } else {
                    assertTrue(total <= threadsAfterFirstCycle + 8, "cycle " + cycle + ": server threads grew from "
                            + threadsAfterFirstCycle + " to " + total);
                }
            }
            assertTrue(backend.accepted() >= CYCLES, "every cycle connected anew: " + backend.accepted());
        }
    }
}
