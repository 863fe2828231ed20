package io.conpool.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.bench.pools.Pools;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * The benchmarks' parameter lists: which pools each scenario runs (conpool's check-every-reuse
 * variant in scenario 1 only), scenario 3's two key mixes, and the endpoint each mix picks.
 */
class BenchmarkParamsTest {

    private static List<String> values(Class<?> benchmark, String field) throws NoSuchFieldException {
        return Arrays.asList(benchmark.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void theCheckEveryReuseVariantRunsInScenarioOneOnly() throws Exception {
        assertEquals(Pools.ids(), values(UncontendedBenchmark.class, "pool"), "scenario 1: every pool and the variant");
        assertEquals(Pools.selectableIds(), values(ContendedBenchmark.class, "pool"), "scenario 2: no variant");
        for (String id : values(ManyEndpointsBenchmark.class, "pool")) {
            Pools p = Pools.byId(id);
            assertTrue(!p.conpoolVariant() && p.globalLimit() && p.evictsElsewhereAtCap(), id);
        }
    }

    @Test
    void scenarioThreeRunsTheHotAndTheUniformMix() throws Exception {
        assertEquals(List.of("hot", "uniform"), values(ManyEndpointsBenchmark.class, "mix"));
        assertEquals(ManyEndpointsBenchmark.MIXES, values(ManyEndpointsBenchmark.class, "mix"));
    }

    @Test
    void anUnknownMixIsRefusedByName() {
        ManyEndpointsBenchmark b = new ManyEndpointsBenchmark();
        b.pool = "conpool";
        b.mix = "zipf";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::start);
        assertTrue(e.getMessage().contains("zipf") && e.getMessage().contains("uniform"), e.getMessage());
    }

    private static int[] histogram(boolean uniform, int draws) {
        SplittableRandom rnd = new SplittableRandom(11);
        int[] counts = new int[ManyEndpointsBenchmark.ENDPOINTS];
        for (int i = 0; i < draws; i++) {
            counts[ManyEndpointsBenchmark.pickEndpoint(uniform, rnd)]++;
        }
        return counts;
    }

    @Test
    void theHotMixPutsEightyPercentOnTwentyEndpointsAndTheUniformMixSpreadsEvenly() {
        int draws = 200_000;
        int[] hot = histogram(false, draws);
        long onHot = Arrays.stream(hot, 0, ManyEndpointsBenchmark.HOT).sum();
        assertEquals(0.80, onHot / (double) draws, 0.01, "share on the hot endpoints");
        assertTrue(Arrays.stream(hot).allMatch(c -> c > 0), "every endpoint gets some traffic");
        int[] uniform = histogram(true, draws);
        int even = draws / ManyEndpointsBenchmark.ENDPOINTS; // 2000, standard deviation about 45
        for (int i = 0; i < uniform.length; i++) {
            assertTrue(Math.abs(uniform[i] - even) < even / 5, "endpoint " + i + ": " + uniform[i] + " of " + draws);
        }
    }
}
