package io.conpool.payara.it;

import io.conpool.demo.HttpOverPool;
import io.conpool.deploy.it.TrafficReport;
import io.conpool.demo.LoadRun;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The small WARs the tests deploy next to conpool.rar. */
final class TestWars {
    private TestWars() {
    }

    /**
     * @param name   the WAR's name, without .war (also its context root)
     * @param extras more classes
     * @return a CDI WAR with the demo's HTTP client, the {@code conpool/it} producer and the traffic servlet;
     *         no conpool classes (they are conpool.rar's)
     */
    static WebArchive war(String name, Class<?>... extras) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(HttpOverPool.class, HttpOverPool.Response.class, LoadRun.class, ItFactory.class,
                        TrafficServlet.class, TrafficReport.class, TrafficReport.FactorySource.class)
                .addClasses(extras)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }
}
