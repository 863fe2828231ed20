package io.conpool.http2;

import io.conpool.Settings;
import io.conpool.spi.ProtocolHandler;
import io.conpool.spi.ProtocolHandlerProvider;
import java.util.Map;

/**
 * Creates the {@code http2} handler with its {@link Http2Options}; found through
 * {@link java.util.ServiceLoader}, used by {@code ProtocolHandlers.create("http2", values)}, the
 * CDI extension ({@code conpool.http2.<setting>}) and the resource adapter.
 */
public final class Http2HandlerProvider implements ProtocolHandlerProvider {

    /** Creates the provider (the service loader does). */
    public Http2HandlerProvider() {
    }

    /** @return {@value Http2ProtocolHandler#NAME} */
    @Override
    public String name() {
        return Http2ProtocolHandler.NAME;
    }

    /** @return {@link Http2Options#SETTINGS} */
    @Override
    public Settings settings() {
        return Http2Options.SETTINGS;
    }

    /**
     * @param values setting name to value (text, Number, Duration); absent ones keep their defaults
     * @return a handler with those settings
     * @throws io.conpool.InvalidConfigException for an unknown name or a bad value
     */
    @Override
    public ProtocolHandler<?> create(Map<String, ?> values) {
        Http2Options.Builder b = Http2Options.builder();
        values.forEach(b::set);
        return new Http2ProtocolHandler(b.build());
    }
}
