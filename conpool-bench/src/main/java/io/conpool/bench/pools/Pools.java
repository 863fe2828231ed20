package io.conpool.bench.pools;

import java.io.IOException;
import java.util.List;

/**
 * The pools under test by name, and what each can and cannot do (the benchmarks skip a scenario
 * for a pool that lacks what it needs, and the report says so).
 */
public enum Pools {
    /** conpool, the pool being measured, with its default settings. */
    CONPOOL("conpool", true, true, true, true),
    /**
     * conpool with the stale check forced on every reuse ({@code validateAfterInactivity = 0}),
     * everything else as {@link #CONPOOL}: a variant of conpool, never a peer. Scenario 1 only.
     */
    CONPOOL_CHECK_EVERY_REUSE("conpool-check-every-reuse", true, true, true, true),
    /** Apache commons-pool2 GenericKeyedObjectPool. */
    COMMONS_POOL2("commons-pool2", true, true, true, true),
    /** Apache HttpCore 5 StrictConnPool. */
    HC5_STRICT("hc5-strict", true, true, true, true),
    /** Apache HttpCore 5 LaxConnPool. */
    HC5_LAX("hc5-lax", false, false, false, true),
    /** Apache HttpCore 5 RouteSegmentedConnPool. */
    HC5_SEGMENTED("hc5-segmented", true, true, false, true),
    /** Jetty 12 ConcurrentPool (plus a fair semaphore for waiting). */
    JETTY("jetty-concurrent", true, false, false, false),
    /** HikariCP ConcurrentBag (pre-filled to the limit). */
    HIKARI("hikari-bag", true, false, false, false);

    private final String id;
    private final boolean strictLimit;
    private final boolean globalLimit;
    private final boolean evictsElsewhereAtCap;
    private final boolean keyed;

    Pools(String id, boolean strictLimit, boolean globalLimit, boolean evictsElsewhereAtCap, boolean keyed) {
        this.id = id;
        this.strictLimit = strictLimit;
        this.globalLimit = globalLimit;
        this.evictsElsewhereAtCap = evictsElsewhereAtCap;
        this.keyed = keyed;
    }

    /** @return the name used in {@code @Param}, command-line options and the report */
    public String id() {
        return id;
    }

    /** @return whether the per-endpoint limit is never exceeded, even briefly */
    public boolean strictLimit() {
        return strictLimit;
    }

    /** @return whether the pool has a limit on connections across all endpoints */
    public boolean globalLimit() {
        return globalLimit;
    }

    /**
     * @return whether, at the global cap, the pool closes an idle connection of another endpoint to
     *         serve a caller (without it, callers of an endpoint with no connection wait until timeout)
     */
    public boolean evictsElsewhereAtCap() {
        return evictsElsewhereAtCap;
    }

    /**
     * @return whether this is conpool or one of its variants (never a peer in a ratio, always run by
     *         the suite where its scenario lists it)
     */
    public boolean conpool() {
        return this == CONPOOL || this == CONPOOL_CHECK_EVERY_REUSE;
    }

    /** @return whether this is a variant of conpool with a setting changed, not conpool as configured by default */
    public boolean conpoolVariant() {
        return this == CONPOOL_CHECK_EVERY_REUSE;
    }

    /** @return whether the pool itself is keyed by endpoint (otherwise the adapter keeps one pool per endpoint) */
    public boolean keyed() {
        return keyed;
    }

    /**
     * Creates the pool.
     *
     * @param spec limits and endpoints
     * @return a new pool
     * @throws IOException if connections that the pool needs up front cannot be opened
     */
    public PoolUnderTest create(PoolSpec spec) throws IOException {
        switch (this) {
            case CONPOOL:
                return new ConpoolAdapter(spec, false);
            case CONPOOL_CHECK_EVERY_REUSE:
                return new ConpoolAdapter(spec, true);
            case COMMONS_POOL2:
                return new CommonsPool2Adapter(spec);
            case HC5_STRICT:
                return new HttpCoreAdapter(spec, HttpCoreAdapter.Kind.STRICT);
            case HC5_LAX:
                return new HttpCoreAdapter(spec, HttpCoreAdapter.Kind.LAX);
            case HC5_SEGMENTED:
                return new HttpCoreAdapter(spec, HttpCoreAdapter.Kind.SEGMENTED);
            case JETTY:
                return new JettyAdapter(spec);
            case HIKARI:
                return new HikariBagAdapter(spec);
            default:
                throw new IllegalStateException("no adapter for " + this);
        }
    }

    /**
     * @param id a pool name as in {@link #id()}
     * @return the pool
     * @throws IllegalArgumentException naming the known pools if {@code id} is none of them
     */
    public static Pools byId(String id) {
        for (Pools p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pool '" + id + "'; known pools: " + ids());
    }

    /** @return every pool name, conpool and its variants first (the report's row order) */
    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(Pools::id).toList();
    }

    /**
     * @return the pools the suite's {@code --pools} option selects from: conpool and its peers, conpool
     *         first; conpool's variants are not among them (a scenario that shows one always runs it)
     */
    public static List<String> selectableIds() {
        return java.util.Arrays.stream(values()).filter(p -> !p.conpoolVariant()).map(Pools::id).toList();
    }
}
