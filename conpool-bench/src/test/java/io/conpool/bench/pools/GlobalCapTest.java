package io.conpool.bench.pools;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.conpool.Endpoint;
import io.conpool.bench.net.LoopbackServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The global cap (scenario 3): pools that claim to evict idle connections of other endpoints at the
 * cap really do; the one that has a cap but does not evict is why it cannot run the scenario.
 */
@Timeout(30)
class GlobalCapTest {
    private final List<LoopbackServer> servers = new ArrayList<>();
    private PoolUnderTest pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        servers.forEach(LoopbackServer::close);
    }

    private PoolSpec twoEndpointsCapTwo(Duration timeout) throws Exception {
        List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            LoopbackServer s = LoopbackServer.plain();
            servers.add(s);
            eps.add(Endpoint.plain(s.host(), s.port()));
        }
        return new PoolSpec(eps, 2, 2, timeout);
    }

    private void fillEndpointZeroWithIdle() throws Exception {
        Object a = pool.acquire(0);
        Object b = pool.acquire(0);
        pool.release(a);
        pool.release(b);
    }

    @ParameterizedTest
    @EnumSource(value = Pools.class, names = {"CONPOOL", "COMMONS_POOL2", "HC5_STRICT"})
    void atTheCapAnIdleConnectionElsewhereIsClosedToServeTheCaller(Pools kind) throws Exception {
        pool = kind.create(twoEndpointsCapTwo(Duration.ofSeconds(5)));
        fillEndpointZeroWithIdle();
        Object other = pool.acquire(1);
        assertNotNull(other);
        pool.release(other);
    }

    @Test
    void segmentedPoolDoesNotEvictElsewhereSoTheCallerTimesOut() throws Exception {
        pool = Pools.HC5_SEGMENTED.create(twoEndpointsCapTwo(Duration.ofMillis(300)));
        fillEndpointZeroWithIdle();
        assertThrows(Exception.class, () -> pool.acquire(1));
    }
}
