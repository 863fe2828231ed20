package io.conpool.demo;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Makes the server's connection factory for the {@code demo} connection definition injectable
 * with {@code @Inject @PoolEndpoint("demo") ConpoolConnectionFactory}.
 */
@ApplicationScoped
public class DemoFactories {

    /** The factory the resource adapter bound for the {@code demo} connection definition. */
    @Produces
    @PoolEndpoint("demo")
    @Resource(lookup = "java:/conpool/demo")
    ConpoolConnectionFactory demo;
}
