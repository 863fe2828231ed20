package io.conpool.rar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The script-side check uses the adapter's own rules and says what is wrong. */
class CheckDefinitionTest {

    private static String[] check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckDefinition.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8).strip(),
                err.toString(StandardCharsets.UTF_8).strip()};
    }

    @Test
    void aValidDefinitionIsOk() {
        String[] r = check("host=127.0.0.1", "port=8080", "maxIdleTime=30s", "acquireTimeout=5000", "tls=false",
                "protocol=http2", "http2MaxConcurrentStreams=50", "maxConnectionUses=unlimited");
        assertEquals("0", r[0], r[2]);
        assertEquals("ok", r[1]);
    }

    @Test
    void badInputIsNamedWithWhatIsAllowed() {
        for (String[] c : new String[][] {
                {"maxIdleTime=abc", "maxIdleTime = 'abc' is not a duration"},
                {"maxConnectionsPerEndpoint=-1", "maxConnectionsPerEndpoint = -1 must be at least 1"},
                {"maxIdleTime=3074457345618258603m", "too large"},
                {"maxIdelTime=30s", "'maxIdelTime=30s' is not SETTING=VALUE with a known setting; did you mean 'maxIdleTime'?"},
                {"port=http", "config-property 'port' = 'http' is not a whole number"},
                {"tls=yes", "must be true or false"},
                {"http2PingTimeout=0", "pingTimeout = 0s must be positive"},
                {"noequals", "is not PROPERTY=VALUE"}}) {
            String[] r = check("host=127.0.0.1", "port=8080", "protocol=http2", c[0]);
            assertEquals("2", r[0], c[0]);
            assertTrue(r[2].contains(c[1]), c[0] + ": " + r[2]);
            assertEquals("", r[1]);
        }
        String[] noHost = check("port=8080");
        assertEquals("2", noHost[0]);
        assertTrue(noHost[2].contains("has no host"), noHost[2]);
    }
}
