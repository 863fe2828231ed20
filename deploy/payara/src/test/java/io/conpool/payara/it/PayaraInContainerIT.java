package io.conpool.payara.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import io.conpool.deploy.it.CountingHttpBackend;
import io.conpool.deploy.it.InContainerChecks;
import io.conpool.deploy.it.ItSupport;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside Payara (the test runs in the server through Arquillian's remote adapter): the connector
 * resource {@code conpool/it} from JNDI ({@code @Resource(lookup)} and {@code InitialContext}) and
 * from CDI ({@code @Inject @PoolEndpoint}) gives working connections to the real backend, and the
 * pool's MBeans are in the server's platform MBeanServer with the right names and values.
 */
@ExtendWith(ConpoolOnPayara.class)
@ExtendWith(ArquillianExtension.class)
class PayaraInContainerIT {

    @Deployment
    static WebArchive war() {
        return TestWars.war("in-container", PayaraInContainerIT.class, ConpoolOnPayara.class, PayaraSettings.class,
                Asadmin.class, ItSupport.class, ItSupport.Result.class, CountingHttpBackend.class, InContainerChecks.class);
    }

    @Resource(lookup = "conpool/it")
    ConpoolConnectionFactory fromJndi;

    @Inject
    @PoolEndpoint("it")
    ConpoolConnectionFactory fromCdi;

    @Test
    void jndiAndCdiFactoriesBothGiveWorkingConnections() throws Exception {
        InContainerChecks.jndiAndCdiFactoriesWork(fromJndi, fromCdi, "conpool/it");
    }

    @Test
    void mbeansAreInTheServersMBeanServerWithLiveNumbers() throws Exception {
        ObjectName poolBean = InContainerChecks.mbeansHaveLiveNumbers(fromJndi, fromCdi, ConpoolOnPayara.LIMIT,
                ConpoolOnPayara.ACQUIRE_TIMEOUT);
        assertEquals(ConpoolOnPayara.MAX_TOTAL, ManagementFactory.getPlatformMBeanServer().getAttribute(poolBean,
                "MaxTotalConnections"), "the adapter's property from create-resource-adapter-config");
    }
}
