package io.conpool.deploy.it;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.demo.LoadRun;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.naming.InitialContext;

/**
 * Test endpoint inside the server: {@code /traffic?name=it&requests=N&threads=T} sends N requests
 * through the factory {@code java:/conpool/<name>} from T threads, then prints the run's counts and
 * the endpoint MBean's numbers as {@code key=value} lines.
 */
@WebServlet("/traffic")
public class TrafficServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        try {
            String name = req.getParameter("name");
            ConpoolConnectionFactory factory = (ConpoolConnectionFactory) new InitialContext().lookup("java:/conpool/" + name);
            LoadRun run = LoadRun.run(factory, "/anything", Integer.parseInt(req.getParameter("requests")),
                    Integer.parseInt(req.getParameter("threads")));
            w.println("requests=" + run.requests());
            w.println("ok=" + run.ok());
            w.println("reused=" + run.reused());
            w.println("failures=" + run.failures());
            w.println("firstError=" + run.firstError());
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            ObjectName bean = new ObjectName("io.conpool:type=EndpointPool,pool=" + name + ",endpoint="
                    + ObjectName.quote(factory.endpoint().toString()));
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
