package io.conpool.spi;

/**
 * How many holders a connection may be leased to at once, as its protocol handler says.
 *
 * <ul>
 *   <li>{@link Exclusive}: one holder at a time (HTTP/1.1, Redis, most protocols);</li>
 *   <li>{@link Shared}: up to {@code maxConcurrent} holders at once (HTTP/2 streams);</li>
 *   <li>{@link Draining}: no new holders; the pool closes the connection when the last lease
 *       returns (HTTP/2 after GOAWAY).</li>
 * </ul>
 */
public sealed interface AccessMode permits AccessMode.Exclusive, AccessMode.Shared, AccessMode.Draining {

    /** @return how many leases the connection can have at once under this mode (0 when draining) */
    int capacity();

    /** @return the exclusive mode */
    static AccessMode exclusive() {
        return Exclusive.INSTANCE;
    }

    /**
     * @param maxConcurrent how many holders may share the connection, at least 1
     * @return a shared mode
     * @throws IllegalArgumentException if {@code maxConcurrent < 1}
     */
    static AccessMode shared(int maxConcurrent) {
        return new Shared(maxConcurrent);
    }

    /** @return the draining mode */
    static AccessMode draining() {
        return Draining.INSTANCE;
    }

    /** One holder at a time. */
    enum Exclusive implements AccessMode {
        /** The only instance. */
        INSTANCE;

        @Override
        public int capacity() {
            return 1;
        }
    }

    /**
     * Up to {@code maxConcurrent} holders at once.
     *
     * @param maxConcurrent the number of concurrent holders, at least 1
     */
    record Shared(int maxConcurrent) implements AccessMode {
        /**
         * Checks the capacity.
         *
         * @param maxConcurrent the number of concurrent holders, at least 1
         * @throws IllegalArgumentException if {@code maxConcurrent < 1}
         */
        public Shared {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("Shared access needs maxConcurrent >= 1, got " + maxConcurrent
                        + ": use AccessMode.draining() to stop new leases");
            }
        }

        @Override
        public int capacity() {
            return maxConcurrent;
        }
    }

    /** No new holders; closed when the last lease returns. */
    enum Draining implements AccessMode {
        /** The only instance. */
        INSTANCE;

        @Override
        public int capacity() {
            return 0;
        }
    }
}
