/**
 * conpool: a protocol-agnostic TCP/TLS connection pool.
 *
 * <p>The module exports the public API ({@code io.conpool}), the protocol-handler SPI
 * ({@code io.conpool.spi}), JMX management ({@code io.conpool.jmx}) and CDI support
 * ({@code io.conpool.cdi}) and the JDK Flight Recorder events ({@code io.conpool.jfr}); the engine
 * in {@code io.conpool.internal} is not exported.
 * At run time it needs the JDK only; the Jakarta CDI and Inject APIs are needed only by
 * {@code io.conpool.cdi}, in a CDI container that provides them; {@code jdk.jfr} is used when the
 * runtime has it.
 */
module io.conpool {
    requires transitive java.naming;
    requires transitive java.management;
    requires static transitive jakarta.cdi;
    requires static transitive jakarta.inject;
    // JFR events: used only when the runtime has jdk.jfr (JfrSupport checks; a jlink'd image may not)
    requires static jdk.jfr;

    exports io.conpool;
    exports io.conpool.spi;
    exports io.conpool.jmx;
    exports io.conpool.cdi;
    exports io.conpool.jfr;

    uses io.conpool.spi.ProtocolHandler;
    uses io.conpool.spi.ProtocolHandlerProvider;
}
