package io.conpool.deploy.it;

import io.conpool.ConpoolConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Test endpoint inside WildFly: {@code /h2?requests=N} runs {@link Http2Load} through the
 * {@code protocol=http2} factory {@code java:/conpool/h2}.
 */
@WebServlet("/h2")
public class Http2TrafficServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:/conpool/h2")
    private ConpoolConnectionFactory h2;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Http2Load.answer(req, resp, h2);
    }
}
