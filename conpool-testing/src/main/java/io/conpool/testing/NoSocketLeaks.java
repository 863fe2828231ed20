package io.conpool.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test: no {@link LineServer} was closed while a client still held a connection to it,
 * i.e. every pool closed every socket it opened. A module registers it for all its tests through
 * JUnit's extension auto-detection: {@code junit.jupiter.extensions.autodetection.enabled=true} in its
 * {@code junit-platform.properties} and this class named in its test resources'
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} (conpool-api's tests do).
 */
public final class NoSocketLeaks implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = LineServer.takeLeaks();
        assertEquals(List.of(), leaks, "sockets left open by " + context.getDisplayName());
    }
}
