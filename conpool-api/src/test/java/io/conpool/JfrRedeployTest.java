package io.conpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.conpool.testing.LineServer;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A redeploy while a recording runs: pool classes loaded by their own class loader (as a resource
 * adapter's are) record JFR events, the pool closes, and the class loader is collected: neither the
 * recorder's {@code FlightRecorderListener} nor JFR's registration of the event classes keeps it.
 */
@Timeout(60)
class JfrRedeployTest {

    @Test
    void poolClassLoaderIsCollectedAfterCloseWhileARecordingRuns() throws Exception {
        try (LineServer server = LineServer.echo();
             RecordingStream recording = new RecordingStream()) {
            recording.enable("io.conpool.Acquire");
            recording.enable("io.conpool.Connect");
            recording.enable("io.conpool.ConnectionClosed");
            recording.startAsync();
            WeakReference<ClassLoader> loader = useAndClose(server.port());
            for (int i = 0; i < 100 && loader.get() != null; i++) {
                System.gc();
                Thread.sleep(50);
            }
            assertNull(loader.get(), "the pool's class loader is still reachable after close");
        }
    }

    private static WeakReference<ClassLoader> useAndClose(int port) throws Exception {
        URL classes = Path.of(ConnectionPool.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toUri().toURL();
        URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Class<?> poolClass = loader.loadClass(ConnectionPool.class.getName());
        Class<?> configClass = loader.loadClass(PoolConfig.class.getName());
        Class<?> endpointClass = loader.loadClass(Endpoint.class.getName());
        Object pool = poolClass.getMethod("create", configClass).invoke(null, configClass.getMethod("defaults").invoke(null));
        Object endpoint = endpointClass.getMethod("plain", String.class, int.class).invoke(null, "127.0.0.1", port);
        for (int i = 0; i < 3; i++) {
            ((AutoCloseable) poolClass.getMethod("acquire", endpointClass).invoke(pool, endpoint)).close();
        }
        Object stats = poolClass.getMethod("stats", endpointClass).invoke(pool, endpoint);
        assertEquals(1L, stats.getClass().getMethod("totalCreated").invoke(stats));
        ((AutoCloseable) pool).close();
        loader.close();
        return new WeakReference<>(loader);
    }
}
