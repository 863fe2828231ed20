/**
 * CDI support: a portable extension ({@link io.conpool.cdi.ConpoolExtension}) that makes the pool
 * and per-endpoint connection factories injectable, configured by {@code conpool.*} properties.
 * Needs a CDI 4 container (Weld SE, or a Jakarta EE server) at run time; the rest of conpool does not.
 */
package io.conpool.cdi;
