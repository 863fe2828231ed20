package io.conpool.demo;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The demo's backend: a tiny keep-alive HTTP resource the pooled connections call.
 * {@code ?delay=ms} (0..{@value LoadRunner#MAX_DELAY_MS}) makes it pause before answering, so a load
 * keeps connections busy long enough to watch.
 */
@WebServlet("/hello")
public class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int delay = 0;
        try {
            delay = Math.max(0, Math.min(LoadRunner.MAX_DELAY_MS, Integer.parseInt(req.getParameter("delay"))));
        } catch (NumberFormatException e) {
            // no or bad delay: answer at once
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = ("hello from " + req.getLocalAddr() + ":" + req.getLocalPort() + " to client port "
                + req.getRemotePort() + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
