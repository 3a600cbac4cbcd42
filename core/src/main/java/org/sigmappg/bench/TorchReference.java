package org.sigmappg.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sigmappg.model.NativeMemory;

/**
 * A PyTorch mirror script ({@code bench/*_torch.py}) running beside the Java benchmark in serving mode:
 * it builds its model and warms up while Java waits, then times one repetition for every {@link #time()}
 * call, so that Java and PyTorch repetitions alternate on the same cores instead of competing for them.
 * When the interpreter, torch or the script is missing, {@link #available()} is false and
 * {@link #status()} says why ("PyTorch not available: ...").
 */
final class TorchReference implements AutoCloseable {
    /** System property naming the folder of the PyTorch scripts when the benchmark does not run inside the repository. */
    static final String SCRIPTS_PROPERTY = "sigmappg.bench.scripts";
    /** Covers the slowest start (imports, model, warm-up of a base model at batch 64 on a loaded 2-core machine). */
    private static final long READY_TIMEOUT_MINUTES = 30;
    private static final long REPETITION_TIMEOUT_MINUTES = 30;

    private final Process process;
    private final Path stderr;
    private final BufferedReader out;
    private final Writer in;
    private final ExecutorService reader;
    private String status;
    private JsonObject ready;

    private TorchReference(Process process, Path stderr, String status) {
        this.process = process;
        this.stderr = stderr;
        this.status = status;
        if (process == null) {
            out = null;
            in = null;
            reader = null;
        } else {
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            reader = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "torch-reference-reader");
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Starts {@code python script --serve ...} and waits until it has warmed up.
     *
     * @param script file name under {@code bench/}, e.g. {@code tokenizer_torch.py}
     * @param paramsJson the parameter records the script mirrors ({@code {"tokenizer": ..., "student": ...}})
     * @param workDir folder for the parameter file and the script's error output
     */
    static TorchReference start(String python, String script, String paramsJson, int batch, int patches, int steps,
                                int warmup, int threads, long seed, Path workDir) {
        Path file = locate(script);
        if (file == null) {
            return new TorchReference(null, null, "PyTorch not run: bench/" + script + " not found from "
                    + Path.of("").toAbsolutePath() + " (run from the repository or set -D" + SCRIPTS_PROPERTY + "=DIR)");
        }
        try {
            Path params = Files.writeString(Files.createTempFile(workDir, "params", ".json"), paramsJson);
            Path err = Files.createTempFile(workDir, "torch", ".err");
            List<String> cmd = List.of(python, file.toString(), "--serve", "--params", params.toString(),
                    "--batch", Integer.toString(batch), "--patches", Integer.toString(patches),
                    "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                    "--threads", Integer.toString(threads), "--seed", Long.toString(seed));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            // Java's copy of the environment is the one it started with: hand the reference the wait policy in effect.
            if (!NativeMemory.waitPolicy().equals("unset")) {
                pb.environment().put(NativeMemory.WAIT_POLICY_VARIABLE, NativeMemory.waitPolicy());
            }
            TorchReference ref = new TorchReference(pb.start(), err, null);
            JsonObject first = ref.readLine(READY_TIMEOUT_MINUTES);
            if (first != null && first.has("ready")) {
                ref.ready = first;
                ref.status = "PyTorch " + first.get("torch").getAsString() + ", Python " + first.get("python").getAsString()
                        + ", " + first.get("threads").getAsInt() + " threads";
            } else {
                ref.status = first != null && first.has("error") ? first.get("error").getAsString()
                        : "PyTorch not available: " + python + " " + file.getFileName() + " stopped before warming up: "
                        + ref.errorTail();
                ref.close();
            }
            return ref;
        } catch (IOException e) {
            return new TorchReference(null, null, "PyTorch not available: cannot run " + python + " (" + e.getMessage() + ")");
        }
    }

    boolean available() {
        return ready != null;
    }

    /** Versions and threads of the reference, or why it is not available. */
    String status() {
        return status;
    }

    /** The BLAS report of the script (libraries loaded, OpenBLAS configuration, torch build), or null. */
    JsonObject blas() {
        return ready == null ? null : ready.getAsJsonObject("blas");
    }

    /**
     * Times one repetition in the script.
     *
     * @return seconds for the script's {@code --steps} steps
     * @throws IllegalStateException when the script fails or hangs, with its last error lines
     */
    double time() throws IOException {
        in.write("run\n");
        in.flush();
        JsonObject line = readLine(REPETITION_TIMEOUT_MINUTES);
        if (line == null || !line.has("seconds")) {
            throw new IllegalStateException("the PyTorch reference stopped during a repetition: " + errorTail());
        }
        return line.get("seconds").getAsDouble();
    }

    private JsonObject readLine(long timeoutMinutes) throws IOException {
        Future<String> next = reader.submit(out::readLine);
        try {
            String line = next.get(timeoutMinutes, TimeUnit.MINUTES);
            return line == null ? null : JsonParser.parseString(line).getAsJsonObject();
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the PyTorch reference gave no answer within " + timeoutMinutes + " minutes");
        } catch (ExecutionException e) {
            throw new IOException("reading the PyTorch reference failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the PyTorch reference");
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalStateException("the PyTorch reference printed something other than JSON: " + e.getMessage()
                    + "; " + errorTail());
        }
    }

    private String errorTail() {
        try {
            List<String> lines = Files.readAllLines(stderr);
            return lines.isEmpty() ? "(no error output)"
                    : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(error output unreadable: " + e.getMessage() + ")";
        }
    }

    /** Ends the script (end of input), forcibly when it does not stop within a few seconds. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            if (reader != null) {
                reader.shutdownNow();
            }
        }
    }

    private static Path locate(String script) {
        String configured = System.getProperty(SCRIPTS_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured, script);
            return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("bench").resolve(script);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
