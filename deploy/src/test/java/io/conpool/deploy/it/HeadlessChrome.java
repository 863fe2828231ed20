package io.conpool.deploy.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A real headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client
 * (no WebDriver, no browser download): one page of 1280 × 900 CSS pixels, JavaScript evaluated in
 * it. The browser is Debian's {@code chromium} (or {@code CHROME_BIN}); where it is missing and this
 * runs as root on Debian or Ubuntu it is installed with {@code apt-get}, otherwise {@link #start()}
 * fails with the command to run. Never skipped.
 */
public final class HeadlessChrome implements AutoCloseable {
    /** What to run where the build cannot install the browser by itself. */
    public static final String INSTALL = "apt-get update && apt-get install -y chromium";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final StringBuilder log = new StringBuilder();

    private HeadlessChrome(Process process, Path profile, String wsUrl) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(URI.create(wsUrl), new Listener()).get(30, TimeUnit.SECONDS);
        String target = (String) call(null, "Target.createTarget", "{\"url\":\"about:blank\"}").get("targetId");
        this.session = (String) call(null, "Target.attachToTarget",
                "{\"targetId\":" + MiniJson.quote(target) + ",\"flatten\":true}").get("sessionId");
        call(session, "Emulation.setDeviceMetricsOverride", "{\"width\":1280,\"height\":900,\"deviceScaleFactor\":1,\"mobile\":false}");
    }

    /**
     * Starts the browser (installing it first where the build can).
     *
     * @return a browser with one blank page
     * @throws AssertionError if there is no browser and it cannot be installed here, naming the command
     * @throws Exception     if it does not start
     */
    public static HeadlessChrome start() throws Exception {
        String binary = findOrInstall();
        Path profile = Files.createTempDirectory("conpool-chromium");
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--mute-audio", "--window-size=1280,900", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> wsUrl = new CompletableFuture<>();
        StringBuilder early = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (early) {
                        if (early.length() < 20_000) {
                            early.append(line).append('\n');
                        }
                    }
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) {
                        wsUrl.complete(line.substring(at + "DevTools listening on ".length()).strip());
                    }
                }
            } catch (IOException e) {
                // the browser has gone; close() cleans up
            }
            wsUrl.complete(null);
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        String url;
        try {
            url = wsUrl.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            url = null;
        }
        if (url == null) {
            p.destroyForcibly();
            deleteTree(profile);
            synchronized (early) {
                throw new AssertionError(binary + " did not open its DevTools port within 60 s; its output:\n" + early);
            }
        }
        try {
            return new HeadlessChrome(p, profile, url);
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    private static String findOrInstall() throws IOException, InterruptedException {
        String found = find();
        if (found != null) {
            return found;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean apt = new File("/usr/bin/apt-get").canExecute();
        if (!root || !apt) {
            throw new AssertionError("The dashboard test needs Chromium and none was found (looked for " + NAMES
                    + " on the PATH and CHROME_BIN). Install it" + (apt ? " as root: sudo sh -c '" + INSTALL + "'"
                    : ": e.g. on Debian/Ubuntu " + INSTALL + ", on Fedora dnf install chromium, on macOS brew install --cask chromium")
                    + ", or point CHROME_BIN at a Chrome or Chromium binary.");
        }
        System.out.println("[HeadlessChrome] Chromium not found; installing it: " + INSTALL);
        ItSupport.Result update = ItSupport.exec(List.of("apt-get", "update"), Map.of("DEBIAN_FRONTEND", "noninteractive"), 600);
        ItSupport.Result install = ItSupport.exec(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium"),
                Map.of("DEBIAN_FRONTEND", "noninteractive"), 900);
        found = find();
        if (found == null) {
            throw new AssertionError("Installing Chromium with '" + INSTALL + "' did not work (exit codes " + update.exitCode()
                    + ", " + install.exitCode() + "); install it by hand or set CHROME_BIN. apt-get said:\n"
                    + tail(update.output()) + "\n" + tail(install.output()));
        }
        return found;
    }

    private static String find() {
        String env = System.getenv("CHROME_BIN");
        if (env != null && new File(env).canExecute()) {
            return env;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    private static String tail(String s) {
        return s.length() <= 3000 ? s : s.substring(s.length() - 3000);
    }

    /**
     * Opens a URL in the page and waits until it has loaded.
     *
     * @param url the address
     * @throws Exception if it does not load within 60 s
     */
    public void navigate(String url) throws Exception {
        Map<String, Object> r = call(session, "Page.navigate", "{\"url\":" + MiniJson.quote(url) + "}");
        if (r.get("errorText") != null) {
            throw new AssertionError("navigating to " + url + " failed: " + r.get("errorText"));
        }
        await("the page " + url + " loaded", 60, () -> Boolean.TRUE.equals(evalQuietly(
                "document.readyState === 'complete' && location.href === " + MiniJson.quote(url))));
    }

    /**
     * Evaluates JavaScript in the page (a promise is awaited).
     *
     * @param expression the expression
     * @return its value as JSON gives it (String, Long, Double, Boolean, Map, List or null)
     * @throws AssertionError if it threw
     * @throws Exception     if the browser did not answer
     */
    public Object eval(String expression) throws Exception {
        Map<String, Object> r = call(session, "Runtime.evaluate", "{\"expression\":" + MiniJson.quote(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (r.get("exceptionDetails") != null) {
            throw new AssertionError("JavaScript failed: " + expression + "\n" + r.get("exceptionDetails"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) r.get("result");
        return result.get("value");
    }

    private Object evalQuietly(String expression) {
        try {
            return eval(expression);
        } catch (Exception | AssertionError e) {
            return null;
        }
    }

    /**
     * Waits until a condition holds, checking every 100 ms.
     *
     * @param what      what is awaited, for the message
     * @param seconds   how long at most
     * @param condition the condition
     * @throws AssertionError if it did not hold in time
     * @throws InterruptedException if interrupted
     */
    public static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s in vain for: " + what);
            }
            Thread.sleep(100);
        }
    }

    private Map<String, Object> call(String sessionId, String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        String msg = "{\"id\":" + id + (sessionId == null ? "" : ",\"sessionId\":" + MiniJson.quote(sessionId))
                + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
        socket.sendText(msg, true).get(30, TimeUnit.SECONDS);
        Map<String, Object> r;
        try {
            r = answer.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Chromium did not answer " + method + " within 60 s");
        } finally {
            pending.remove(id);
        }
        if (r.get("error") != null) {
            throw new AssertionError("Chromium refused " + method + ": " + r.get("error"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) r.get("result");
        return result == null ? Map.of() : result;
    }

    /** Collects message fragments and completes the call each answer belongs to. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                String text = part.toString();
                part.setLength(0);
                try {
                    Map<String, Object> m = MiniJson.object(text);
                    Object id = m.get("id");
                    if (id instanceof Long l) {
                        CompletableFuture<Map<String, Object>> f = pending.get(l.intValue());
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                } catch (RuntimeException e) {
                    synchronized (log) {
                        log.append("unreadable DevTools message: ").append(e.getMessage()).append('\n');
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\",\"params\":{}}", true)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // killed below
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.abort();
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing else to do
        }
    }
}
