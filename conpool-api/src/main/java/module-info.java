/**
 * conpool: a protocol-agnostic TCP/TLS connection pool.
 *
 * <p>The module exports the public API ({@code io.conpool}), the protocol-handler SPI
 * ({@code io.conpool.spi}), JMX management ({@code io.conpool.jmx}) and CDI support
 * ({@code io.conpool.cdi}); the engine in {@code io.conpool.internal} is not exported.
 * At run time it needs the JDK only; the Jakarta CDI and Inject APIs are needed only by
 * {@code io.conpool.cdi}, in a CDI container that provides them.
 */
module io.conpool {
    requires transitive java.naming;
    requires transitive java.management;
    requires static transitive jakarta.cdi;
    requires static transitive jakarta.inject;

    exports io.conpool;
    exports io.conpool.spi;
    exports io.conpool.jmx;
    exports io.conpool.cdi;

    uses io.conpool.spi.ProtocolHandler;
    uses io.conpool.spi.ProtocolHandlerProvider;
}
