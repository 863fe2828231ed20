package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.InvalidConfigException;
import io.conpool.spi.ProtocolHandler;
import io.conpool.spi.ProtocolHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Handler settings, their validation, and discovery by name. */
class Http2OptionsTest {

    @Test
    void defaultsAreSane() {
        Http2Options d = Http2Options.defaults();
        assertEquals(100, d.maxConcurrentStreams());
        assertEquals(Duration.ofSeconds(10), d.pingAfterInactivity());
        assertEquals(Duration.ofSeconds(2), d.pingTimeout());
        assertEquals(Duration.ofSeconds(30), d.responseTimeout());
        assertEquals(1 << 20, d.streamWindow());
        assertTrue(d.toString().contains("maxConcurrentStreams=100"));
    }

    @Test
    void readsTextSettingsWithPrefix() {
        Properties p = new Properties();
        p.setProperty("conpool.http2.maxConcurrentStreams", "7");
        p.setProperty("conpool.http2.pingTimeout", "250ms");
        p.setProperty("conpool.http2.responseTimeout", "PT1M");
        p.setProperty("conpool.maxConnectionsPerEndpoint", "3");
        Http2Options o = Http2Options.fromProperties(p, "conpool.http2.");
        assertEquals(7, o.maxConcurrentStreams());
        assertEquals(Duration.ofMillis(250), o.pingTimeout());
        assertEquals(Duration.ofMinutes(1), o.responseTimeout());
        Http2Options m = Http2Options.builder().apply(Map.of("h2.streamWindow", 100_000, "other", "x"), "h2.").build();
        assertEquals(100_000, m.streamWindow());
        assertEquals(m.streamWindow(), m.toBuilder().build().streamWindow());
    }

    @Test
    void badValuesNameTheSettingAndTheRange() {
        InvalidConfigException zero = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().maxConcurrentStreams(0).build());
        assertEquals("maxConcurrentStreams", zero.setting());
        assertTrue(zero.getMessage().contains("maxConcurrentStreams = 0 must be at least 1"), zero.getMessage());
        InvalidConfigException window = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().streamWindow(1000).build());
        assertTrue(window.getMessage().contains("streamWindow = 1000 must be at least 65535"), window.getMessage());
        InvalidConfigException ping = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().pingTimeout(Duration.ZERO).build());
        assertEquals("pingTimeout", ping.setting());
        InvalidConfigException text = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().set("pingTimeout", "soon"));
        assertTrue(text.getMessage().contains("not a duration"), text.getMessage());
        InvalidConfigException unknown = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().set("maxStreams", "3"));
        assertTrue(unknown.getMessage().contains("known settings"), unknown.getMessage());
        assertThrows(InvalidConfigException.class, () -> Http2Options.builder().set("maxConcurrentStreams", "many"));
    }

    @Test
    void foundByNameThroughServiceLoader() {
        ProtocolHandler<?> h = ProtocolHandlers.byName("http2");
        assertInstanceOf(Http2ProtocolHandler.class, h);
        assertEquals("http2", h.name());
        assertEquals(List.of("h2"), h.applicationProtocols());
        assertFalse(h.allowsStaleCheck(), "the reader thread owns the socket");
        assertTrue(ProtocolHandlers.available().stream().anyMatch(x -> x.name().equals("http2")));
    }

    @Test
    void requestsRejectConnectionSpecificHeaders() {
        assertThrows(IllegalArgumentException.class, () -> Http2Request.builder("GET", "/").header("Connection", "close"));
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
                () -> Http2Request.builder("GET", "/").header("Host", "x"));
        assertTrue(host.getMessage().contains("authority"));
        assertThrows(IllegalArgumentException.class, () -> Http2Request.builder("GET", "relative"));
        assertThrows(IllegalArgumentException.class, () -> Http2Request.builder("G ET", "/"));
        Http2Request r = Http2Request.builder("GET", java.net.URI.create("https://example.org:8443/a/b?q=1"))
                .header("Accept", "text/plain").build();
        assertEquals("/a/b?q=1", r.path());
        assertEquals("example.org:8443", r.authority());
        assertEquals("accept", r.headers().get(0).getKey());
    }

    /** The pool's grammar and rules: {@code _} only between digits, overflow rejected, unknown keys under the prefix rejected. */
    @Test
    void sharesThePoolsGrammarAndUnknownKeyRule() {
        assertEquals(1_000_000, Http2Options.builder().set("streamWindow", "1_000_000").build().streamWindow());
        InvalidConfigException underscore = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().set("streamWindow", "_1000000"));
        assertTrue(underscore.getMessage().contains("streamWindow = '_1000000' is not a whole number"), underscore.getMessage());
        InvalidConfigException overflow = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().set("responseTimeout", "3074457345618258603m"));
        assertEquals("responseTimeout", overflow.setting());
        assertTrue(overflow.getMessage().contains("too large"), overflow.getMessage());
        InvalidConfigException bounded = assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().pingTimeout(Duration.ofDays(400)).build());
        assertTrue(bounded.getMessage().contains("pingTimeout = 400d must be at most 365d"), bounded.getMessage());
        Properties p = new Properties();
        p.setProperty("conpool.http2.pingTimout", "1s");
        InvalidConfigException unknown = assertThrows(InvalidConfigException.class,
                () -> Http2Options.fromProperties(p, "conpool.http2."));
        assertTrue(unknown.getMessage().contains("did you mean 'pingTimeout'?"), unknown.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> Http2Options.builder().apply(Map.of("h2.maxStreams", 3), "h2."));
        assertEquals(Http2Options.SETTING_NAMES, Http2Options.SETTINGS.names());
        assertEquals(Http2Options.defaults(), Http2Options.defaults().toBuilder().build());
    }

    /** The handler-settings SPI: the handler declares its list and is created with values for it. */
    @Test
    void createdWithItsSettingsThroughTheProvider() {
        ProtocolHandler<?> h = ProtocolHandlers.create("http2", Map.of("maxConcurrentStreams", "7", "pingTimeout", "250ms"));
        Http2Options o = ((Http2ProtocolHandler) h).options();
        assertEquals(7, o.maxConcurrentStreams());
        assertEquals(Duration.ofMillis(250), o.pingTimeout());
        assertEquals(7, h.expectedCapacity());
        assertEquals(Http2Options.SETTINGS, ProtocolHandlers.settings("http2"));
        assertTrue(ProtocolHandlers.settings("raw").list().isEmpty());
        InvalidConfigException bad = assertThrows(InvalidConfigException.class,
                () -> ProtocolHandlers.create("http2", Map.of("maxConcurrentStreams", "0")));
        assertEquals("maxConcurrentStreams", bad.setting());
        InvalidConfigException unknown = assertThrows(InvalidConfigException.class,
                () -> ProtocolHandlers.create("http2", Map.of("maxConcurentStreams", "5")));
        assertTrue(unknown.getMessage().contains("did you mean 'maxConcurrentStreams'?"), unknown.getMessage());
        InvalidConfigException none = assertThrows(InvalidConfigException.class,
                () -> ProtocolHandlers.create("raw", Map.of("x", "1")));
        assertTrue(none.getMessage().contains("'raw' has no settings"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProtocolHandlers.create("gopher", Map.of()));
    }
}
