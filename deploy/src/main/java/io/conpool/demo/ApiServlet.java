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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;

/**
 * The dashboard's JSON API. {@code GET /api/stats}: the numbers of every conpool endpoint MBean and
 * the load run's state. {@code POST /api/load} ({@code requests} 2..{@value LoadRunner#MAX_REQUESTS},
 * {@code threads} 1..{@value LoadRunner#MAX_THREADS}, {@code delay} 0..{@value LoadRunner#MAX_DELAY_MS}
 * ms): starts a load run in the background (202), one at a time (409 while one runs). {@code POST
 * /api/clear} ({@code pool}): {@code clearEndpoint()} on each endpoint of that pool. A bad parameter
 * is answered with 400 and {@code {"error": "..."}} naming it and what is allowed.
 */
@WebServlet("/api/*")
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(name = DemoServlet.RESOURCE_REF)
    private ConpoolConnectionFactory fromJndi;

    @Inject
    @PoolEndpoint("demo")
    private ConpoolConnectionFactory fromCdi;

    private final transient LoadRunner runner = new LoadRunner();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/stats".equals(req.getPathInfo())) {
            answer(resp, 404, error("no such API: GET " + req.getPathInfo() + "; there is GET /api/stats, POST /api/load, POST /api/clear"));
            return;
        }
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("time", System.currentTimeMillis());
            List<Object> rows = new ArrayList<>(PoolStats.endpoints().values());
            out.put("columns", PoolStats.COLUMNS);
            out.put("endpoints", rows);
            out.put("run", runner.status());
            answer(resp, 200, out);
        } catch (JMException e) {
            answer(resp, 500, error("reading the conpool MBeans failed: " + e));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String action = req.getPathInfo();
        try {
            if ("/load".equals(action)) {
                int requests = bounded(req, "requests", 2, LoadRunner.MAX_REQUESTS);
                int threads = bounded(req, "threads", 1, LoadRunner.MAX_THREADS);
                int delay = req.getParameter("delay") == null ? 0 : bounded(req, "delay", 0, LoadRunner.MAX_DELAY_MS);
                String refused = runner.start(fromJndi, fromCdi, req.getContextPath() + "/hello?delay=" + delay, requests, threads);
                if (refused != null) {
                    answer(resp, 409, error(refused));
                } else {
                    answer(resp, 202, Map.of("started", Map.of("requests", requests, "threads", threads, "delay", delay)));
                }
            } else if ("/clear".equals(action)) {
                String pool = req.getParameter("pool");
                List<String> cleared = PoolStats.clear(pool);
                answer(resp, 200, Map.of("pool", pool, "cleared", cleared));
            } else {
                answer(resp, 404, error("no such API: POST " + action + "; there is POST /api/load and POST /api/clear"));
            }
        } catch (IllegalArgumentException e) {
            answer(resp, 400, error(e.getMessage()));
        } catch (JMException e) {
            answer(resp, 500, error("the JMX call failed: " + e));
        }
    }

    private static int bounded(HttpServletRequest req, String name, int min, int max) {
        String v = req.getParameter(name);
        int n;
        try {
            n = Integer.parseInt(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + v + "' is not a whole number: give " + name + " between "
                    + min + " and " + max);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " " + n + " is out of range: give " + name + " between " + min
                    + " and " + max);
        }
        return n;
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void answer(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(Json.write(body));
    }

    @Override
    public void destroy() {
        runner.close();
    }
}
