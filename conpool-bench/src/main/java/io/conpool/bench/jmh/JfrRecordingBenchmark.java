package io.conpool.bench.jmh;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.bench.net.LoopbackServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What JFR recording costs the uncontended acquire/release cycle of conpool (one thread, one
 * endpoint, a connection always free): {@code off} (no recording: the pool's JFR listener is not
 * registered), {@code noop-listener} (no recording, an empty {@code ConnectionListener}: the engine's
 * own cost of reporting events), {@code other-recording} (a recording without conpool events: the
 * pool's JFR listener stays unregistered), {@code conpool-jfc} (a recording with the settings of {@code deploy/jfr/conpool.jfc}:
 * every conpool event on, acquires recorded from 10 ms of wait, so none of these is written) and
 * {@code every-acquire} (the same with {@code minWait = 0 ns}: every acquire is written). Run with
 * plain JMH, e.g. {@code org.openjdk.jmh.Main JfrRecordingBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JfrRecordingBenchmark {

    /** The recording running during the trial. */
    @Param({"off", "noop-listener", "other-recording", "conpool-jfc", "every-acquire"})
    public String recording;

    private LoopbackServer server;
    private ConnectionPool<Transport> pool;
    private Endpoint endpoint;
    private Recording jfr;

    /**
     * Starts the server, the pool (with its connection open) and the recording.
     *
     * @throws IOException if the server or the pool cannot start
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        server = LoopbackServer.plain();
        endpoint = Endpoint.plain(server.host(), server.port());
        pool = ConnectionPool.create(PoolConfig.builder().maxConnectionsPerEndpoint(1)
                .maxIdleTime(Duration.ofHours(1)).maxConnectionLifetime(Duration.ofHours(2)).build());
        pool.acquire(endpoint).close();
        if (recording.equals("noop-listener")) {
            pool.addConnectionListener(new io.conpool.ConnectionListener() { });
        } else if (recording.equals("other-recording")) {
            jfr = new Recording();
            jfr.enable("jdk.JavaMonitorEnter");
            jfr.start();
        } else if (!recording.equals("off")) {
            String minWait = switch (recording) {
                case "conpool-jfc" -> "10 ms";
                case "every-acquire" -> "0 ns";
                default -> throw new IllegalArgumentException("unknown recording '" + recording
                        + "': use off, conpool-jfc or every-acquire");
            };
            jfr = new Recording();
            jfr.enable("io.conpool.Acquire").with("minWait", minWait);
            jfr.enable("io.conpool.Connect");
            jfr.enable("io.conpool.ConnectionClosed");
            jfr.enable("io.conpool.StaleConnection");
            jfr.enable("io.conpool.LeakSuspected");
            jfr.setMaxSize(64L << 20);
            jfr.start();
        }
    }

    /** Stops the recording, closes the pool and the server. */
    @TearDown(Level.Trial)
    public void stop() {
        if (jfr != null) {
            jfr.close();
        }
        pool.close();
        server.close();
    }

    /**
     * One cycle: acquire, touch, release.
     *
     * @param bh keeps the lease alive
     * @throws Exception if the pool fails (it should not)
     */
    @Benchmark
    public void cycle(Blackhole bh) throws Exception {
        try (Lease<Transport> l = pool.acquire(endpoint)) {
            bh.consume(l.connection());
        }
    }
}
