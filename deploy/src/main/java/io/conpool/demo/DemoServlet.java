package io.conpool.demo;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.cdi.PoolEndpoint;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import javax.management.JMException;

/**
 * The demo page: sends real HTTP/1.1 keep-alive requests through the pool, half with the factory
 * from {@code @Resource(lookup = "java:/conpool/demo")}, half with the one CDI injects, and shows
 * the live numbers of every conpool endpoint MBean. {@code ?requests=N&threads=T} sends a batch;
 * {@code ?clear=demo} clears the pool's idle connections through JMX.
 */
@WebServlet("")
public class DemoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:/conpool/demo")
    private ConpoolConnectionFactory fromJndi;

    @Inject
    @PoolEndpoint("demo")
    private ConpoolConnectionFactory fromCdi;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int requests = intParam(req, "requests", 0);
        int threads = intParam(req, "threads", 8);
        String path = req.getContextPath() + "/hello";
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        w.println("<!doctype html><html><head><title>conpool demo</title>"
                + "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}</style></head><body>");
        w.println("<h1>conpool on WildFly</h1>");
        w.println("<p>Endpoint <code>" + fromJndi.endpoint() + "</code> (connection definition <code>java:/conpool/demo</code>),"
                + " requests go to <code>" + path + "</code> over pooled keep-alive connections.</p>");
        w.println("<p><a href='?requests=200&threads=8'>send 200 requests (8 threads)</a> | "
                + "<a href='?requests=2000&threads=32'>send 2000 requests (32 threads)</a> | "
                + "<a href='?clear=demo'>clearEndpoint (JMX)</a> | <a href='?'>refresh</a></p>");
        try {
            if (requests > 0) {
                LoadRun viaJndi = LoadRun.run(fromJndi, path, requests / 2 + requests % 2, threads);
                LoadRun viaCdi = LoadRun.run(fromCdi, path, requests / 2, threads);
                w.println("<h2>Last run</h2><pre>@Resource factory: " + esc(viaJndi.toString())
                        + "\n@Inject factory:   " + esc(viaCdi.toString()) + "</pre>");
            }
            String clear = req.getParameter("clear");
            if (clear != null && clear.matches("[A-Za-z0-9._\\-]{1,64}")) {
                w.println("<p>Cleared " + esc(PoolStats.clear(clear).toString()) + "</p>");
            }
            w.println("<h2>Live pool numbers (MBeans io.conpool:type=EndpointPool)</h2><table border=1><tr><th>pool / endpoint</th>");
            for (String c : PoolStats.COLUMNS) {
                w.println("<th>" + c + "</th>");
            }
            w.println("</tr>");
            for (Map.Entry<String, Map<String, Object>> e : PoolStats.endpoints().entrySet()) {
                w.print("<tr><td>" + esc(e.getKey()) + "</td>");
                for (Object v : e.getValue().values()) {
                    w.print("<td>" + v + "</td>");
                }
                w.println("</tr>");
            }
            w.println("</table>");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.println("<p>interrupted</p>");
        } catch (JMException e) {
            w.println("<p>JMX error: " + esc(e.toString()) + "</p>");
        }
        w.println("<p>JConsole: <code>$JBOSS_HOME/bin/jconsole.sh</code>, remote process "
                + "<code>service:jmx:remote+http://127.0.0.1:&lt;management port&gt;</code>, MBeans tab, domain <code>io.conpool</code>.</p>");
        w.println("</body></html>");
    }

    private static int intParam(HttpServletRequest req, String name, int fallback) {
        try {
            String v = req.getParameter(name);
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
