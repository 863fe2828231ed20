package io.conpool.deploy.it;

import io.conpool.demo.HttpOverPool;
import io.conpool.demo.LoadRun;
import io.conpool.demo.PoolStats;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archives the tests deploy: the built conpool.rar, and small WARs using it. */
final class Deployments {
    private Deployments() {
    }

    /** @return the conpool.rar the build made, under that name (the activations refer to it) */
    static ResourceAdapterArchive rar() {
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, ItSettings.rar());
    }

    /**
     * @param name   the WAR's name, without .war
     * @param extras more classes
     * @return a WAR that sees the adapter's classes, with CDI, the demo's HTTP client and the traffic servlet
     */
    static WebArchive war(String name, Class<?>... extras) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(HttpOverPool.class, HttpOverPool.Response.class, LoadRun.class, PoolStats.class,
                        TrafficServlet.class, TrafficReport.class, TrafficReport.FactorySource.class)
                .addClasses(extras)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: deployment.conpool.rar\n"));
    }
}
