package io.conpool.payara.it;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.deploy.it.Http2Load;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Test endpoint inside Payara: {@code /h2?requests=N} runs {@link Http2Load} through the
 * {@code protocol=http2} factory {@code conpool/h2}. The {@code @Resource} is also what gives this
 * WAR conpool.rar's classes under Payara's default class-loading policy.
 */
@WebServlet("/h2")
public class PayaraHttp2Servlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "conpool/h2")
    private ConpoolConnectionFactory h2;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Http2Load.answer(req, resp, h2);
    }
}
