package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** PoolConfig: validation, toString, properties, maps and command-line flags. */
class ConfigTest {

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                bad("maxConnectionsPerEndpoint", "maxConnectionsPerEndpoint = 0 must be at least 1",
                        () -> PoolConfig.builder().maxConnectionsPerEndpoint(0).build()),
                bad("maxTotalConnections", "maxTotalConnections = -1 must be at least 1",
                        () -> PoolConfig.builder().maxTotalConnections(-1).build()),
                bad("maxConnectionsPerEndpoint", "maxConnectionsPerEndpoint = 20 is more than maxTotalConnections = 10",
                        () -> PoolConfig.builder().maxConnectionsPerEndpoint(20).maxTotalConnections(10).build()),
                bad("maxIdleTime", "maxIdleTime = 0s must be positive",
                        () -> PoolConfig.builder().maxIdleTime(Duration.ZERO).build()),
                bad("maxConnectionLifetime", "maxConnectionLifetime = -5s must be positive",
                        () -> PoolConfig.builder().maxConnectionLifetime(Duration.ofSeconds(-5)).build()),
                bad("maxConnectionUses", "maxConnectionUses = 0 must be at least 1",
                        () -> PoolConfig.builder().maxConnectionUses(0).build()),
                bad("connectTimeout", "connectTimeout must not be null",
                        () -> PoolConfig.builder().connectTimeout(null).build()),
                bad("connectRetryCount", "connectRetryCount = -1 must be at least 0",
                        () -> PoolConfig.builder().connectRetryCount(-1).build()),
                bad("connectRetryDelay", "connectRetryDelay = -100ms must not be negative",
                        () -> PoolConfig.builder().connectRetryDelay(Duration.ofMillis(-100)).build()),
                bad("acquireTimeout", "acquireTimeout = -1s must not be negative",
                        () -> PoolConfig.builder().acquireTimeout(Duration.ofSeconds(-1)).build()),
                bad("maxWaitersPerEndpoint", "maxWaitersPerEndpoint = -3 must be at least 0",
                        () -> PoolConfig.builder().maxWaitersPerEndpoint(-3).build()),
                bad("validateAfterInactivity", "validateAfterInactivity = -1ms must not be negative",
                        () -> PoolConfig.builder().validateAfterInactivity(Duration.ofMillis(-1)).build()),
                bad("minIdlePerEndpoint", "minIdlePerEndpoint = 11 is more than maxConnectionsPerEndpoint = 10",
                        () -> PoolConfig.builder().minIdlePerEndpoint(11).build()),
                bad("leakDetectionThreshold", "leakDetectionThreshold = -1s must not be negative",
                        () -> PoolConfig.builder().leakDetectionThreshold(Duration.ofSeconds(-1)).build()),
                bad("housekeepingPeriod", "housekeepingPeriod = 0s must be positive",
                        () -> PoolConfig.builder().housekeepingPeriod(Duration.ZERO).build()),
                bad("healthCheck", "healthCheck must not be null",
                        () -> PoolConfig.builder().healthCheck(null).build()),
                bad("resolver", "resolver must not be null", () -> PoolConfig.builder().resolver(null).build()),
                bad("maxIdleTime", "maxIdleTime = 'soon' is not a duration",
                        () -> PoolConfig.builder().set("maxIdleTime", "soon").build()),
                bad("maxConnectionsPerEndpoint", "maxConnectionsPerEndpoint = 'ten' is not a whole number",
                        () -> PoolConfig.builder().set("maxConnectionsPerEndpoint", "ten").build()),
                bad("maxConnectionsPerEndpont", "unknown setting 'maxConnectionsPerEndpont'",
                        () -> PoolConfig.builder().set("maxConnectionsPerEndpont", "3").build()),
                bad("maxIdle", "unknown setting 'conpool.maxIdle'",
                        () -> PoolConfig.fromProperties(props("conpool.maxIdle", "5s"), "conpool.")),
                bad("maxConnectionsPerEndpoint", "flag --max-connections-per-endpoint needs a value",
                        () -> PoolConfigArgs.parse("--max-connections-per-endpoint").config()),
                bad("poolName", "poolName = 'my pool' must be 1-64 letters",
                        () -> ConnectionPool.builder(io.conpool.spi.RawProtocolHandler.INSTANCE).name("my pool")));
    }

    private static Arguments bad(String setting, String message, Supplier<Object> build) {
        return Arguments.of(setting, message, build);
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidConfigs")
    void invalidConfigIsRejectedNamingTheSettingAndValue(String setting, String message, Supplier<Object> build) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, build::get);
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(message), "message was: " + e.getMessage());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        PoolConfig c = PoolConfig.defaults();
        assertEquals(10, c.maxConnectionsPerEndpoint());
        assertEquals(100, c.maxTotalConnections());
        assertEquals(Duration.ofSeconds(60), c.maxIdleTime());
        assertEquals(Duration.ofSeconds(300), c.maxConnectionLifetime());
        assertEquals(PoolConfig.UNLIMITED, c.maxConnectionUses());
        assertEquals(Duration.ofSeconds(10), c.connectTimeout());
        assertEquals(3, c.connectRetryCount());
        assertEquals(Duration.ofMillis(100), c.connectRetryDelay());
        assertEquals(Duration.ofSeconds(30), c.acquireTimeout());
        assertEquals(PoolConfig.UNLIMITED, c.maxWaitersPerEndpoint());
        assertEquals(Duration.ofMillis(1), c.validateAfterInactivity());
        assertEquals(0, c.minIdlePerEndpoint());
        assertEquals(Duration.ZERO, c.leakDetectionThreshold());
        assertEquals(Duration.ofSeconds(1), c.housekeepingPeriod());
        assertEquals(HostResolver.SYSTEM, c.resolver());
        assertEquals(Ticker.SYSTEM, c.ticker());
    }

    @Test
    void toStringListsEverySetting() {
        String text = PoolConfig.defaults().toString();
        for (String name : PoolConfig.settingNames()) {
            assertTrue(text.contains(name + "="), name + " missing from " + text);
        }
        for (String other : List.of("healthCheck=none", "onConnectionCreated=none", "onConnectionClosed=none",
                "onConnectionReused=none", "tls=JVM default trust", "resolver=system", "ticker=system")) {
            assertTrue(text.contains(other), other + " missing from " + text);
        }
        assertTrue(text.contains("maxConnectionUses=unlimited"), text);
        assertTrue(text.contains("leakDetectionThreshold=off"), text);
        assertTrue(text.contains("connectRetryDelay=100ms"), text);
    }

    @Test
    void propertiesWithAPrefixOverrideDefaults() {
        Properties p = props("conpool.maxConnectionsPerEndpoint", "20", "conpool.maxIdleTime", "30s",
                "conpool.acquireTimeout", "PT2S", "conpool.connectRetryDelay", "250",
                "conpool.maxConnectionUses", "unlimited", "conpool.endpoint.db.host", "db.example",
                "other.maxIdleTime", "1s");
        PoolConfig c = PoolConfig.fromProperties(p, "conpool.");
        assertEquals(20, c.maxConnectionsPerEndpoint());
        assertEquals(Duration.ofSeconds(30), c.maxIdleTime());
        assertEquals(Duration.ofSeconds(2), c.acquireTimeout());
        assertEquals(Duration.ofMillis(250), c.connectRetryDelay());
        assertEquals(PoolConfig.UNLIMITED, c.maxConnectionUses());
        assertEquals(PoolConfig.defaults().connectTimeout(), c.connectTimeout());
    }

    @Test
    void mapValuesMayBeNumbersDurationsOrText() {
        PoolConfig c = PoolConfig.builder().apply(Map.of("maxTotalConnections", 50, "connectTimeout", 1500L,
                "maxIdleTime", Duration.ofMinutes(2), "minIdlePerEndpoint", "2"), "").build();
        assertEquals(50, c.maxTotalConnections());
        assertEquals(Duration.ofMillis(1500), c.connectTimeout());
        assertEquals(Duration.ofMinutes(2), c.maxIdleTime());
        assertEquals(2, c.minIdlePerEndpoint());
    }

    @Test
    void commandLineFlagsOverrideDefaultsAndLeaveOtherArguments() {
        PoolConfigArgs.Parsed p = PoolConfigArgs.parse("--max-connections-per-endpoint=20", "serve",
                "--acquire-timeout", "5s", "--verbose");
        assertEquals(20, p.config().maxConnectionsPerEndpoint());
        assertEquals(Duration.ofSeconds(5), p.config().acquireTimeout());
        assertEquals(List.of("serve", "--verbose"), p.remaining());
        assertFalse(p.helpRequested());
        assertTrue(PoolConfigArgs.parse("--help").helpRequested());
    }

    @Test
    void helpTextHasEveryFlagWithItsDefault() {
        String help = PoolConfigArgs.helpText();
        assertTrue(help.contains("--max-connections-per-endpoint=N"), help);
        assertTrue(help.contains("(default: 10)"), help);
        assertTrue(help.contains("--validate-after-inactivity=DURATION"), help);
        assertEquals(PoolConfig.settingNames().size() + 1, help.lines().count(), help);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        PoolConfig c = PoolConfig.builder().maxConnectionsPerEndpoint(7).maxIdleTime(Duration.ofSeconds(9))
                .leakDetectionThreshold(Duration.ofSeconds(3)).build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
        assertFalse(c.equals(c.toBuilder().maxConnectionsPerEndpoint(8).build()));
    }
}
