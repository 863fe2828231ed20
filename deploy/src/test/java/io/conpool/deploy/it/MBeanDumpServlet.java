package io.conpool.deploy.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Test endpoint inside the server: {@code /mbeans} prints every attribute of every conpool MBean
 * as {@code name attribute=value} lines (what JConsole would show), for the secret scan.
 */
@WebServlet("/mbeans")
public class MBeanDumpServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        try {
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName n : mbs.queryNames(new ObjectName("io.conpool:*"), null)) {
                for (MBeanAttributeInfo a : mbs.getMBeanInfo(n).getAttributes()) {
                    Object v;
                    try {
                        v = mbs.getAttribute(n, a.getName());
                    } catch (Exception e) {
                        v = "threw " + e;
                    }
                    w.println(n + " " + a.getName() + "=" + (v instanceof Object[] ? Arrays.toString((Object[]) v) : v));
                }
            }
        } catch (Exception e) {
            resp.setStatus(500);
            e.printStackTrace(w);
        }
    }
}
