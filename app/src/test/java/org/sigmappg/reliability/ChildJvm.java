package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sigmappg.Launcher;

/**
 * The command line in a separate JVM (the test's own class path, DJL offline, one PyTorch thread), so a
 * test can kill it with SIGKILL or run two of them on one workspace at once.
 */
final class ChildJvm {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final Process process;
    private final Path out;
    private final Path err;
    private final long startNanos = System.nanoTime();

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** What a finished child printed and how it exited. */
    record Finished(int code, String out, String err, double seconds) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }
    }

    /** Starts {@code sigma-ppg args...}; its output goes to files under {@code logDir}. */
    static ChildJvm start(Path logDir, List<String> jvmOptions, String... args) throws IOException {
        return start(logDir, List.of(), jvmOptions, args);
    }

    /**
     * Starts {@code sigma-ppg args...} under {@code wrapper} (a command such as {@code unshare -n} that runs
     * the JVM in a changed environment), with {@code jvmOptions} after the defaults so that they win.
     */
    static ChildJvm start(Path logDir, List<String> wrapper, List<String> jvmOptions, String... args) throws IOException {
        Files.createDirectories(logDir);
        int n = COUNT.incrementAndGet();
        Path out = logDir.resolve("child-" + n + ".out");
        Path err = logDir.resolve("child-" + n + ".err");
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx512m", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    static Finished run(Path logDir, String... args) throws IOException, InterruptedException {
        return start(logDir, List.of(), args).await(300);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    double secondsRunning() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Waits for the child to end by itself. */
    Finished await(long timeoutSeconds) throws IOException, InterruptedException {
        boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        Finished f = finished();
        assertTrue(ended, "the command did not end within " + timeoutSeconds + " s: " + f.err());
        return f;
    }

    /** SIGKILL, as a power cut or the out-of-memory killer would end it: no shutdown hook runs. */
    Finished kill() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        return finished();
    }

    private Finished finished() throws IOException {
        return new Finished(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                secondsRunning());
    }
}
