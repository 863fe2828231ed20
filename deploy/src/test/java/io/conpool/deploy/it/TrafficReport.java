package io.conpool.deploy.it;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.demo.LoadRun;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the WildFly and the Payara traffic servlets answer (inside the server): sends
 * {@code requests} requests from {@code threads} threads through a factory and prints the run's
 * counts and the endpoint MBean's numbers as {@code key=value} lines; a failure as 500 with its
 * stack trace.
 */
public final class TrafficReport {
    private TrafficReport() {
    }

    /** Gives the factory of a request. */
    @FunctionalInterface
    public interface FactorySource {
        /**
         * @param req the request
         * @return the factory to send through
         * @throws Exception if there is none
         */
        ConpoolConnectionFactory factory(HttpServletRequest req) throws Exception;
    }

    /**
     * @param req     with parameters {@code requests} and {@code threads}
     * @param resp    the plain-text answer
     * @param pool    the engine pool's name (for the MBean)
     * @param factory where the factory comes from
     * @throws IOException if the answer cannot be written
     */
    public static void answer(HttpServletRequest req, HttpServletResponse resp, String pool, FactorySource factory)
            throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        try {
            ConpoolConnectionFactory f = factory.factory(req);
            LoadRun run = LoadRun.run(f, "/anything", Integer.parseInt(req.getParameter("requests")),
                    Integer.parseInt(req.getParameter("threads")));
            w.println("requests=" + run.requests());
            w.println("ok=" + run.ok());
            w.println("reused=" + run.reused());
            w.println("failures=" + run.failures());
            w.println("firstError=" + run.firstError());
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            ObjectName bean = new ObjectName("io.conpool:type=EndpointPool,pool=" + pool + ",endpoint="
                    + ObjectName.quote(f.endpoint().toString()));
            for (String a : new String[] {"Active", "Idle", "Connecting", "Waiting", "TotalCreated", "TotalReused",
                    "CacheMisses", "TotalClosed", "Errors", "AcquireTimeouts", "MaxConnectionsPerEndpoint"}) {
                w.println("mbean." + a + "=" + mbs.getAttribute(bean, a));
            }
        } catch (Exception e) {
            resp.setStatus(500);
            e.printStackTrace(w);
        }
    }
}
