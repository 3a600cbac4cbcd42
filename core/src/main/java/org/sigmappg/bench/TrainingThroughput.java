package org.sigmappg.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.NativeMemory;
import org.sigmappg.signal.StatsTools;

/**
 * What the training-throughput benchmarks ({@link TokenizerBenchmark}, {@link PretrainBenchmark}) share:
 * their settings, their figures, and the measurement: for each size, warm up the Java step, start the
 * PyTorch mirror (which warms up while Java waits), then alternate one timed Java repetition and one timed
 * PyTorch repetition, so that both meet the same background load; medians are reported. Both sides use
 * the same intra-op thread count.
 */
public final class TrainingThroughput {
    private TrainingThroughput() {
    }

    /**
     * What to run.
     *
     * @param sizes presets to measure (tiny, base, pro)
     * @param batch windows per step; null for each preset's own batch size
     * @param patches patches per window (all valid)
     * @param steps timed steps per repetition
     * @param warmup untimed steps before the first repetition, on each side
     * @param repetitions alternating Java/PyTorch repetitions; the medians are reported
     * @param threads intra-op threads on both sides; 0 for {@link DeviceChoice#configureThreads()} (all cores)
     * @param seed seed of the data, the initialisation and the step randomness
     * @param python interpreter with PyTorch (Debian's {@code python3-torch} is in {@code /usr/bin/python3})
     */
    public record Config(List<String> sizes, Integer batch, int patches, int steps, int warmup, int repetitions,
                         int threads, long seed, String python) {
        public Config {
            sizes = List.copyOf(sizes);
            if (sizes.isEmpty() || (batch != null && batch < 1) || patches < 1 || steps < 1 || warmup < 0
                    || repetitions < 1 || threads < 0) {
                throw new IllegalArgumentException("need at least one size, batch >= 1, patches >= 1, steps >= 1, "
                        + "warm-up >= 0, repetitions >= 1 and threads >= 0 (0 = all cores)");
            }
        }

        /** Tiny and base at their presets' batch sizes, 240 patches, 2 warm-up steps, 3 x 3 timed steps, all cores. */
        public static Config defaults() {
            return new Config(List.of("tiny", "base"), null, 240, 3, 2, 3, 0, 1L, "/usr/bin/python3");
        }
    }

    /**
     * The figures of one size.
     *
     * @param size preset
     * @param batch windows per step
     * @param patches patches per window
     * @param threads intra-op threads of both sides
     * @param steps timed steps per repetition
     * @param javaSecondsPerStep median over repetitions of the Java seconds per step
     * @param javaThroughput Java throughput in the benchmark's unit
     * @param torchSecondsPerStep median PyTorch seconds per step (NaN when PyTorch did not run)
     * @param torchThroughput PyTorch throughput (NaN when PyTorch did not run)
     * @param ratio Java throughput / PyTorch throughput (above 1: Java is faster)
     * @param javaSeconds seconds of each Java repetition
     * @param torchSeconds seconds of each PyTorch repetition (empty when PyTorch did not run)
     */
    public record Row(String size, int batch, int patches, int threads, int steps, double javaSecondsPerStep,
                      double javaThroughput, double torchSecondsPerStep, double torchThroughput, double ratio,
                      double[] javaSeconds, double[] torchSeconds) {
    }

    /**
     * A benchmark's figures.
     *
     * @param benchmark what was timed
     * @param unit unit of the throughputs
     * @param engine the Java side's engine ({@link DeviceChoice#describeEngine})
     * @param openmp the OpenMP wait policy both sides run with ({@code OMP_WAIT_POLICY}, which the PyTorch side
     *     inherits); on a machine shared with other work it changes both sides' throughput several times over
     * @param memory how the Java side's libtorch allocates large tensors ({@link NativeMemory#describe()}); the
     *     PyTorch side inherits the environment the JVM started with, not the switch set inside it (PyTorch 1.13
     *     has no such switch; a {@code GLIBC_TUNABLES} set before the start applies to both sides)
     * @param torch the PyTorch side's versions and threads, or why it did not run ("PyTorch not available: ...")
     * @param blas the BLAS PyTorch loaded and its build report (null when it did not run)
     * @param rows one per size
     */
    public record Result(String benchmark, String unit, String engine, String openmp, String memory, String torch,
                         JsonObject blas, List<Row> rows) {
        /** A table for a terminal. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(benchmark).append(System.lineSeparator());
            sb.append("Java:    ").append(engine).append(System.lineSeparator());
            sb.append("OpenMP:  ").append(openmp).append(System.lineSeparator());
            sb.append("Memory:  ").append(memory).append(System.lineSeparator());
            sb.append("PyTorch: ").append(torch).append(System.lineSeparator());
            if (blas != null) {
                sb.append("BLAS:    ").append(blasLine(blas)).append(System.lineSeparator());
            }
            sb.append(String.format(Locale.ROOT, "%-5s %6s %8s %8s %14s %14s %7s   (%s; s/step in brackets)%n",
                    "size", "batch", "patches", "threads", "Java", "PyTorch", "ratio", unit));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%-5s %6d %8d %8d %14s %14s %7s%n", r.size(), r.batch(), r.patches(),
                        r.threads(), figure(r.javaThroughput(), r.javaSecondsPerStep()),
                        figure(r.torchThroughput(), r.torchSecondsPerStep()),
                        Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio())));
            }
            return sb.toString();
        }

        private static String figure(double throughput, double secondsPerStep) {
            if (Double.isNaN(throughput)) {
                return "-";
            }
            String value = throughput >= 100 ? String.format(Locale.ROOT, "%.0f", throughput)
                    : String.format(Locale.ROOT, "%.3g", throughput);
            return String.format(Locale.ROOT, "%s (%.2f)", value, secondsPerStep);
        }

        private static String blasLine(JsonObject blas) {
            List<String> parts = new ArrayList<>();
            for (JsonElement lib : blas.getAsJsonArray("libraries")) {
                parts.add(lib.getAsString());
            }
            JsonElement config = blas.get("openblas_config");
            if (config != null && !config.isJsonNull()) {
                parts.add(config.getAsString() + ", " + blas.get("openblas_threads").getAsInt() + " threads");
            } else {
                parts.add("not OpenBLAS: the comparison flatters Java (install libopenblas0-pthread)");
            }
            return String.join("; ", parts);
        }
    }

    /** One size's Java training step, built on the benchmark's manager with random data. */
    interface Workload {
        int batch();

        /** The parameter records the PyTorch mirror builds its model from. */
        String paramsJson();

        /** Runs training step {@code number} (1-based), including the optimiser updates. */
        void step(long number);
    }

    /** Builds a size's workload: {@code (size, batch or null for the preset's, config, manager)}. */
    interface WorkloadFactory {
        Workload open(String size, Integer batch, Config config, NDManager manager);
    }

    /** The throughput of one step in the benchmark's unit, e.g. patches per second. */
    interface Throughput {
        double of(int batch, int patches, double secondsPerStep);
    }

    /**
     * Measures every size of the config.
     *
     * @param script the PyTorch mirror under {@code bench/}
     */
    static Result run(String benchmark, String unit, String script, Config config, WorkloadFactory factory,
                      Throughput throughput) throws IOException {
        int threads = configureThreads(config.threads());
        Device device = Device.cpu();
        Engine.getInstance().setRandomSeed((int) config.seed());
        String torchStatus = null;
        JsonObject blas = null;
        List<Row> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("sigma-ppg-bench");
        try {
            for (String size : config.sizes()) {
                try (NDManager manager = NDManager.newBaseManager(device)) {
                    Workload w = factory.open(size, config.batch(), config, manager);
                    long number = 0;
                    for (int i = 0; i < config.warmup(); i++) {
                        w.step(++number);
                    }
                    double[] javaSeconds = new double[config.repetitions()];
                    double[] torchSeconds = new double[config.repetitions()];
                    try (TorchReference torch = TorchReference.start(config.python(), script, w.paramsJson(), w.batch(),
                            config.patches(), config.steps(), config.warmup(), threads, config.seed(), dir)) {
                        torchStatus = torch.status();
                        blas = torch.available() ? torch.blas() : blas;
                        for (int r = 0; r < config.repetitions(); r++) {
                            long t0 = System.nanoTime();
                            for (int s = 0; s < config.steps(); s++) {
                                w.step(++number);
                            }
                            javaSeconds[r] = (System.nanoTime() - t0) / 1e9;
                            torchSeconds[r] = torch.available() ? torch.time() : Double.NaN;
                        }
                    }
                    rows.add(row(size, w.batch(), config, threads, javaSeconds, torchSeconds, throughput));
                }
            }
        } finally {
            deleteRecursively(dir);
        }
        return new Result(benchmark, unit, DeviceChoice.describeEngine(device), openmpWaitPolicy(), NativeMemory.describe(),
                torchStatus, blas, rows);
    }

    private static Row row(String size, int batch, Config config, int threads, double[] javaSeconds,
                           double[] torchSeconds, Throughput throughput) {
        double javaPerStep = StatsTools.median(javaSeconds) / config.steps();
        double torchPerStep = Double.isNaN(torchSeconds[0]) ? Double.NaN : StatsTools.median(torchSeconds) / config.steps();
        double javaRate = throughput.of(batch, config.patches(), javaPerStep);
        double torchRate = throughput.of(batch, config.patches(), torchPerStep);
        return new Row(size, batch, config.patches(), threads, config.steps(), javaPerStep, javaRate, torchPerStep,
                torchRate, javaRate / torchRate, javaSeconds, Double.isNaN(torchPerStep) ? new double[0] : torchSeconds);
    }

    /**
     * Sets PyTorch's intra-op threads before the engine loads ({@code threads} > 0) or takes the project's
     * default, and returns the count the engine really uses, which the PyTorch mirror is then given.
     */
    private static int configureThreads(int threads) {
        if (threads > 0) {
            System.setProperty(DeviceChoice.THREADS_PROPERTY, Integer.toString(threads));
        }
        DeviceChoice.configureThreads();
        Engine.getInstance();
        // The engine reads the property only when it loads; if something loaded it earlier, set it now.
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return JniUtils.getNumThreads();
    }

    private static String openmpWaitPolicy() {
        String policy = NativeMemory.waitPolicy();
        return policy.equals("unset")
                ? "OMP_WAIT_POLICY unset (threads spin a while before sleeping)"
                : "OMP_WAIT_POLICY=" + policy + " (both sides)";
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
