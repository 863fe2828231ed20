package io.conpool.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo app's checks, the same on WildFly and Payara: its JSON API (load runs through both
 * factories, clearEndpoint, bounded parameters with clear answers) and its dashboard in a real
 * headless Chromium (live numbers while a load runs, the chart, the clear button, 1280 px).
 */
public final class DemoAppChecks {
    private static final String CONTEXT = "/conpool-demo";

    private DemoAppChecks() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(int port) throws Exception {
        return MiniJson.object(ItSupport.get(port, CONTEXT + "/api/stats"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitRunDone(int port) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, Object> run = (Map<String, Object>) stats(port).get("run");
            if (!"running".equals(run.get("state"))) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the load run did not finish in 120 s");
    }

    /**
     * A load run through the API: both halves (the {@code @Resource} factory and the CDI one) answered,
     * the endpoint's MBean listed, {@code clearEndpoint} through the API; the page names the server
     * without its version and the JNDI name it maps to.
     *
     * @param port     the server's HTTP port (the demo endpoint points at it)
     * @param server   the server's product name as the page shows it, e.g. {@code WildFly}
     * @param jndiName the JNDI name the resource reference maps to on that server
     * @throws Exception if a call fails
     */
    @SuppressWarnings("unchecked")
    public static void servesThroughBothFactories(int port, String server, String jndiName) throws Exception {
        String page = ItSupport.get(port, CONTEXT + "/");
        assertTrue(page.contains("<title>conpool demo</title>"), "a title without the server's version: " + page);
        assertTrue(page.contains("conpool demo <small>on " + server + "</small>"), page);
        assertTrue(page.contains("&rarr; <code>" + jndiName + "</code>"), page);

        ItSupport.Result started = ItSupport.post(port, CONTEXT + "/api/load", "requests=40&threads=4");
        assertEquals(202, started.exitCode(), started.output());
        Map<String, Object> run = awaitRunDone(port);
        assertEquals("done", run.get("state"), run.toString());
        for (String half : List.of("resource", "cdi")) {
            Map<String, Object> r = (Map<String, Object>) run.get(half);
            assertEquals(20L, r.get("requests"), half + ": " + r);
            assertEquals(20L, r.get("ok"), half + ": " + r);
        }
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) stats(port).get("endpoints");
        assertTrue(endpoints.stream().anyMatch(e -> "demo".equals(e.get("pool")) && ("127.0.0.1:" + port).equals(e.get("endpoint"))),
                "the demo endpoint's MBean is listed: " + endpoints);

        ItSupport.Result cleared = ItSupport.post(port, CONTEXT + "/api/clear", "pool=demo");
        assertEquals(200, cleared.exitCode(), cleared.output());
        assertTrue(cleared.output().contains("\"cleared\":[\"127.0.0.1:" + port + "\"]"), cleared.output());
    }

    /**
     * Out-of-range and unknown input is refused with a message naming it and what is allowed; state
     * changes by GET are refused with what to do instead.
     *
     * @param port the server's HTTP port
     * @throws Exception if a call fails
     */
    public static void badInputIsAnsweredClearly(int port) throws Exception {
        ItSupport.Result tooMuch = ItSupport.post(port, CONTEXT + "/api/load", "requests=100000&threads=1000");
        assertEquals(400, tooMuch.exitCode(), tooMuch.output());
        assertTrue(tooMuch.output().contains("requests 100000 is out of range: give requests between 2 and 5000"), tooMuch.output());
        ItSupport.Result threads = ItSupport.post(port, CONTEXT + "/api/load", "requests=10&threads=1000");
        assertTrue(threads.output().contains("threads 1000 is out of range: give threads between 1 and 32"), threads.output());
        ItSupport.Result notNumber = ItSupport.post(port, CONTEXT + "/api/load", "requests=lots&threads=2");
        assertEquals(400, notNumber.exitCode());
        assertTrue(notNumber.output().contains("requests 'lots' is not a whole number"), notNumber.output());

        ItSupport.Result noSuchPool = ItSupport.post(port, CONTEXT + "/api/clear", "pool=nosuch");
        assertEquals(400, noSuchPool.exitCode(), noSuchPool.output());
        assertTrue(noSuchPool.output().contains("there is no conpool pool named 'nosuch' here"), noSuchPool.output());
        ItSupport.Result badName = ItSupport.post(port, CONTEXT + "/api/clear", "pool=a%20b");
        assertTrue(badName.output().contains("'a b' is not a pool name"), badName.output());

        for (String query : List.of("?clear=nosuch", "?requests=100000&threads=1000")) {
            ItSupport.Result get = ItSupport.getAny(port, CONTEXT + "/" + query);
            assertEquals(405, get.exitCode(), query + ": " + get.output());
            assertTrue(get.output().contains("are POST actions"), get.output());
        }
    }

    private static String cell(HeadlessChrome chrome, String row, String column) throws Exception {
        Object v = chrome.eval("(function(){var c=document.querySelector('#pools tr[data-key=\"" + row
                + "\"] td[data-col=" + column + "]');return c?c.textContent:null;})()");
        return v == null ? null : v.toString();
    }

    /**
     * The dashboard in a real headless Chromium, 1280 px wide: it refreshes by itself; while a load
     * runs (started with its button) the numbers change without a reload and the run's result is shown
     * readable; the chart has samples; the clear button empties the idle count; an error is shown
     * whole; nothing is wider than the window.
     *
     * @param port the server's HTTP port (the demo endpoint points at it)
     * @throws Exception if the browser or a call fails
     */
    public static void dashboardIsLiveInABrowser(int port) throws Exception {
        String row = "demo / 127.0.0.1:" + port;
        try (HeadlessChrome chrome = HeadlessChrome.start()) {
            chrome.navigate("http://127.0.0.1:" + port + CONTEXT + "/");
            assertEquals("conpool demo", chrome.eval("document.title"));
            chrome.eval("window.__sameDocument = 'yes'");
            HeadlessChrome.await("two refreshes", 30, () -> number(chrome, "window.conpoolDashboard.samples") >= 2);

            chrome.eval("(function(){var f=document.getElementById('load');f.requests.value='600';f.threads.value='16';"
                    + "f.delay.value='30';f.querySelector('button').click();return true;})()");
            Set<String> reusedSeen = new HashSet<>();
            int maxActive = 0;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (true) {
                Object state = chrome.eval("window.conpoolDashboard.last && window.conpoolDashboard.last.run.state");
                String reused = cell(chrome, row, "TotalReused");
                String active = cell(chrome, row, "Active");
                if ("running".equals(state) && reused != null) {
                    reusedSeen.add(reused);
                    maxActive = Math.max(maxActive, Integer.parseInt(active));
                }
                if (("done".equals(state) && !reusedSeen.isEmpty()) || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(reusedSeen.size() >= 2, "the numbers changed while the load ran, without a reload: " + reusedSeen);
            assertTrue(maxActive >= 1, "connections were active during the run: " + maxActive);
            assertEquals("yes", chrome.eval("window.__sameDocument"), "the page was not reloaded");
            HeadlessChrome.await("the run's result on the page", 30, () -> text(chrome, "#run").contains(
                    "@Resource factory: 300 of 300 answered 200 OK"));
            assertTrue(text(chrome, "#run").contains("@Inject factory  : 300 of 300 answered 200 OK"), text(chrome, "#run"));
            assertTrue(number(chrome, "document.querySelectorAll('#charts canvas').length") >= 1, "a chart per endpoint pool");
            assertTrue(number(chrome, "window.conpoolDashboard.history['" + row + "'].length") >= 3, "the chart has samples");

            HeadlessChrome.await("idle connections after the run", 30, () -> Integer.parseInt(cellQuietly(chrome, row, "Idle")) > 0);
            chrome.eval("document.querySelector('#clear button').click()");
            HeadlessChrome.await("the clear button empties the idle count", 30, () -> "0".equals(cellQuietly(chrome, row, "Idle")));
            assertTrue(text(chrome, "#messages").contains("Cleared the idle connections of pool demo"), text(chrome, "#messages"));

            chrome.eval("(function(){var f=document.getElementById('clear');f.pool.value='nosuch';f.querySelector('button').click();})()");
            HeadlessChrome.await("the error shown", 30, () -> text(chrome, "#messages").contains(
                    "clearEndpoint refused: there is no conpool pool named 'nosuch' here; pools with MBeans: [demo]"));
            assertEquals(1280L, number(chrome, "window.innerWidth"));
            assertTrue(number(chrome, "document.documentElement.scrollWidth") <= 1280,
                    "nothing wider than 1280 px: " + chrome.eval("document.documentElement.scrollWidth"));
            assertTrue(number(chrome, "Math.ceil(document.getElementById('pools').getBoundingClientRect().right)") <= 1280,
                    "the table fits without scrolling: " + chrome.eval("document.getElementById('pools').getBoundingClientRect().right"));
            assertEquals("yes", chrome.eval("window.__sameDocument"), "the page was not reloaded");
        }
    }

    private static String cellQuietly(HeadlessChrome chrome, String row, String column) {
        try {
            String v = cell(chrome, row, column);
            return v == null ? "-1" : v;
        } catch (Exception e) {
            return "-1";
        }
    }

    private static String text(HeadlessChrome chrome, String selector) {
        try {
            Object v = chrome.eval("(function(){var e=document.querySelector('" + selector + "');return e?e.textContent:'';})()");
            return v == null ? "" : v.toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static long number(HeadlessChrome chrome, String expression) {
        try {
            Object v = chrome.eval(expression);
            return v instanceof Number n ? n.longValue() : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
