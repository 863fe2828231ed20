package io.conpool.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.PoolConfig;
import io.conpool.PoolConfigArgs;
import io.conpool.testing.LineServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's quick start is this module's {@link QuickStart}, it runs, and the settings table is complete. */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void quickStartRunsAgainstARealServer() throws IOException {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LineServer server = LineServer.echo()) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertEquals("hello 3", QuickStart.talkTo("127.0.0.1", server.port()));
            assertEquals(1, server.acceptedConnections());
        } finally {
            System.setOut(out);
        }
        assertEquals("1 connection created, 2 reuses", printed.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void readmeShowsTheQuickStartVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/conpool/readme/QuickStart.java"));
        String code = source.substring(source.indexOf("// quick-start:begin") + "// quick-start:begin".length(),
                source.indexOf("// quick-start:end")).strip();
        String readme = Files.readString(README);
        assertTrue(readme.contains(code), "README.md must contain the code of QuickStart.java between its markers");
    }

    @Test
    void readmeDocumentsEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(README);
        String help = PoolConfigArgs.helpText();
        for (String name : PoolConfig.settingNames()) {
            String row = readme.lines().filter(l -> l.startsWith("| `" + name + "`")).findFirst().orElse(null);
            assertTrue(row != null, "README settings table lacks " + name);
            String flagLine = help.lines().filter(l -> l.contains("--" + name.replaceAll("([A-Z])", "-$1").toLowerCase()
                    + "=")).findFirst().orElseThrow();
            String dflt = flagLine.substring(flagLine.lastIndexOf("(default: ") + 10, flagLine.length() - 1);
            assertTrue(row.contains("`" + dflt + "`"), "README row for " + name + " must give the default " + dflt + ": " + row);
        }
    }
}
