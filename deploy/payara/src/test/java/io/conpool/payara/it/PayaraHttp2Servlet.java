package io.conpool.payara.it;

import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.http2.Http2Connection;
import io.conpool.http2.Http2Request;
import io.conpool.http2.Http2Response;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Test endpoint inside Payara: {@code /h2?requests=N} sends N concurrent HTTP/2 requests through
 * the {@code protocol=http2} factory {@code conpool/h2} (each on its own JCA connection handle) and
 * prints {@code ok=} and {@code bodies=} (how many bodies named their own request).
 */
@WebServlet("/h2")
public class PayaraHttp2Servlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "conpool/h2")
    private ConpoolConnectionFactory h2;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        int n = Integer.parseInt(req.getParameter("requests"));
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<Http2Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String path = "/r" + i;
                answers.add(threads.submit(() -> {
                    try (ConpoolConnection c = h2.getConnection()) {
                        return c.state(Http2Connection.class).send(Http2Request.get(path));
                    }
                }));
            }
            int ok = 0;
            int bodies = 0;
            for (int i = 0; i < n; i++) {
                Http2Response r = answers.get(i).get(60, TimeUnit.SECONDS);
                ok += r.status() == 200 ? 1 : 0;
                bodies += r.bodyText().equals("h2 /r" + i) ? 1 : 0;
            }
            w.println("ok=" + ok);
            w.println("bodies=" + bodies);
        } catch (Exception e) {
            resp.setStatus(500);
            e.printStackTrace(w);
        } finally {
            threads.shutdownNow();
        }
    }
}
