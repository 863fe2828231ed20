package io.conpool.deploy.it;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the {@code it} connection definition's factory injectable with {@code @PoolEndpoint("it")}. */
@ApplicationScoped
public class ItFactories {

    /** The factory bound at java:/conpool/it. */
    @Produces
    @PoolEndpoint("it")
    @Resource(lookup = "java:/conpool/it")
    ConpoolConnectionFactory it;
}
