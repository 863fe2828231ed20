package io.conpool.spi;

import io.conpool.Transport;

/**
 * The default handler, named {@code raw}: exclusive connections whose state is the
 * {@link Transport} itself, so the holder reads and writes the socket's streams directly.
 */
public final class RawProtocolHandler implements ProtocolHandler<Transport> {

    /** The handler's name, {@value}. */
    public static final String NAME = "raw";

    /** The shared instance; the handler is stateless. */
    public static final RawProtocolHandler INSTANCE = new RawProtocolHandler();

    /** Public for {@link java.util.ServiceLoader}; prefer {@link #INSTANCE}. */
    public RawProtocolHandler() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transport init(Transport transport) {
        return transport;
    }
}
