package org.sigmappg.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sigmappg.io.Channel;
import org.sigmappg.signal.PreprocessParams;
import org.sigmappg.signal.PreprocessResult;
import org.sigmappg.signal.Preprocessor;
import org.sigmappg.signal.PriorParams;
import org.sigmappg.signal.StatsTools;
import org.sigmappg.signal.Window;

/**
 * Times the pre-processing (read a raw float32 file, band-pass, resample, windows, priors) on a long
 * synthetic recording in Java and, in the same run, with SciPy through {@code bench/preprocess_scipy.py},
 * and checks that both computed the same priors.
 *
 * <p>The Java time is the whole {@link Preprocessor#process}, which also builds the missing, flat and
 * clipped masks, per-patch flags and the padded tail window; the SciPy script does only the numerical core
 * (filter, resample, full windows, scaling, priors), so the comparison does not favour Java.
 */
public final class PreprocessBenchmark {
    /** System property naming the SciPy script when the benchmark does not run inside the repository. */
    public static final String SCRIPT_PROPERTY = "sigmappg.bench.script";
    private static final String SCRIPT = "bench/preprocess_scipy.py";
    private static final long SCIPY_TIMEOUT_MINUTES = 30;
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final int MAX_WARM_UP_RUNS = 50;

    private PreprocessBenchmark() {
    }

    /**
     * What to run.
     *
     * @param hours length of the synthetic recording
     * @param fs its sampling rate in Hz
     * @param repetitions timed repetitions after the warm-up (Java: runs for about 3 s, at least one; SciPy:
     *        one run); the median is reported
     * @param seed seed of the synthetic recording's noise and heart-rate variation
     * @param python the Python interpreter to run SciPy with
     */
    public record Config(double hours, double fs, int repetitions, long seed, String python) {
        public Config {
            if (!(hours > 0) || !(fs > 0) || repetitions < 1) {
                throw new IllegalArgumentException("need hours > 0, fs > 0 and at least one repetition");
            }
        }

        /** 24 h at 125 Hz, 5 repetitions, seed 20260101, {@code python3} from the PATH. */
        public static Config defaults() {
            return new Config(24, 125, 5, 20260101L, "python3");
        }
    }

    /**
     * Measured figures. SciPy fields are NaN when SciPy could not run; {@code scipyStatus} says why.
     *
     * @param hours hours of signal processed per repetition
     * @param samples samples in the file
     * @param windows full windows produced
     * @param threads processors available to Java
     * @param javaSeconds median Java time per repetition
     * @param javaHoursPerSecond hours of signal per second of Java time
     * @param scipyStatus versions used, or why SciPy did not run ("SciPy not available: ...")
     * @param scipySeconds median SciPy time per repetition
     * @param scipyHoursPerSecond hours of signal per second of SciPy time
     * @param speedRatio Java throughput divided by SciPy throughput (above 1: Java is faster)
     * @param maxPriorDifference largest |P_java - P_scipy| over all patches of all full windows
     */
    public record Result(double hours, long samples, int windows, int threads, double javaSeconds,
                         double javaHoursPerSecond, String scipyStatus, double scipySeconds,
                         double scipyHoursPerSecond, double speedRatio, double maxPriorDifference) {
        /** A few lines for a terminal. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "pre-processing %.1f h (%,d samples, %d windows)%n", hours, samples, windows));
            sb.append(String.format(Locale.ROOT, "Java  (%d thread%s): %.3f s median = %.0f h of signal per s%n",
                    threads, threads == 1 ? "" : "s", javaSeconds, javaHoursPerSecond));
            if (Double.isNaN(scipySeconds)) {
                sb.append(scipyStatus).append(System.lineSeparator());
            } else {
                sb.append(String.format(Locale.ROOT, "SciPy (%s): %.3f s median = %.0f h of signal per s%n",
                        scipyStatus, scipySeconds, scipyHoursPerSecond));
                sb.append(String.format(Locale.ROOT, "Java / SciPy throughput: %.2f; max |P_java - P_scipy| = %.2g%n",
                        speedRatio, maxPriorDifference));
            }
            return sb.toString();
        }
    }

    /** Generates the recording, times Java and SciPy on it, removes the temporary files. */
    public static Result run(Config config) throws IOException {
        Path dir = Files.createTempDirectory("sigma-ppg-bench");
        try {
            Path raw = dir.resolve("recording.f32");
            writeFloat32(raw, synthesise(config));
            PreprocessParams params = PreprocessParams.defaults();
            Preprocessor preprocessor = new Preprocessor(params);

            // The JIT compiles the hot loops only after they have run a while: warm up for about 3 s of runs,
            // not a fixed count, so that short recordings are timed compiled too.
            PreprocessResult result = null;
            long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
            for (int w = 0; w < MAX_WARM_UP_RUNS && (w == 0 || System.nanoTime() < warmUpEnd); w++) {
                result = process(preprocessor, raw, config.fs());
            }
            double[] seconds = new double[config.repetitions()];
            for (int r = 0; r < seconds.length; r++) {
                long t0 = System.nanoTime();
                result = process(preprocessor, raw, config.fs());
                seconds[r] = (System.nanoTime() - t0) / 1e9;
            }
            double javaSeconds = StatsTools.median(seconds);
            int fullWindows = (int) result.windows().stream().filter(w -> isFull(w, params)).count();

            Path priorFile = dir.resolve("prior.f64");
            ScipyRun scipy = runScipy(config, raw, priorFile, result, params);
            double scipySeconds = scipy.seconds();
            double maxDiff = Double.isNaN(scipySeconds) ? Double.NaN : maxPriorDifference(result, priorFile, params);
            return new Result(config.hours(), result.rawCounts().total(), fullWindows,
                    Runtime.getRuntime().availableProcessors(), javaSeconds, config.hours() / javaSeconds, scipy.status(),
                    scipySeconds, config.hours() / scipySeconds, scipySeconds / javaSeconds, maxDiff);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** {@code java -cp ... org.sigmappg.bench.PreprocessBenchmark [hours [fs [repetitions [python]]]]}. */
    public static void main(String[] args) throws IOException {
        Config d = Config.defaults();
        Config config = new Config(
                args.length > 0 ? Double.parseDouble(args[0]) : d.hours(),
                args.length > 1 ? Double.parseDouble(args[1]) : d.fs(),
                args.length > 2 ? Integer.parseInt(args[2]) : d.repetitions(),
                d.seed(),
                args.length > 3 ? args[3] : d.python());
        System.out.print(run(config).summary());
    }

    /** The timed Java path: read the file, then the whole pre-processing. */
    private static PreprocessResult process(Preprocessor preprocessor, Path raw, double fs) throws IOException {
        return preprocessor.process(new Channel("PPG", "", fs, readFloat32(raw)));
    }

    /**
     * A PPG-like recording: beats of a systolic and a diastolic Gaussian whose rate wanders between about 55
     * and 95 per minute, respiratory amplitude modulation, baseline wander and white noise.
     */
    static float[] synthesise(Config config) {
        int n = Math.toIntExact(Math.round(config.hours() * 3600 * config.fs()));
        Random random = new Random(config.seed());
        float[] x = new float[n];
        double phase = 0;
        double dt = 1 / config.fs();
        for (int i = 0; i < n; i++) {
            double t = i * dt;
            double rate = 1.25 + 0.25 * Math.sin(2 * Math.PI * t / 600) + 0.05 * Math.sin(2 * Math.PI * t / 37);
            phase = (phase + rate * dt) % 1.0;
            double beat = Math.exp(-Math.pow((phase - 0.2) / 0.06, 2)) + 0.45 * Math.exp(-Math.pow((phase - 0.48) / 0.1, 2));
            double breathing = 1 + 0.1 * Math.sin(2 * Math.PI * 0.25 * t);
            x[i] = (float) (2000 + 400 * breathing * beat + 80 * Math.sin(2 * Math.PI * 0.03 * t) + 8 * random.nextGaussian());
        }
        return x;
    }

    private static void writeFloat32(Path file, float[] x) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(x.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(x);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private static float[] readFloat32(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            float[] x = new float[(int) (ch.size() / Float.BYTES)];
            buf.asFloatBuffer().get(x);
            return x;
        }
    }

    private record ScipyRun(String status, double seconds) {
    }

    private static ScipyRun runScipy(Config config, Path raw, Path priorFile, PreprocessResult result, PreprocessParams params) {
        Path script = locateScript();
        if (script == null) {
            return new ScipyRun("SciPy not run: " + SCRIPT + " not found from " + Path.of("").toAbsolutePath()
                    + " (run from the repository or set -D" + SCRIPT_PROPERTY + "=PATH)", Double.NaN);
        }
        PriorParams p = params.prior();
        List<String> cmd = new ArrayList<>(List.of(config.python(), script.toString(), raw.toString(),
                "--fs", num(config.fs()), "--up", Integer.toString(result.rate().up()),
                "--down", Integer.toString(result.rate().down()),
                "--low", num(result.bandLowHz()), "--high", num(result.bandHighHz()), "--order", Integer.toString(params.filterOrder()),
                "--patch", Integer.toString(params.windows().patchSamples()),
                "--patches", Integer.toString(params.windows().windowPatches()),
                "--z-weight", num(p.zWeight()), "--mad-scale", num(p.madScale()), "--min-robust-scale", num(p.minRobustScale()),
                "--flat-gate-std", num(p.flatGateStd()), "--flat-gate-width", num(p.flatGateWidth()),
                "--excursion-gate-z", num(p.excursionGateZ()), "--excursion-gate-width", num(p.excursionGateWidth()),
                "--beta", num(p.beta()), "--repetitions", Integer.toString(config.repetitions()),
                "--prior-out", priorFile.toString()));
        try {
            // Both streams go to files so that a hung script cannot block us before the timeout applies.
            Path outFile = Files.createTempFile(raw.getParent(), "scipy", ".out");
            Path err = Files.createTempFile(raw.getParent(), "scipy", ".err");
            Process process = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(SCIPY_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new ScipyRun("SciPy not available: the script ran longer than " + SCIPY_TIMEOUT_MINUTES + " minutes", Double.NaN);
            }
            String out = Files.readString(outFile, StandardCharsets.UTF_8).trim();
            JsonObject json = out.isEmpty() ? null : JsonParser.parseString(lastLine(out)).getAsJsonObject();
            if (json == null || json.has("error") || process.exitValue() != 0) {
                String why = json != null && json.has("error") ? json.get("error").getAsString()
                        : "SciPy not available: " + config.python() + " exited with " + process.exitValue() + ": "
                        + Files.readString(err).trim();
                return new ScipyRun(why, Double.NaN);
            }
            String status = "SciPy " + json.get("scipy").getAsString() + ", NumPy " + json.get("numpy").getAsString()
                    + ", Python " + json.get("python").getAsString();
            return new ScipyRun(status, json.get("median_seconds").getAsDouble());
        } catch (IOException e) {
            return new ScipyRun("SciPy not available: cannot run " + config.python() + " (" + e.getMessage() + ")", Double.NaN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ScipyRun("SciPy not run: interrupted", Double.NaN);
        }
    }

    private static Path locateScript() {
        String configured = System.getProperty(SCRIPT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(SCRIPT);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Largest difference between the Java priors and SciPy's over the full windows. */
    private static double maxPriorDifference(PreprocessResult result, Path priorFile, PreprocessParams params) throws IOException {
        int patches = params.windows().windowPatches();
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(priorFile)).order(ByteOrder.LITTLE_ENDIAN);
        double[] scipy = new double[buf.remaining() / Double.BYTES];
        buf.asDoubleBuffer().get(scipy);
        List<Window> full = result.windows().stream().filter(w -> isFull(w, params)).toList();
        if (scipy.length != full.size() * patches) {
            throw new IllegalStateException("SciPy produced " + scipy.length / patches + " windows, Java " + full.size());
        }
        double max = 0;
        for (int w = 0; w < full.size(); w++) {
            double[] prior = full.get(w).priors().prior();
            for (int p = 0; p < patches; p++) {
                max = Math.max(max, Math.abs(prior[p] - scipy[w * patches + p]));
            }
        }
        return max;
    }

    /** SciPy's reshape keeps only windows without padding. */
    private static boolean isFull(Window w, PreprocessParams params) {
        return w.validSamples() == params.windows().windowSamples();
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\\R");
        return lines[lines.length - 1];
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove benchmark files in " + dir, e);
        }
    }
}
