package io.conpool.nojfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conpool.ConnectionPool;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool works where {@code jdk.jfr} is missing: in a jlink'd runtime image without the module
 * (as a named module and on the class path), and behind a class loader that cannot see jdk.jfr
 * (as in WildFly without {@code Dependencies: jdk.jfr}). Loading a JFR event class there would
 * throw {@code NoClassDefFoundError}; the pool must never try.
 */
@Timeout(180)
class NoJfrRuntimeTest {
    private static Path image;

    @BeforeAll
    static void jlinkImageWithoutJfr() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jlink = javaHome.resolve("bin").resolve("jlink");
        Path jmods = javaHome.resolve("jmods");
        assumeTrue(Files.isExecutable(jlink) && Files.isDirectory(jmods),
                "this JDK has no jlink or no jmods (Debian: package openjdk-17-jmods); the jlink test is skipped");
        image = Path.of("target", "nojfr-image").toAbsolutePath();
        if (!Files.isExecutable(image.resolve("bin").resolve("java"))) {
            deleteTree(image);
            run(List.of(jlink.toString(), "--add-modules", "java.base,java.naming,java.management",
                    "--no-header-files", "--no-man-pages", "--output", image.toString()));
        }
    }

    private static Path codeOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void namedModuleOnAnImageWithoutJfr() throws Exception {
        String out = run(List.of(image.resolve("bin/java").toString(),
                "--module-path", codeOf(ConnectionPool.class).toString(), "--add-modules", "io.conpool",
                "-cp", codeOf(NoJfrProbe.class).toString(), NoJfrProbe.class.getName()));
        assertTrue(out.contains("reply=no-jfr created=1 connectedEvents=1 namedModule=true"), out);
    }

    @Test
    void classPathOnAnImageWithoutJfr() throws Exception {
        String out = run(List.of(image.resolve("bin/java").toString(),
                "-cp", codeOf(ConnectionPool.class) + File.pathSeparator + codeOf(NoJfrProbe.class),
                NoJfrProbe.class.getName()));
        assertTrue(out.contains("reply=no-jfr created=1 connectedEvents=1 namedModule=false"), out);
    }

    @Test
    void classLoaderThatHidesJdkJfr() throws Exception {
        ClassLoader noJfr = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("jdk.jfr.")) {
                    throw new ClassNotFoundException(name + " (hidden by the test, as in a server without jdk.jfr)");
                }
                return super.loadClass(name, resolve);
            }
        };
        URL[] urls = {codeOf(ConnectionPool.class).toUri().toURL(), codeOf(NoJfrProbe.class).toUri().toURL()};
        try (URLClassLoader app = new URLClassLoader(urls, noJfr);
             jdk.jfr.consumer.RecordingStream recording = new jdk.jfr.consumer.RecordingStream()) {
            recording.enable("io.conpool.Connect"); // a recording that wants conpool events is running
            recording.startAsync();
            Class<?> probe = app.loadClass(NoJfrProbe.class.getName());
            assertFalse(probe == NoJfrProbe.class, "the probe must come from the hiding loader");
            assertFalse(app.loadClass(ConnectionPool.class.getName()) == ConnectionPool.class);
            assertThrowsClassNotFound(app, "jdk.jfr.Event");
            Method exercise = probe.getMethod("exercise");
            assertEquals("reply=no-jfr created=1 connectedEvents=1", exercise.invoke(null));
        }
    }

    private static void assertThrowsClassNotFound(ClassLoader loader, String name) {
        try {
            loader.loadClass(name);
            throw new AssertionError(name + " should be hidden");
        } catch (ClassNotFoundException expected) {
            // hidden as intended
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + out);
        }
        assertEquals(0, p.exitValue(), command + "\n" + out);
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
