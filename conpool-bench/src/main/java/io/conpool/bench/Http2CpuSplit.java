package io.conpool.bench;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.Lease;
import io.conpool.PoolConfig;
import io.conpool.Transport;
import io.conpool.bench.net.Http1Exchange;
import io.conpool.bench.net.JettyLoopbackServer;
import io.conpool.bench.net.Wire;
import io.conpool.http2.Http2Connection;
import io.conpool.http2.Http2ProtocolHandler;
import io.conpool.http2.Http2Request;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The profile behind scenario 5's HTTP/1.1 ratio: CPU time per request, split by thread group
 * (the calling threads, the http2 handler's reader thread, the embedded Jetty server's threads),
 * for conpool h2c and conpool HTTP/1.1 against the same server as {@code Http2Benchmark}, measured
 * with {@link ThreadMXBean} thread CPU times. On a machine where client and server share the CPUs,
 * requests/s is bounded by cores ÷ total CPU per request, so the split shows which side a gap
 * comes from.
 *
 * <p>Usage: {@code Http2CpuSplit [threads] [seconds]} (defaults 16 and 4); runs h2c, HTTP/1.1, h2c,
 * HTTP/1.1, each after a 2 s warm-up, and prints one line per run.
 */
public final class Http2CpuSplit {
    private Http2CpuSplit() {
    }

    /**
     * @param args optional thread count and measured seconds
     * @throws Exception if the server or a request fails
     */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        if (threads < 1 || seconds < 1) {
            throw new IllegalArgumentException("threads and seconds must be positive, got " + threads + " and " + seconds);
        }
        for (String protocol : new String[] {"h2c", "http1.1", "h2c", "http1.1"}) {
            System.out.println(run("h2c".equals(protocol), threads, seconds));
        }
        System.exit(0);
    }

    private static String run(boolean h2, int threads, int seconds) throws Exception {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        PoolConfig cfg = PoolConfig.builder().maxConnectionsPerEndpoint(32).maxTotalConnections(32)
                .acquireTimeout(Duration.ofSeconds(30)).build();
        try (JettyLoopbackServer server = JettyLoopbackServer.start(
                h2 ? JettyLoopbackServer.Protocol.H2 : JettyLoopbackServer.Protocol.HTTP1, null);
             ConnectionPool<Http2Connection> h2Pool = ConnectionPool.builder(new Http2ProtocolHandler())
                     .name("cpu-h2").config(cfg).build();
             ConnectionPool<Transport> http1Pool = ConnectionPool.create(cfg)) {
            Endpoint ep = Endpoint.plain(server.host(), server.port());
            Http2Request h2Request = Http2Request.post(JettyLoopbackServer.PATH, Wire.request(false));
            byte[] http1Request = Http1Exchange.request(server.host(), server.port());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong done = new AtomicLong();
            Callable<Void> work = () -> {
                Http1Exchange http1 = new Http1Exchange();
                while (!stop.get()) {
                    if (h2) {
                        try (Lease<Http2Connection> l = h2Pool.acquire(ep)) {
                            l.connection().send(h2Request);
                        }
                    } else {
                        try (Lease<Transport> l = http1Pool.acquire(ep)) {
                            http1.exchange(l.connection().input(), l.connection().output(), http1Request);
                        }
                    }
                    done.incrementAndGet();
                }
                return null;
            };
            ExecutorService exec = Executors.newFixedThreadPool(threads, r -> new Thread(r, "caller-" + r.hashCode()));
            try {
                List<Future<Void>> running = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    running.add(exec.submit(work));
                }
                Thread.sleep(2_000);
                Map<Long, Long> before = cpuTimes(tmx);
                long n0 = done.get();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1_000L);
                Map<Long, Long> after = cpuTimes(tmx);
                long requests = done.get() - n0;
                long elapsed = System.nanoTime() - t0;
                stop.set(true);
                for (Future<Void> f : running) {
                    f.get();
                }
                Map<String, Long> groups = new TreeMap<>();
                for (Map.Entry<Long, Long> e : after.entrySet()) {
                    ThreadInfo info = tmx.getThreadInfo(e.getKey());
                    if (info != null) {
                        groups.merge(group(info.getThreadName()), e.getValue() - before.getOrDefault(e.getKey(), 0L),
                                Long::sum);
                    }
                }
                StringBuilder sb = new StringBuilder(String.format("%-8s %6.0f req/s, CPU µs per request:",
                        h2 ? "h2c" : "http1.1", requests * 1e9 / elapsed));
                long total = 0;
                for (Map.Entry<String, Long> g : groups.entrySet()) {
                    total += g.getValue();
                    sb.append(String.format(" %s %.1f", g.getKey(), g.getValue() / 1000.0 / requests));
                }
                return sb.append(String.format(", total %.1f", total / 1000.0 / requests)).toString();
            } finally {
                exec.shutdownNow();
            }
        }
    }

    private static String group(String threadName) {
        if (threadName.startsWith("caller-")) {
            return "callers";
        }
        if (threadName.startsWith("conpool-h2-reader")) {
            return "h2-reader";
        }
        return threadName.startsWith("bench-jetty") ? "jetty-server" : "other";
    }

    private static Map<Long, Long> cpuTimes(ThreadMXBean tmx) {
        Map<Long, Long> m = new HashMap<>();
        for (long id : tmx.getAllThreadIds()) {
            long cpu = tmx.getThreadCpuTime(id);
            if (cpu > 0) {
                m.put(id, cpu);
            }
        }
        return m;
    }
}
