package io.conpool.deploy.it;

import io.conpool.ConpoolConnection;
import io.conpool.ConpoolConnectionFactory;
import io.conpool.http2.Http2Connection;
import io.conpool.http2.Http2Request;
import io.conpool.http2.Http2Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the server, for the {@code protocol=http2} tests of both servers: N concurrent
 * HTTP/2 requests, each on its own JCA connection handle, through one factory.
 */
public final class Http2Load {
    private Http2Load() {
    }

    /**
     * @param factory a {@code protocol=http2} connection factory
     * @param requests how many concurrent requests ({@code GET /r<i>})
     * @return {@code ok=<answered with 200>} and {@code bodies=<bodies naming their own request>}, one per line
     * @throws Exception if a request fails or takes more than 60 s
     */
    public static String run(ConpoolConnectionFactory factory, int requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Http2Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String path = "/r" + i;
                answers.add(threads.submit(() -> {
                    try (ConpoolConnection c = factory.getConnection()) {
                        return c.state(Http2Connection.class).send(Http2Request.get(path));
                    }
                }));
            }
            int ok = 0;
            int bodies = 0;
            for (int i = 0; i < requests; i++) {
                Http2Response r = answers.get(i).get(60, TimeUnit.SECONDS);
                ok += r.status() == 200 ? 1 : 0;
                bodies += r.bodyText().equals("h2 /r" + i) ? 1 : 0;
            }
            return "ok=" + ok + "\nbodies=" + bodies + "\n";
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * What the WildFly and the Payara {@code /h2} servlets answer: {@link #run} with the request's
     * {@code requests} parameter, as plain text; a failure as 500 with its stack trace.
     *
     * @param req     with parameter {@code requests}
     * @param resp    the answer
     * @param factory the {@code protocol=http2} factory
     * @throws java.io.IOException if the answer cannot be written
     */
    public static void answer(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp,
                              ConpoolConnectionFactory factory) throws java.io.IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            resp.getWriter().print(run(factory, Integer.parseInt(req.getParameter("requests"))));
        } catch (Exception e) {
            resp.setStatus(500);
            e.printStackTrace(resp.getWriter());
        }
    }
}
