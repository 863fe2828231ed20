package io.conpool.deploy.it;


import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside WildFly: the connection definition's factory from JNDI ({@code @Resource}) and from CDI
 * ({@code @Inject @PoolEndpoint}) both give working connections to the real backend, and the
 * pool's MBeans are in the server's platform MBeanServer with the right names and values; an
 * endpoint that becomes unreachable and recovers is in the server's log, once each way.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(ItServerSetup.class)
class InContainerIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(name = "war", order = 2)
    static WebArchive war() {
        return Deployments.war("in-container", ItFactories.class, InContainerIT.class, InContainerChecks.class);
    }

    @Resource(lookup = "java:/conpool/it")
    ConpoolConnectionFactory fromJndi;

    @Inject
    @PoolEndpoint("it")
    ConpoolConnectionFactory fromCdi;

    @Test
    @OperateOnDeployment("war")
    void jndiAndCdiFactoriesBothGiveWorkingConnections() throws Exception {
        InContainerChecks.jndiAndCdiFactoriesWork(fromJndi, fromCdi, "java:/conpool/it");
    }

    @Test
    @OperateOnDeployment("war")
    void mbeansAreInTheServersMBeanServerWithLiveNumbers() throws Exception {
        InContainerChecks.mbeansHaveLiveNumbers(fromJndi, fromCdi, ItServerSetup.LIMIT, 20_000L);
    }

    @Test
    @OperateOnDeployment("war")
    void anUnreachableEndpointAndItsRecoveryEachWriteOneLineToTheServerLog() throws Exception {
        InContainerChecks.unreachableAndRecoveredAreLoggedOnce(
                Path.of(System.getProperty("jboss.server.log.dir"), "server.log"));
    }
}
