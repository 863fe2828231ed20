package io.conpool.demo;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Makes the server's connection factory for the {@code demo} endpoint injectable with
 * {@code @Inject @PoolEndpoint("demo") ConpoolConnectionFactory}. The factory comes from the
 * resource reference {@code java:comp/env/conpool/demo}, which {@code WEB-INF/jboss-web.xml} maps to
 * WildFly's {@code java:/conpool/demo} and {@code WEB-INF/glassfish-web.xml} to Payara's
 * {@code conpool/demo}, so the same WAR runs on both.
 */
@ApplicationScoped
public class DemoFactories {

    /** The factory the resource adapter bound for the {@code demo} endpoint. */
    @Produces
    @PoolEndpoint("demo")
    @Resource(name = DemoServlet.RESOURCE_REF)
    ConpoolConnectionFactory demo;
}
