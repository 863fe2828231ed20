/**
 * JMX management of pools: {@link io.conpool.jmx.PoolMBeans#register} publishes a pool and each of
 * its endpoint pools as MXBeans that JConsole and VisualVM show with descriptions. JDK only.
 */
package io.conpool.jmx;
