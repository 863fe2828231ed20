package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.deploy.it.ItSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code conpool.sh}: bad arguments are refused with a message naming what is wrong
 * before asadmin is asked anything; a host with {@code :} (IPv6) reaches Payara unchanged; a new
 * pool is pinged, and one Payara refuses is removed again.
 */
class ConpoolScriptIT {

    private static ItSupport.Result script(String... args) throws Exception {
        return Asadmin.script(args);
    }

    @Test
    void badArgumentsAreRefusedWithAMessageNamingThem() throws Exception {
        ItSupport.Result port = script("add", "orders", "127.0.0.1", "0");
        assertEquals(2, port.exitCode(), port.output());
        assertTrue(port.output().contains("port '0' of endpoint 'orders' is not a TCP port between 1 and 65535"), port.output());

        ItSupport.Result setting = script("add", "orders", "127.0.0.1", "7000", "maxConnections=5");
        assertEquals(2, setting.exitCode(), setting.output());
        assertTrue(setting.output().contains("'maxConnections=5' is not SETTING=VALUE with a known setting"), setting.output());
        assertTrue(setting.output().contains("maxConnectionsPerEndpoint"), "lists the known settings: " + setting.output());

        ItSupport.Result name = script("add", "a b", "127.0.0.1", "7000");
        assertEquals(2, name.exitCode(), name.output());
        assertTrue(name.output().contains("endpoint name 'a b' is not usable"), name.output());

        ItSupport.Result rar = script("deploy", "/no/such/conpool.rar");
        assertEquals(2, rar.exitCode(), rar.output());
        assertTrue(rar.output().contains("/no/such/conpool.rar not found"), rar.output());

        ItSupport.Result setUnknown = script("set", "orders", "maxConnections=5");
        assertEquals(2, setUnknown.exitCode(), setUnknown.output());
        assertTrue(setUnknown.output().contains("'maxConnections=5' is not SETTING=VALUE with a known setting"), setUnknown.output());
        ItSupport.Result setPort = script("set", "orders", "port=0");
        assertTrue(setPort.output().contains("port '0' of endpoint 'orders' is not a TCP port between 1 and 65535"), setPort.output());
        ItSupport.Result setNoPool = script("set", "nosuch", "maxConnectionsPerEndpoint=2");
        assertEquals(2, setNoPool.exitCode(), setNoPool.output());
        assertTrue(setNoPool.output().contains("no connector connection pool conpool-nosuch: add it first"), setNoPool.output());

        ItSupport.Result usage = script("frobnicate");
        assertEquals(2, usage.exitCode(), usage.output());
        assertTrue(usage.output().contains("conpool.sh add"), "prints the usage: " + usage.output());
    }

    @Test
    void anIpv6HostReachesPayaraUnchanged() throws Exception {
        Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
        try {
            Asadmin.conpoolScript("add", "v6", "::1", "7000", "poolName=v6", "maxConnectionsPerEndpoint=3");
            String props = Asadmin.ok("get", "resources.connector-connection-pool.conpool-v6.property.*");
            assertTrue(props.contains("property.host=::1\n"), props);
            assertTrue(props.contains("property.port=7000\n"), props);
            Asadmin.conpoolScript("set", "v6", "maxConnectionsPerEndpoint=5", "--apps=");
            String changed = Asadmin.ok("get", "resources.connector-connection-pool.conpool-v6.property.*");
            assertTrue(changed.contains("property.host=::1\n"), "set keeps the IPv6 host: " + changed);
            assertTrue(changed.contains("property.maxConnectionsPerEndpoint=5\n"), changed);
            assertTrue(props.contains("property.maxConnectionsPerEndpoint=3\n"), props);
            String pool = Asadmin.ok("get", "resources.connector-connection-pool.conpool-v6.*");
            assertTrue(pool.contains("steady-pool-size=0\n") && pool.contains("match-connections=false\n")
                    && pool.contains("transaction-support=NoTransaction\n"), pool);
            Asadmin.conpoolScript("remove", "v6");
            assertTrue(!Asadmin.run("get", "resources.connector-connection-pool.conpool-v6.*").ok(), "removed");
        } finally {
            Asadmin.conpoolScript("undeploy");
        }
    }

    @Test
    void aDefinitionPayaraRefusesIsRemovedAgainWhenNoRarWasAtHandToCheckIt() throws Exception {
        // a copy of the script with no conpool.rar beside it: only Payara's ping can catch the bad value
        Path dir = Files.createTempDirectory("conpool-script");
        Path copy = Files.copy(PayaraSettings.conpoolScript(), dir.resolve("conpool.sh"));
        Asadmin.conpoolScript("deploy", PayaraSettings.rar().toString());
        try {
            ItSupport.Result bad = Asadmin.exec(List.of("bash", copy.toString(), "add", "badping", "127.0.0.1", "7000",
                    "maxIdleTime=abc"));
            assertEquals(2, bad.exitCode(), bad.output());
            assertTrue(bad.output().contains("endpoint 'badping' not created: Payara refused the definition"), bad.output());
            assertFalse(Asadmin.run("get", "resources.connector-connection-pool.conpool-badping.*").ok(),
                    "nothing left behind");
            ItSupport.Result good = Asadmin.exec(List.of("bash", copy.toString(), "add", "goodping", "127.0.0.1", "7000",
                    "maxIdleTime=30s"));
            assertEquals(0, good.exitCode(), good.output());
            assertTrue(good.output().contains("conpool-goodping answers a ping"), good.output());
            Asadmin.conpoolScript("remove", "goodping");
        } finally {
            Asadmin.conpoolScript("undeploy");
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dir);
        }
    }
}
