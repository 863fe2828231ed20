package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Endpoint validation and text form. */
class EndpointTest {

    static Stream<Arguments> invalidEndpoints() {
        return Stream.of(
                Arguments.of(null, 80, "host of endpoint (port 80) is missing"),
                Arguments.of("  ", 80, "host of endpoint (port 80) is missing"),
                Arguments.of("example.com", 0, "port 0 of endpoint example.com is out of range"),
                Arguments.of("example.com", 65536, "port 65536 of endpoint example.com is out of range"),
                Arguments.of("example.com", -1, "port -1 of endpoint example.com is out of range"),
                Arguments.of("exa mple.com", 80, "not a valid DNS name or IP address (bad label 'exa mple')"),
                Arguments.of("-bad.example", 80, "bad label '-bad'"),
                Arguments.of("a..b", 80, "bad label ''"),
                Arguments.of("999.1.1.1", 80, "is not a valid IPv4 address"),
                Arguments.of("[::1", 80, "unbalanced brackets"),
                Arguments.of("[example.com]", 80, "is bracketed but is not an IPv6 literal"),
                Arguments.of("fe80::zz", 80, "is not a valid IPv6 literal"));
    }

    @ParameterizedTest(name = "{0}:{1}")
    @MethodSource("invalidEndpoints")
    void invalidEndpointsAreRejectedNamingTheBadPart(String host, int port, String message) {
        InvalidEndpointException e = assertThrows(InvalidEndpointException.class, () -> Endpoint.plain(host, port));
        assertTrue(e.getMessage().contains(message), "message was: " + e.getMessage());
    }

    static Stream<Arguments> badText() {
        return Stream.of(
                Arguments.of("", "endpoint text is empty"),
                Arguments.of("example.com", "has no port"),
                Arguments.of("example.com:http", "has a port that is not a number: 'http'"),
                Arguments.of("::1:80", "IPv6 literal without brackets"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badText")
    void badEndpointTextIsRejected(String text, String message) {
        InvalidEndpointException e = assertThrows(InvalidEndpointException.class, () -> Endpoint.parse(text));
        assertTrue(e.getMessage().contains(message), "message was: " + e.getMessage());
    }

    @Test
    void hostsAreNormalisedAndPlainDiffersFromTls() {
        assertEquals(Endpoint.plain("example.com", 80), Endpoint.plain("EXAMPLE.com.", 80));
        assertNotEquals(Endpoint.plain("example.com", 443), Endpoint.tls("example.com", 443));
        assertEquals(Endpoint.plain("::1", 80), Endpoint.plain("[::1]", 80));
    }

    @Test
    void textFormRoundTrips() {
        for (Endpoint e : new Endpoint[] {Endpoint.plain("db.example", 5432), Endpoint.tls("example.com", 443),
                Endpoint.plain("127.0.0.1", 6379), Endpoint.tls("::1", 8443)}) {
            assertEquals(e, Endpoint.parse(e.toString()));
        }
        assertEquals("[::1]:8443/tls", Endpoint.tls("::1", 8443).toString());
        assertEquals("example.com:443/tls", Endpoint.tls("example.com", 443).toString());
    }

    @Test
    void ipLiteralsAreRecognised() {
        assertTrue(Endpoint.plain("127.0.0.1", 1).isIpLiteral());
        assertTrue(Endpoint.plain("::1", 1).isIpLiteral());
        assertFalse(Endpoint.plain("localhost", 1).isIpLiteral());
        assertFalse(Endpoint.plain("1.example", 1).isIpLiteral());
    }
}
