package io.conpool.spi;

import io.conpool.InvalidConfigException;
import io.conpool.Settings;
import java.util.Map;

/**
 * Creates a protocol handler with its settings: a handler that has settings declares them here as a
 * {@link Settings} list and is created with values for them, so every surface (CDI properties
 * {@code conpool.<handler>.<setting>}, resource-adapter connection definitions, code) configures it
 * the same way. Found through {@link java.util.ServiceLoader} like {@link ProtocolHandler}
 * ({@code META-INF/services/io.conpool.spi.ProtocolHandlerProvider}); {@link ProtocolHandlers#create}
 * uses it. A handler without settings needs no provider.
 */
public interface ProtocolHandlerProvider {

    /** @return the handler's name, the same as its {@link ProtocolHandler#name()} */
    String name();

    /** @return the handler's settings, in documentation order */
    Settings settings();

    /**
     * Creates a handler.
     *
     * @param values setting name (without prefix) to value: text in the settings grammar, a
     *               {@link Number} (durations in milliseconds) or a value of the setting's type;
     *               absent settings keep their defaults
     * @return a new handler with those settings
     * @throws InvalidConfigException naming the setting and value, for an unknown name or a bad value
     */
    ProtocolHandler<?> create(Map<String, ?> values);
}
