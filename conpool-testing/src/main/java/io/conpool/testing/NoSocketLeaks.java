package io.conpool.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test: no {@link LineServer} was closed while a client still held a connection to it,
 * i.e. every pool closed every socket it opened. Registered for all tests by auto-detection.
 */
public final class NoSocketLeaks implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = LineServer.takeLeaks();
        assertEquals(List.of(), leaks, "sockets left open by " + context.getDisplayName());
    }
}
