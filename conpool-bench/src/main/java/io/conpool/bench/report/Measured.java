package io.conpool.bench.report;

import java.util.Map;

/**
 * One benchmark trial's outcome, independent of JMH's result classes: what ran, its primary score,
 * JMH's secondary results (e.g. {@code gc.alloc.rate.norm}) and the extras the fork wrote.
 *
 * @param benchmark the benchmark class's simple name
 * @param params    the JMH parameters
 * @param threads   the number of benchmark threads
 * @param score     the primary score
 * @param error     its 99.9 % confidence half-width (NaN when JMH could not compute one)
 * @param unit      the score's unit, e.g. {@code ops/us}
 * @param secondary secondary results by label
 * @param extras    numbers from {@link io.conpool.bench.jmh.Extras}
 */
public record Measured(String benchmark, Map<String, String> params, int threads, double score, double error,
                       String unit, Map<String, Double> secondary, Map<String, String> extras) {

    /**
     * @param name a parameter name
     * @return its value, or null
     */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * @param key an extras key
     * @return its value as a number, or NaN when missing
     */
    public double extra(String key) {
        String v = extras.get(key);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** @return bytes allocated per operation from {@code -prof gc}, or NaN */
    public double bytesPerOp() {
        Double d = secondary.get("gc.alloc.rate.norm");
        if (d == null) {
            d = secondary.get("\u00b7gc.alloc.rate.norm");
        }
        return d == null ? Double.NaN : d;
    }
}
