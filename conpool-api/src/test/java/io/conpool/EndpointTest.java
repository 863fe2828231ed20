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
                Arguments.of("fe80::zz", 80, "is not a valid IPv6 literal"),
                Arguments.of("[:::::]", 80, "':::' is not allowed"),
                Arguments.of("[1:2:3:4:5:6:7:8:9]", 80, "it has 9 groups of 16 bits"),
                Arguments.of("[12345::1]", 80, "group '12345' is not 1 to 4 hex digits"),
                Arguments.of("[1.2.3.4::]", 80, "an IPv4 part ('1.2.3.4') may only end the address"),
                Arguments.of("[1::2::3]", 80, "'::' may appear only once"),
                Arguments.of("[1:2:3:4:5:6:7]", 80, "it has 7 groups of 16 bits; an IPv6 address has 8"),
                Arguments.of("[1:2:3:4:5:6:7::8]", 80, "at most 7 fit"),
                Arguments.of("[:1:2:3:4:5:6:7]", 80, "empty group"),
                Arguments.of("[::1.2.3.256]", 80, "octet 256 is above 255"),
                Arguments.of("[fe80::1%]", 80, "zone '%' is empty"),
                Arguments.of("010.0.0.1", 80, "leading zero"),
                Arguments.of("1.2.3.256", 80, "octet 256 is above 255"));
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
    void oneAddressWrittenTwoWaysIsOneEndpoint() {
        assertEquals(Endpoint.plain("[::1]", 80), Endpoint.plain("[0:0:0:0:0:0:0:1]", 80));
        assertEquals(Endpoint.plain("2001:db8::1", 80), Endpoint.plain("2001:0DB8:0000:0000:0000:0000:0000:0001", 80));
        assertEquals(Endpoint.parse("[::ffff:1.2.3.4]:80"), Endpoint.plain("::ffff:102:304", 80));
        assertEquals("2001:db8::1:0:0:1", Endpoint.plain("2001:db8:0:0:1:0:0:1", 1).host(), "first longest zero run");
        assertEquals("2001:db8:0:1:1:1:1:1", Endpoint.plain("2001:db8::1:1:1:1:1", 1).host(), "a lone zero group stays");
        assertEquals("::", Endpoint.plain("::", 1).host());
        assertEquals("fe80::1%eth0", Endpoint.plain("FE80::0001%eth0", 1).host());
    }

    @Test
    void canonicalLiteralsConnectToTheSameAddress() throws Exception {
        for (String literal : new String[] {"0:0:0:0:0:0:0:1", "::ffff:7f00:1", "2001:db8::1:0:0:1"}) {
            Endpoint e = Endpoint.plain(literal, 1);
            assertEquals(java.net.InetAddress.getByName(literal), java.net.InetAddress.getByName(e.host()), literal);
        }
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
