package io.conpool.deploy.it;

import io.conpool.ConpoolConnectionFactory;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
        String name = req.getParameter("name");
        TrafficReport.answer(req, resp, name,
                r -> (ConpoolConnectionFactory) new InitialContext().lookup("java:/conpool/" + name));
    }
}
