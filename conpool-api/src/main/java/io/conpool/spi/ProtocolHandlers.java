package io.conpool.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds protocol handlers by name through {@link ServiceLoader} ({@code raw} is always there). */
public final class ProtocolHandlers {

    private ProtocolHandlers() {
    }

    /**
     * Looks up a handler by name, first in the built-in {@code raw}, then among the
     * {@link ProtocolHandler} services visible to the thread's context class loader and to this
     * library's own class loader.
     *
     * @param name the handler's name, e.g. {@code raw} or {@code http2}
     * @return the handler
     * @throws IllegalArgumentException if no handler has that name; the message lists those found
     */
    public static ProtocolHandler<?> byName(String name) {
        if (name == null || name.isBlank() || RawProtocolHandler.NAME.equalsIgnoreCase(name.strip())) {
            return RawProtocolHandler.INSTANCE;
        }
        List<String> seen = new ArrayList<>();
        for (ProtocolHandler<?> h : available()) {
            if (h.name().equalsIgnoreCase(name.strip())) {
                return h;
            }
            seen.add(h.name());
        }
        throw new IllegalArgumentException("No protocol handler named '" + name + "'; found " + seen
                + ": put the module that provides it (e.g. conpool-http2 for http2) on the class path");
    }

    /**
     * @return every handler the service loaders find, {@code raw} first, each name once
     */
    public static List<ProtocolHandler<?>> available() {
        List<ProtocolHandler<?>> out = new ArrayList<>();
        out.add(RawProtocolHandler.INSTANCE);
        List<ServiceLoader<?>> loaders = new ArrayList<>();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl != null) {
            loaders.add(ServiceLoader.load(ProtocolHandler.class, tccl));
        }
        // this library's own class loader: in a resource adapter, handlers bundled beside it
        loaders.add(ServiceLoader.load(ProtocolHandler.class, ProtocolHandlers.class.getClassLoader()));
        for (ServiceLoader<?> loader : loaders) {
            for (Object o : loader) {
                ProtocolHandler<?> h = (ProtocolHandler<?>) o;
                if (out.stream().noneMatch(x -> x.name().equalsIgnoreCase(h.name()))) {
                    out.add(h);
                }
            }
        }
        return out;
    }
}
