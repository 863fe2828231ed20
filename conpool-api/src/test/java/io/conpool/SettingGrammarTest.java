package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.internal.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one text grammar for numbers and durations, the bounds checked at build(), secrets and unknown names. */
class SettingGrammarTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "250ms, PT0.25S", "10s, PT10S", "1.5s, PT1.5S", "5m, PT5M", "1h, PT1H", "2d, PT48H", "PT10S, PT10S",
            "1500, PT1.5S", "1_500, PT1.5S", "'10 s', PT10S", "10S, PT10S", "250us, PT0.00025S", "7ns, PT0.000000007S",
            "0, PT0S", "-1s, PT-1S"})
    void durationsParse(String text, String iso) {
        assertEquals(Duration.parse(iso), PoolConfig.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "s", "1.5", "_1s", "1_s", "1__0ms", "1._5s", "10 0s", "1.0000000001ns", "1sec", "P"})
    void malformedDurationsAreNotDurations(String text) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PoolConfig.builder().set("maxIdleTime", text));
        assertEquals("maxIdleTime", e.setting());
        assertTrue(e.getMessage().contains("maxIdleTime = '" + text + "' is not a duration"), e.getMessage());
    }

    /** Issue 10's inputs: each overflowed (wrapped to 20 s, ArithmeticException, "-16s must be positive"). */
    @ParameterizedTest
    @ValueSource(strings = {"3074457345618258603m", "153722867280912931m", "5124095576030431h", "PT2562047788015H",
            "106751991167301d", "99999999999999999999", "9223372036854775807s"})
    void overflowingDurationsAreRejectedNamingSettingAndValue(String text) {
        for (String setting : List.of("maxIdleTime", "connectTimeout", "leakDetectionThreshold")) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> PoolConfig.builder().set(setting, text).build());
            assertEquals(setting, e.setting());
            assertTrue(e.getMessage().contains(setting + " = ") && e.getMessage().contains(text)
                    || e.getMessage().contains("must be at most"), e.getMessage());
            assertTrue(e.getMessage().contains("too large") || e.getMessage().contains("must be at most"), e.getMessage());
        }
    }

    @Test
    void everyDurationIsBoundedAtBuild() {
        Duration huge = Duration.ofDays(365L * 300); // past the ~292 years a long of nanoseconds holds
        Duration justOver = PoolConfig.MAX_DURATION.plusMillis(1);
        for (Setting<?> s : PoolConfig.SETTINGS.list()) {
            if (!s.isDuration()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Setting<Duration> d = (Setting<Duration>) s;
            for (Duration value : List.of(huge, justOver, d.max().plusNanos(1))) {
                InvalidConfigException e = assertThrows(InvalidConfigException.class,
                        () -> PoolConfig.builder().set(d, value).build(), s.name() + " = " + value);
                assertEquals(s.name(), e.setting());
                assertTrue(e.getMessage().contains("must be at most " + d.format(d.max())), e.getMessage());
            }
            assertEquals(d.max(), PoolConfig.builder().set(d, d.max()).build().get(d));
        }
        assertEquals(Duration.ofDays(365), PoolConfig.MAX_DURATION);
        assertTrue(PoolConfig.MAX_SOCKET_TIMEOUT.toMillis() <= Integer.MAX_VALUE);
    }

    /** SO_TIMEOUT counts whole milliseconds and 0 means forever: 500us would silently mean no timeout. */
    @Test
    void aReadTimeoutUnderAMillisecondIsRejected() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PoolConfig.builder().set("readTimeout", "500us").build());
        assertEquals("readTimeout", e.setting());
        assertTrue(e.getMessage().contains("readTimeout = 500us must be 0 (none) or at least 1ms"), e.getMessage());
        assertEquals(Duration.ofMillis(1), PoolConfig.builder().set("readTimeout", "1ms").build().readTimeout());
        assertEquals(Duration.ZERO, PoolConfig.builder().set("readTimeout", "0").build().readTimeout());
    }

    @Test
    void retryCountIsBounded() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PoolConfig.builder().connectRetryCount(Integer.MAX_VALUE).build());
        assertEquals("connectRetryCount", e.setting());
        assertTrue(e.getMessage().contains("connectRetryCount = 2147483647 must be at most 1000"), e.getMessage());
        assertEquals(1000, PoolConfig.builder().connectRetryCount(1000).build().connectRetryCount());
    }

    @Test
    void backoffNeverOverflowsAtTheLongestDelay() {
        long max = TimeUnit.SECONDS.toNanos(10);
        for (int retry = 1; retry <= 1000; retry++) {
            long d = Backoff.delayNanos(PoolConfig.MAX_DURATION, retry);
            assertTrue(d > 0 && d <= max, "retry " + retry + ": " + d);
            long small = Backoff.delayNanos(Duration.ofMillis(3), retry);
            assertTrue(small > 0 && small <= max, "retry " + retry + ": " + small);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1_000, 1000", "20, 20", "+7, 7", "unlimited, 2147483647", "UNBOUNDED, 2147483647"})
    void numbersFollowOneUnderscoreRule(String text, int value) {
        assertEquals(value, PoolConfig.builder().set("maxConnectionUses", text).build().maxConnectionUses());
    }

    @ParameterizedTest
    @ValueSource(strings = {"_1", "1_", "1__000", "1_000_", "1.0", "ten", "0x10", "1e3", ""})
    void malformedNumbersAreRejected(String text) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PoolConfig.builder().set("maxConnectionsPerEndpoint", text));
        assertTrue(e.getMessage().contains("maxConnectionsPerEndpoint = '" + text + "' is not a whole number"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "99999999999999999999999", "-2147483649"})
    void numbersBeyondTheirTypeAreRejectedNotWrapped(String text) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PoolConfig.builder().set("maxTotalConnections", text));
        assertEquals("maxTotalConnections", e.setting());
        assertTrue(e.getMessage().contains("out of range") || e.getMessage().contains("too large"), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void numbersFromJavaAreCheckedToo() {
        assertThrows(InvalidConfigException.class, () -> PoolConfig.builder().set("maxTotalConnections", 1L << 40));
        assertThrows(InvalidConfigException.class, () -> PoolConfig.builder().set("maxTotalConnections", 2.5));
        assertEquals(Duration.ofMillis(1500), PoolConfig.builder().set("maxIdleTime", 1500).build().maxIdleTime());
    }

    @Test
    void formattedValuesParseBack() {
        for (Setting<?> s : PoolConfig.SETTINGS.list()) {
            Object dflt = s.defaultValue();
            assertEquals(dflt, s.parse(s.format(dflt)), s.name());
            if (s.isDuration()) {
                assertEquals(s.max(), s.parse(s.format(s.max())), s.name());
            }
        }
        for (Duration d : List.of(Duration.ofMillis(1500), Duration.ofMinutes(90), Duration.ofDays(3), Duration.ofNanos(1500),
                Duration.ofSeconds(59), Duration.ofMinutes(5))) {
            assertEquals(d, PoolConfig.parseDuration(PoolConfig.MAX_IDLE_TIME.format(d)));
        }
    }

    @Test
    void unknownNamesSuggestTheNearestKnownOne() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PoolConfig.builder().set("maxConnectionsPerEndpont", "3"));
        assertTrue(e.getMessage().contains("did you mean 'maxConnectionsPerEndpoint'?"), e.getMessage());
        InvalidConfigException far = assertThrows(InvalidConfigException.class,
                () -> PoolConfig.builder().apply(Map.of("colour", "blue"), ""));
        assertFalse(far.getMessage().contains("did you mean"), far.getMessage());
        assertTrue(far.getMessage().contains("known settings: [maxConnectionsPerEndpoint"), far.getMessage());
    }

    /** A secret is never printed: not by show, describe (toString), help, nor any error message. */
    @Test
    void secretsAreNeverShown() {
        Settings.Declaration declare = Settings.declare("test");
        Setting<String> token = declare.add(Setting.ofText("token", "").withSecret().withDoc("API token"));
        Setting<Integer> port = declare.add(Setting.ofInt("port", 80, 1, 65535).withSecret());
        Settings settings = declare.done();
        assertEquals(Setting.MASK, token.show("hunter2"));
        String described = settings.describe(new Object[] {"hunter2", 443});
        assertFalse(described.contains("hunter2") || described.contains("443"), described);
        assertFalse(settings.helpText("x").contains("80"), settings.helpText("x"));
        BiFunction<Setting<?>, Object, String> message = (s, v) -> assertThrows(InvalidConfigException.class,
                () -> s.parse(v)).getMessage();
        for (String text : List.of(message.apply(port, "sekrit99"), message.apply(port, "70000"), message.apply(port, 70000),
                message.apply(port, "99999999999999999999"))) {
            assertFalse(text.contains("sekrit99") || text.contains("70000") || text.contains("99999999999999999999"), text);
            assertTrue(text.contains("port") && text.contains(Setting.MASK), text);
        }
        assertEquals("hunter2", token.parse("hunter2"));
    }

    @Test
    void descriptorsSayEverythingAboutASetting() {
        Setting<Duration> s = PoolConfig.READ_TIMEOUT;
        assertEquals("readTimeout", s.name());
        assertEquals(Duration.class, s.type());
        assertEquals(Duration.ofSeconds(30), s.defaultValue());
        assertEquals(Setting.Scope.ENDPOINT, s.scope());
        assertTrue(s.isLiveWritable());
        assertFalse(s.isSecret());
        assertEquals("--read-timeout", s.flag());
        assertEquals(Duration.ZERO, PoolConfig.builder().set("readTimeout", "off").build().readTimeout());
        assertEquals(Setting.Scope.POOL, PoolConfig.ENDPOINT_EXPIRY.scope());
        assertEquals(Duration.ofMinutes(10), PoolConfig.defaults().endpointExpiry());
        assertEquals("10m", PoolConfig.ENDPOINT_EXPIRY.format(PoolConfig.defaults().endpointExpiry()));
        assertEquals(Duration.ofSeconds(30), PoolConfig.defaults().readTimeout());
        assertThrows(IllegalArgumentException.class, () -> PoolConfig.defaults().get(Setting.ofInt("x", 1, 0, 2)));
    }
}
