/**
 * conpool: a protocol-agnostic TCP/TLS connection pool.
 *
 * <p>The module exports the public API ({@code io.conpool}) and the protocol-handler SPI
 * ({@code io.conpool.spi}); the engine in {@code io.conpool.internal} is not exported.
 * It needs nothing but {@code java.base} at run time.
 */
module io.conpool {
    exports io.conpool;
    exports io.conpool.spi;

    uses io.conpool.spi.ProtocolHandler;
}
