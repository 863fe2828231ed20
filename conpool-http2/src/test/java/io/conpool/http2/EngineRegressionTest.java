package io.conpool.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.conpool.PoolConfig;
import org.junit.jupiter.api.Test;

/** Engine behaviour this module found broken and depends on. */
class EngineRegressionTest {

    /**
     * {@code PoolConfig}'s static {@code DEFAULTS} was built before the static defaults its builder reads
     * ({@code NONE_CHECK}, {@code NO_HOOK}) were initialised, so the class failed to initialise
     * ("healthCheck must not be null") and no pool could be configured.
     */
    @Test
    void poolConfigInitialisesOnFirstUse() {
        assertEquals(10, PoolConfig.defaults().maxConnectionsPerEndpoint());
        assertEquals(3, PoolConfig.builder().maxConnectionsPerEndpoint(3).build().maxConnectionsPerEndpoint());
    }
}
