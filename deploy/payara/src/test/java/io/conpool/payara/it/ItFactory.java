package io.conpool.payara.it;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the connector resource {@code conpool/it} injectable with {@code @Inject @PoolEndpoint("it")}. */
@ApplicationScoped
public class ItFactory {

    /** The factory Payara bound at {@code conpool/it}. */
    @Produces
    @PoolEndpoint("it")
    @Resource(lookup = "conpool/it")
    ConpoolConnectionFactory it;
}
