package io.conpool.deploy.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * Test endpoint inside the server: {@code /jfr?action=start} starts a JFR recording stream with
 * every conpool event enabled; {@code /jfr?action=stop&pool=it&expect=N} waits (up to 20 s) until
 * N {@code io.conpool.Connect} events of that pool have arrived, stops, and prints the counts per
 * event type and the fields of the first connect as {@code key=value} lines. The WAR needs
 * {@code Dependencies: jdk.jfr} (WildFly shows deployments {@code java.se} only).
 */
@WebServlet("/jfr")
public class JfrServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final List<RecordedEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static RecordingStream stream;

    @Override
    protected synchronized void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        if ("start".equals(req.getParameter("action"))) {
            EVENTS.clear();
            stream = new RecordingStream();
            stream.setReuse(false);
            for (String e : new String[] {"Acquire", "Connect", "ConnectionClosed", "StaleConnection", "LeakSuspected"}) {
                stream.enable("io.conpool." + e);
            }
            stream.onEvent(EVENTS::add);
            stream.startAsync();
            w.println("started=true");
            return;
        }
        String pool = req.getParameter("pool");
        int expect = Integer.parseInt(req.getParameter("expect"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (connects(pool).size() < expect && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (stream != null) {
            stream.close();
            stream = null;
        }
        for (String type : new String[] {"Acquire", "Connect", "ConnectionClosed"}) {
            w.println("count." + type + "=" + EVENTS.stream().filter(e -> e.getEventType().getName()
                    .equals("io.conpool." + type) && pool.equals(e.getString("pool"))).count());
        }
        List<RecordedEvent> connects = connects(pool);
        if (!connects.isEmpty()) {
            RecordedEvent c = connects.get(0);
            for (String f : new String[] {"endpoint", "address", "tlsProtocol", "error"}) {
                w.println("connect." + f + "=" + c.getString(f));
            }
            w.println("connect.attempts=" + c.getInt("attempts"));
            w.println("connect.connectTimeNanos=" + c.getDuration("connectTime").toNanos());
        }
    }

    private static List<RecordedEvent> connects(String pool) {
        return EVENTS.stream().filter(e -> e.getEventType().getName().equals("io.conpool.Connect")
                && pool.equals(e.getString("pool"))).toList();
    }
}
