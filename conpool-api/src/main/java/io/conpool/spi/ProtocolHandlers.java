package io.conpool.spi;

import io.conpool.InvalidConfigException;
import io.conpool.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds protocol handlers by name through {@link ServiceLoader} ({@code raw} is always there). A
 * handler with settings is created with them through its {@link ProtocolHandlerProvider}
 * ({@link #create}); {@link #byName} gives a handler with default settings.
 */
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

    /**
     * The settings a handler takes.
     *
     * @param name the handler's name
     * @return its settings; an empty list for a handler without a {@link ProtocolHandlerProvider} (such as {@code raw})
     * @throws IllegalArgumentException if no handler has that name; the message lists those found
     */
    public static Settings settings(String name) {
        ProtocolHandlerProvider p = provider(name);
        if (p != null) {
            return p.settings();
        }
        return Settings.declare(byName(name).name()).done();
    }

    /**
     * Creates a handler with settings: through its {@link ProtocolHandlerProvider} when it has one,
     * otherwise {@link #byName} (then {@code values} must be empty).
     *
     * @param name   the handler's name, e.g. {@code http2}
     * @param values setting name (without prefix) to value, see {@link ProtocolHandlerProvider#create}
     * @return the handler
     * @throws IllegalArgumentException if no handler has that name
     * @throws InvalidConfigException   for an unknown setting or a bad value, naming it
     */
    public static ProtocolHandler<?> create(String name, Map<String, ?> values) {
        ProtocolHandlerProvider p = provider(name);
        if (p != null) {
            return p.create(values);
        }
        ProtocolHandler<?> h = byName(name);
        if (!values.isEmpty()) {
            String first = values.keySet().iterator().next();
            throw new InvalidConfigException(first, "Invalid config: protocol handler '" + h.name()
                    + "' has no settings, so " + h.name() + "." + first + " cannot be set");
        }
        return h;
    }

    /**
     * @param name a handler's name
     * @return its provider, or {@code null} if it has none
     */
    public static ProtocolHandlerProvider provider(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        List<ServiceLoader<ProtocolHandlerProvider>> loaders = new ArrayList<>();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl != null) {
            loaders.add(ServiceLoader.load(ProtocolHandlerProvider.class, tccl));
        }
        loaders.add(ServiceLoader.load(ProtocolHandlerProvider.class, ProtocolHandlers.class.getClassLoader()));
        for (ServiceLoader<ProtocolHandlerProvider> loader : loaders) {
            for (ProtocolHandlerProvider p : loader) {
                if (p.name().equalsIgnoreCase(name.strip())) {
                    return p;
                }
            }
        }
        return null;
    }
}
