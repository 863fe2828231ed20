package io.conpool.payara.it;

import io.conpool.ConpoolConnectionFactory;
import io.conpool.deploy.it.TrafficReport;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Test endpoint inside Payara: {@code /tls?requests=N&threads=T} sends N requests through the
 * mutual-TLS connector resource {@code conpool/tls} and prints the counts and the endpoint MBean's numbers.
 */
@WebServlet("/tls")
public class PayaraTlsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "conpool/tls")
    private ConpoolConnectionFactory factory;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TrafficReport.answer(req, resp, "tls", r -> factory);
    }
}
