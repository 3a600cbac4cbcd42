package org.sigmappg.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, read from the README and run exactly as written from the repository root on a virtual
 * display, opens the workbench's main window; the test then closes it. A fresh clone must be able to do this.
 */
class ReadmeFirstCommandTest {
    private static final String TITLE = "SIGMA-PPG Workbench";
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @Test
    void theFirstCommandOpensTheMainWindow() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String command = firstCommand(root.resolve("README.md"));
        assumeTrue(onPath("Xvfb") && onPath("xwininfo"),
                "Xvfb and xwininfo are needed (scripts/install-deps.sh --window installs them; the test build runs it)");

        Process display = new ProcessBuilder("Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1600x1000x24")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process workbench = null;
        try {
            String number = new BufferedReader(new InputStreamReader(display.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(number != null && number.matches("\\d+"), "Xvfb did not report its display: " + number);
            String name = ":" + number;

            Path log = tmp.resolve("workbench.log");
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("MAVEN_"));
            env.put("DISPLAY", name);
            // A fresh workspace, so that the user's own is never touched and the first start (sample import) is exercised.
            env.put("SIGMA_PPG_WORKSPACE", tmp.resolve("workspace").toString());
            workbench = pb.start();

            Instant deadline = Instant.now().plus(PATIENCE);
            Optional<String> window = Optional.empty();
            while (window.isEmpty() && Instant.now().isBefore(deadline)) {
                if (!workbench.isAlive()) {
                    fail("the README's first command stopped (exit " + workbench.exitValue() + ") before a window showed:\n" + tail(log));
                }
                window = mainWindow(name);
                if (window.isEmpty()) {
                    Thread.sleep(1000);
                }
            }
            assertTrue(window.isPresent(), "no '" + TITLE + "' window within " + PATIENCE.toMinutes() + " min:\n" + tail(log));
            String state = run(name, "xwininfo", "-id", window.get());
            assertTrue(state.contains("Map State: IsViewable"), "the main window is not shown:\n" + state);
        } finally {
            if (workbench != null) {
                stopTree(workbench.toHandle());
            }
            display.destroy();
            display.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The first indented (code) line of the README. */
    static String firstCommand(Path readme) throws IOException {
        return Files.readAllLines(readme, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("    ") && !l.isBlank())
                .map(String::strip)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README has no indented command"));
    }

    /** The X window id of the workbench's main window, if one exists yet. */
    private static Optional<String> mainWindow(String display) throws IOException, InterruptedException {
        for (String line : run(display, "xwininfo", "-root", "-tree").lines().toList()) {
            String l = line.strip();
            if (l.startsWith("0x") && l.contains("\"" + TITLE)) {
                return Optional.of(l.substring(0, l.indexOf(' ')));
            }
        }
        return Optional.empty();
    }

    private static String run(String display, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** Ends the command and everything it started (Maven forks the workbench's JVM). */
    private static void stopTree(ProcessHandle root) throws InterruptedException {
        List<ProcessHandle> all = root.descendants().toList();
        for (ProcessHandle h : all) {
            h.destroy();
        }
        root.destroy();
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline) && (root.isAlive() || all.stream().anyMatch(ProcessHandle::isAlive))) {
            Thread.sleep(200);
        }
        all.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
