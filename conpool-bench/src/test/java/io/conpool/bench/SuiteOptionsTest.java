package io.conpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.bench.pools.Pools;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {

    @Test
    void emptyValuesFromUnsetMavenPropertiesMeanDefaults() {
        SuiteOptions o = SuiteOptions.parse("--mode=", "--out=", "--only=", "--pools=", "--note=", "");
        assertEquals("quick", o.mode());
        assertEquals(Set.copyOf(SuiteOptions.SCENARIOS), o.scenarios());
        assertEquals(Pools.selectableIds(), o.pools());
        assertTrue(o.pools().contains("conpool") && !o.pools().contains("conpool-check-every-reuse"), o.pools().toString());
        assertEquals(Path.of("target", "bench", "RESULTS.md"), o.out());
    }

    @Test
    void poolsSubsetAlwaysKeepsConpoolFirst() {
        SuiteOptions o = SuiteOptions.parse("--pools=hikari-bag, hc5-strict", "--only=contended", "--mode=full");
        assertEquals(List.of("conpool", "hikari-bag", "hc5-strict"), o.pools());
        assertEquals(Set.of("contended"), o.scenarios());
        assertTrue(o.command().contains("-Dbench.mode=full"), o.command());
        assertTrue(o.command().contains("-Dbench.pools=conpool,hikari-bag,hc5-strict"), o.command());
    }

    @Test
    void theConpoolVariantIsNotAPoolToSelect() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuiteOptions.parse("--pools=hikari-bag,conpool-check-every-reuse"));
        assertTrue(e.getMessage().contains("conpool-check-every-reuse") && e.getMessage().contains("scenario 1 always runs")
                && e.getMessage().contains("hikari-bag"), e.getMessage());
        assertTrue(SuiteOptions.USAGE.contains("conpool-check-every-reuse"), SuiteOptions.USAGE);
        assertTrue(!SuiteOptions.parse().command().contains("-Dbench.pools"), "the default pools need no option");
    }

    @Test
    void theHttp2ScenarioIsSelectableAlone() {
        SuiteOptions o = SuiteOptions.parse("--only=h2");
        assertEquals(Set.of("h2"), o.scenarios());
        assertTrue(o.command().contains("-Dbench.only=h2 "), o.command());
    }

    @Test
    void badValuesAreNamedWithWhatIsAllowed() {
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--mode=long"));
        assertTrue(mode.getMessage().contains("quick or full"), mode.getMessage());
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--pools=c3p0"));
        assertTrue(pool.getMessage().contains("c3p0") && pool.getMessage().contains("hikari-bag"), pool.getMessage());
        IllegalArgumentException only = assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--only=soak"));
        assertTrue(only.getMessage().contains("soak") && only.getMessage().contains("loopback, h2"), only.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse("--frobnicate"));
    }
}
