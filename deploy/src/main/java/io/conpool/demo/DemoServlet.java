package io.conpool.demo;

import io.conpool.ConpoolConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The demo page: a live dashboard of every conpool endpoint pool (numbers refreshed every second,
 * a chart of the last five minutes), a load run sent through the pool and {@code clearEndpoint()}
 * through JMX, both as POST actions of {@link ApiServlet}. The page itself is plain HTML with
 * {@code dashboard.js} and {@code dashboard.css}; state changes by GET ({@code ?requests=},
 * {@code ?clear=}) are answered with 405 and what to do instead.
 *
 * <p>The resource reference {@code java:comp/env/conpool/demo} is mapped to the server's JNDI name by
 * {@code WEB-INF/jboss-web.xml} (WildFly: {@code java:/conpool/demo}) and
 * {@code WEB-INF/glassfish-web.xml} (Payara: {@code conpool/demo}); the same WAR runs on both.
 */
@WebServlet("")
public class DemoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The name of the demo's resource reference, relative to {@code java:comp/env}. */
    static final String RESOURCE_REF = "conpool/demo";

    @Resource(name = RESOURCE_REF)
    private ConpoolConnectionFactory fromJndi;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        PrintWriter w = resp.getWriter();
        if (req.getParameter("requests") != null || req.getParameter("clear") != null) {
            resp.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            resp.setHeader("Allow", "GET");
            w.println("<!doctype html><html><head><meta charset='utf-8'><title>conpool demo</title></head><body>"
                    + "<p>Load runs and clearing a pool change the server, so they are POST actions, not links: use the"
                    + " buttons on <a href='" + esc(req.getContextPath()) + "/'>the demo page</a>, or"
                    + " <code>curl -X POST -d requests=200 -d threads=8 " + esc(base(req)) + "/api/load</code> and"
                    + " <code>curl -X POST -d pool=demo " + esc(base(req)) + "/api/clear</code>.</p></body></html>");
            return;
        }
        String server = serverName(getServletContext().getServerInfo());
        boolean payara = server.startsWith("Payara") || server.startsWith("GlassFish");
        String ctx = esc(req.getContextPath());
        w.println("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                + "<meta name='viewport' content='width=device-width, initial-scale=1'>"
                + "<title>conpool demo</title><link rel='stylesheet' href='" + ctx + "/dashboard.css'></head>"
                + "<body data-context='" + ctx + "'>");
        w.println("<header><h1>conpool demo <small>on " + esc(server) + "</small></h1>"
                + "<p>Endpoint <code>" + esc(String.valueOf(fromJndi.endpoint())) + "</code> (resource reference <code>java:comp/env/"
                + RESOURCE_REF + "</code> &rarr; <code>" + (payara ? "conpool/demo" : "java:/conpool/demo") + "</code>):"
                + " a load run sends HTTP/1.1 keep-alive requests to <code>" + ctx + "/hello</code> over pooled connections,"
                + " half through the <code>@Resource</code> factory, half through <code>@Inject @PoolEndpoint(\"demo\")</code>.</p>"
                + "</header>");
        w.println("<section class='actions'>"
                + "<form id='load'><label>requests <input name='requests' type='number' min='2' max='" + LoadRunner.MAX_REQUESTS
                + "' value='400'></label> <label>threads <input name='threads' type='number' min='1' max='"
                + LoadRunner.MAX_THREADS + "' value='16'></label> <label>backend delay (ms) <input name='delay' type='number'"
                + " min='0' max='" + LoadRunner.MAX_DELAY_MS + "' value='20'></label> <button type='submit'>Run load</button></form>"
                + "<form id='clear'><label>pool <input name='pool' value='demo' size='12'></label>"
                + " <button type='submit'>clearEndpoint (JMX)</button></form></section>");
        w.println("<section id='messages' aria-live='polite'></section>");
        w.println("<section><h2>Endpoint pools <small id='updated'></small></h2><div class='scroll'><table id='pools'>"
                + "<thead></thead><tbody></tbody></table></div></section>");
        w.println("<section><h2>Last 5 minutes</h2><div id='charts'></div></section>");
        w.println("<section><h2>Load run</h2><div id='run'>none yet</div></section>");
        if (payara) {
            w.println("<footer><p>JConsole: <code>jconsole service:jmx:rmi:///jndi/rmi://127.0.0.1:&lt;JMX port"
                    + " (8686, or portbase + 86)&gt;/jmxrmi</code>, no user or password (the domain's admin user has none);"
                    + " MBeans tab, domain <code>io.conpool</code>.</p></footer>");
        } else {
            w.println("<footer><p>JConsole: <code>$JBOSS_HOME/bin/jconsole.sh</code>, remote process "
                    + "<code>service:jmx:remote+http://127.0.0.1:&lt;management port&gt;</code>, MBeans tab, domain"
                    + " <code>io.conpool</code>.</p></footer>");
        }
        w.println("<script src='" + ctx + "/dashboard.js'></script></body></html>");
    }

    /** The product name without its version: {@code WildFly Full 39.0.1.Final (...)} → {@code WildFly}. */
    static String serverName(String serverInfo) {
        if (serverInfo == null || serverInfo.isBlank()) {
            return "a Jakarta EE server";
        }
        String s = serverInfo.strip();
        int cut = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '(' || Character.isDigit(c)) {
                cut = i;
                break;
            }
        }
        String name = s.substring(0, cut).replace(" Full", "").strip();
        return name.isEmpty() ? "a Jakarta EE server" : name;
    }

    private static String base(HttpServletRequest req) {
        return req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort() + req.getContextPath();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }
}
