package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JPMS module exports the API and SPI only and needs nothing but the JDK. */
class ModuleDescriptorTest {

    @Test
    void moduleExportsApiAndSpiOnlyAndRequiresOnlyJdkModules() throws URISyntaxException {
        Path classes = Path.of(ConnectionPool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d = ModuleFinder.of(classes).find("io.conpool").orElseThrow().descriptor();
        Set<String> exports = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertTrue(exports.contains("io.conpool"));
        assertTrue(exports.contains("io.conpool.spi"));
        assertTrue(exports.stream().noneMatch(p -> p.contains("internal")), "engine must not be exported: " + exports);
        for (ModuleDescriptor.Requires r : d.requires()) {
            boolean jdk = r.name().startsWith("java.") || r.name().startsWith("jdk.");
            boolean optional = r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC);
            assertTrue(jdk || optional, "conpool-api must need only the JDK at run time, requires " + r);
        }
        assertEquals("io.conpool", d.name());
    }
}
