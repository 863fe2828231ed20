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
 * Test endpoint inside Payara: {@code /traffic?requests=N&threads=T} sends N requests through the
 * connector resource {@code conpool/it} from T threads, then prints the run's counts and the
 * endpoint MBean's numbers as {@code key=value} lines. The {@code @Resource} is also what gives
 * this WAR conpool.rar's classes under Payara's default class-loading policy.
 */
@WebServlet("/traffic")
public class TrafficServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "conpool/it")
    private ConpoolConnectionFactory factory;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        TrafficReport.answer(req, resp, "it", r -> factory);
    }
}
