package io.conpool.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.conpool.PoolConfig;
import io.conpool.spi.RawProtocolHandler;
import java.time.Duration;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool's JFR listener is registered only while a recording has a conpool event enabled, so
 * with no such recording the engine's events stay off (no clock read, nothing allocated).
 */
@Timeout(60)
class JfrAttachTest {

    private static boolean awaitEnabled(ConnectionEvents events, boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.enabled() != expected) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void listenerFollowsRecordingsThatEnableConpoolEvents() throws Exception {
        PoolEngine<?> engine = new PoolEngine<>("jfr-attach", PoolConfig.defaults(), RawProtocolHandler.INSTANCE);
        try {
            assertFalse(engine.events().enabled(), "no recording: no listener");
            try (RecordingStream other = new RecordingStream()) {
                other.enable("jdk.JavaMonitorEnter"); // a recording without conpool events
                other.startAsync();
                assertTrue(awaitEnabled(engine.events(), false));
                try (RecordingStream conpool = new RecordingStream()) {
                    conpool.enable("io.conpool.ConnectionClosed");
                    conpool.startAsync();
                    assertTrue(awaitEnabled(engine.events(), true), "a conpool recording must register the listener");
                }
                assertTrue(awaitEnabled(engine.events(), false), "the conpool recording ended: listener removed");
            }
        } finally {
            engine.close();
        }
    }

    @Test
    void closedPoolStopsFollowingRecordings() throws Exception {
        PoolEngine<?> engine = new PoolEngine<>("jfr-closed", PoolConfig.defaults(), RawProtocolHandler.INSTANCE);
        try (RecordingStream conpool = new RecordingStream()) {
            conpool.enable("io.conpool.Acquire");
            conpool.startAsync();
            assertTrue(awaitEnabled(engine.events(), true));
            engine.close();
            assertFalse(engine.events().enabled(), "closed pool keeps no JFR listener");
        } finally {
            engine.close();
        }
        try (RecordingStream again = new RecordingStream()) {
            again.enable("io.conpool.Acquire");
            again.startAsync();
            Thread.sleep(100);
            assertFalse(engine.events().enabled(), "a closed pool must not re-register");
        }
    }

    @Test
    void systemPropertyTurnsTheJfrSupportOff() throws Exception {
        System.setProperty(JfrSupport.PROPERTY, "false");
        PoolEngine<?> engine;
        try {
            engine = new PoolEngine<>("jfr-off", PoolConfig.defaults(), RawProtocolHandler.INSTANCE);
        } finally {
            System.clearProperty(JfrSupport.PROPERTY);
        }
        try (RecordingStream conpool = new RecordingStream()) {
            conpool.enable("io.conpool.Acquire");
            conpool.startAsync();
            Thread.sleep(100);
            assertFalse(engine.events().enabled());
        } finally {
            engine.close();
        }
    }
}
