package io.conpool.cdi;

import io.conpool.ConnectionPool;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.Transport;
import io.conpool.jmx.PoolMBeans;
import io.conpool.spi.ProtocolHandler;
import io.conpool.spi.ProtocolHandlers;
import io.conpool.spi.RawProtocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * CDI portable extension that makes conpool injectable, configured from {@code conpool.*}
 * properties ({@link ConpoolProperties}):
 * <ul>
 *   <li>{@code @Inject ConnectionPool pool} (or {@code ConnectionPool<Transport>} with the {@code raw}
 *       handler): one pool for the container, created on first use, closed when the container shuts
 *       down. Its scope is {@link Singleton}, the application-wide pseudo-scope, because the engine's
 *       final {@code ConnectionPool} class cannot have a client proxy.</li>
 *   <li>{@code @Inject @PoolEndpoint("name") ConpoolConnectionFactory}: an {@link ApplicationScoped}
 *       factory for each endpoint {@code conpool.endpoint.<name>.*}, leasing from that pool.</li>
 * </ul>
 * Invalid properties fail the container's start with a definition error naming the key.
 * With {@code conpool.jmx=true} (the default) the pool's MBeans are registered in the platform
 * MBeanServer. Registered through {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 */
public class ConpoolExtension implements Extension {

    private static final Type RAW_POOL_TYPE = new TypeLiteral<ConnectionPool<Transport>>() {
        private static final long serialVersionUID = 1L;
    }.getType();

    /** Creates the extension (the container does). */
    public ConpoolExtension() {
    }

    void addBeans(@Observes AfterBeanDiscovery abd) {
        ConpoolProperties settings;
        ProtocolHandler<?> handler;
        try {
            settings = ConpoolProperties.load(Thread.currentThread().getContextClassLoader());
            handler = ProtocolHandlers.create(settings.protocol(), settings.handlerSettings());
        } catch (IllegalArgumentException e) {
            abd.addDefinitionError(e);
            return;
        }
        List<Type> poolTypes = new ArrayList<>(List.of(Object.class, ConnectionPool.class));
        if (handler == RawProtocolHandler.INSTANCE) {
            poolTypes.add(RAW_POOL_TYPE);
        }
        abd.addBean()
                .beanClass(ConpoolExtension.class)
                .types(poolTypes.toArray(new Type[0]))
                .scope(Singleton.class)
                .produceWith(instance -> createPool(settings, handler))
                .disposeWith((pool, instance) -> ((ConnectionPool<?>) pool).close());
        for (ConpoolProperties.EndpointSettings ep : settings.endpoints().values()) {
            abd.addBean()
                    .beanClass(ConpoolExtension.class)
                    .types(Object.class, ConpoolConnectionFactory.class)
                    .qualifiers(PoolEndpoint.Literal.of(ep.name()))
                    .scope(ApplicationScoped.class)
                    .produceWith(instance -> ConpoolConnectionFactory.of(
                            instance.select(ConnectionPool.class).get(), ep.endpoint()));
        }
    }

    private static ConnectionPool<?> createPool(ConpoolProperties settings, ProtocolHandler<?> handler) {
        ConnectionPool<?> pool = ConnectionPool.builder(handler).name(settings.poolName())
                .config(settings.poolConfig()).build();
        for (ConpoolProperties.EndpointSettings ep : settings.endpoints().values()) {
            if (!ep.config().equals(settings.poolConfig())) {
                pool.configure(ep.endpoint(), ep.config());
            }
        }
        if (settings.jmx()) {
            PoolMBeans.register(pool, ManagementFactory.getPlatformMBeanServer()); // unregistered by pool.close()
        }
        return pool;
    }
}
