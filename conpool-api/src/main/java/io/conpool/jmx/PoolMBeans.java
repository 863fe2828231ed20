package io.conpool.jmx;

import io.conpool.ConnectionPool;
import io.conpool.Endpoint;
import io.conpool.PoolListener;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Publishes a pool in JMX: one {@link PoolMXBean} for the pool and one endpoint MBean (attributes
 * as in {@link EndpointPoolMXBean}, plus every setting of {@link io.conpool.PoolConfig#SETTINGS})
 * per endpoint pool, registered as each endpoint pool appears, and all unregistered when the pool
 * closes or this registration is {@linkplain #close() closed}.
 *
 * <pre>{@code
 * try (PoolMBeans beans = PoolMBeans.register(pool, ManagementFactory.getPlatformMBeanServer())) {
 *     ...
 * }
 * }</pre>
 *
 * <p>An endpoint pool removed after {@code endpointExpiry} takes its bean with it; the bean comes
 * back if the endpoint is used again.
 *
 * <p>A name already taken in the MBeanServer (another pool with the same name) is logged as a
 * warning on logger {@code io.conpool} and skipped; the pool keeps working without that bean.
 */
public final class PoolMBeans implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.conpool");

    private final ConnectionPool<?> pool;
    private final MBeanServer server;
    private final Object configLock = new Object();
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();
    private final PoolListener listener = new PoolListener() {
        @Override
        public void endpointAdded(Endpoint endpoint) {
            registerEndpoint(endpoint);
        }

        @Override
        public void endpointRemoved(Endpoint endpoint) {
            unregister(ObjectNames.endpoint(pool.name(), endpoint));
            if (pool.endpoints().contains(endpoint)) {
                registerEndpoint(endpoint); // used again while its old bean was going
            }
        }

        @Override
        public void poolClosed() {
            close();
        }
    };
    private volatile boolean closed;

    private final boolean readOnly;

    private PoolMBeans(ConnectionPool<?> pool, MBeanServer server, boolean readOnly) {
        this.pool = pool;
        this.server = server;
        this.readOnly = readOnly;
    }

    /**
     * Registers the pool's beans now and its endpoint beans as endpoints appear.
     *
     * @param pool   the pool
     * @param server where to register, usually {@code ManagementFactory.getPlatformMBeanServer()}
     * @return the registration; close it to unregister every bean (closing the pool does it too)
     * @throws NullPointerException if either is null
     */
    public static PoolMBeans register(ConnectionPool<?> pool, MBeanServer server) {
        return register(pool, server, false);
    }

    /**
     * Registers the pool's beans, optionally read-only: every attribute reads as usual, every write
     * and operation is refused with a message that says so (for publishing statistics to people
     * who must not change the pool).
     *
     * @param pool     the pool
     * @param server   where to register
     * @param readOnly whether writes and operations are refused
     * @return the registration; close it to unregister every bean
     * @throws NullPointerException if pool or server is null
     */
    public static PoolMBeans register(ConnectionPool<?> pool, MBeanServer server, boolean readOnly) {
        PoolMBeans beans = new PoolMBeans(Objects.requireNonNull(pool, "pool"), Objects.requireNonNull(server, "server"),
                readOnly);
        beans.register(ObjectNames.pool(pool.name()), new DescribedMBean<>(new PoolView(pool, readOnly), PoolMXBean.class));
        pool.addListener(beans.listener);
        return beans;
    }

    /** @return the names this registration holds now */
    public Set<ObjectName> names() {
        return new TreeSet<>(registered);
    }

    private void registerEndpoint(Endpoint endpoint) {
        register(ObjectNames.endpoint(pool.name(), endpoint),
                new EndpointPoolBean(pool, endpoint, configLock, readOnly));
    }

    private void register(ObjectName name, Object bean) {
        if (closed || registered.contains(name)) {
            return;
        }
        try {
            server.registerMBean(bean, name);
            registered.add(name);
        } catch (InstanceAlreadyExistsException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: JMX name " + name + " is already taken, so pool '"
                    + pool.name() + "' is not visible there: give each pool (each resource adapter"
                    + " activation) its own pool name");
            return;
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: could not register JMX bean " + name + "; the pool works without it", e);
            return;
        }
        if (closed) {
            unregister(name); // closed while registering
        }
    }

    private void unregister(ObjectName name) {
        if (!registered.remove(name)) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone (unregistered by someone else)
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "conpool: could not unregister JMX bean " + name, e);
        }
    }

    /** Unregisters every bean of the pool and stops following it. Idempotent; does not close the pool. */
    @Override
    public void close() {
        closed = true;
        pool.removeListener(listener);
        for (ObjectName name : registered.toArray(new ObjectName[0])) {
            unregister(name);
        }
    }
}
