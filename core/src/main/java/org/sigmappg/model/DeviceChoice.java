package org.sigmappg.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/**
 * Where models run: the CPU, or a CUDA GPU when the loaded PyTorch native library has CUDA. Also
 * configures and describes the engine for the status bar and run records. Call
 * {@link #configureThreads()} before anything touches DJL: PyTorch reads its thread count once, when
 * the engine loads.
 */
public enum DeviceChoice {
    CPU,
    GPU;

    /** System property PyTorch reads once at engine start for its intra-op thread count. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    /** Parses {@code cpu} or {@code gpu} (case-insensitive). */
    public static DeviceChoice parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cpu" -> CPU;
            case "gpu", "cuda" -> GPU;
            default -> throw new IllegalArgumentException("unknown device '" + name + "'; use cpu or gpu");
        };
    }

    /** The CPU, or GPU 0. */
    public Device device() {
        return device(0);
    }

    /**
     * The device; for GPU, CUDA device {@code index}.
     *
     * @throws IllegalStateException when a GPU is asked for but the engine sees none, with how to fix it
     */
    public Device device(int index) {
        if (this == CPU) {
            return Device.cpu();
        }
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus == 0) {
            throw new IllegalStateException("A GPU was asked for, but " + Engine.getInstance().getEngineName() + " "
                    + Engine.getInstance().getVersion() + " sees no CUDA device: the CPU build of the PyTorch native "
                    + "library is loaded (pytorch-native-cpu). To train on a GPU, install libtorch 2.7.1 built for "
                    + "CUDA 12.8, remove the pytorch-native-cpu jar from the class path and start with "
                    + "PYTORCH_LIBRARY_PATH=/path/to/libtorch/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 "
                    + "(environment variables or -D system properties), on a machine with an NVIDIA driver; or choose "
                    + "the CPU.");
        }
        if (index < 0 || index >= gpus) {
            throw new IllegalStateException("GPU " + index + " was asked for, but only " + gpus
                    + " CUDA device(s) are visible (0 .. " + (gpus - 1) + ")");
        }
        return Device.gpu(index);
    }

    /**
     * Sets PyTorch's intra-op thread count to the available cores unless {@value #THREADS_PROPERTY} is
     * already set, and asks libtorch to back large tensors with huge pages and its OpenMP threads to wait passively
     * when they exceed the idle cores ({@link NativeMemory}). Has an effect only before the engine loads.
     *
     * @return the thread count the property now asks for
     */
    public static int configureThreads() {
        NativeMemory.requestHugePages();
        String set = System.getProperty(THREADS_PROPERTY);
        int threads;
        if (set == null || set.isBlank()) {
            threads = Runtime.getRuntime().availableProcessors();
            System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
        } else {
            threads = Integer.parseInt(set.trim());
        }
        NativeMemory.chooseWaiting(crowded(threads));
        return threads;
    }

    /** Whether {@code threads} exceed the cores other work leaves idle now; false where the load is unknown. */
    public static boolean crowded(int threads) {
        return idleCores().map(idle -> threads > idle).orElse(false);
    }

    /** The cores other work leaves idle: the number of cores less the one-minute load average, rounded; empty if unknown. */
    private static java.util.Optional<Integer> idleCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? java.util.Optional.empty() : java.util.Optional.of((int) Math.max(0, Math.floor(cores - load + 0.5)));
    }

    /**
     * A note when {@code requested} intra-op threads exceed the cores other work leaves idle (the number of cores less
     * the one-minute load average), or empty. With passive OpenMP waiting ({@link NativeMemory#chooseWaiting}, chosen in that case)
     * the threads then share busy cores instead of spinning on them; without it a loaded machine slows training many
     * times over (see there).
     */
    public static java.util.Optional<String> threadAdvice(int requested) {
        java.util.Optional<Integer> idleNow = idleCores();
        if (idleNow.isEmpty() || requested <= idleNow.get()) {
            return java.util.Optional.empty();
        }
        int idle = idleNow.get();
        int cores = Runtime.getRuntime().availableProcessors();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String policy = NativeMemory.waitPolicy();
        return java.util.Optional.of(String.format(Locale.ROOT, "%d intra-op thread%s asked for, but only about %d of %d cores are idle "
                + "(load average %.1f)", requested, requested == 1 ? "" : "s", idle, cores, load)
                + (policy.equalsIgnoreCase("PASSIVE") ? "; the threads wait passively, so they share the busy cores rather than spin on them"
                : "; OpenMP's threads spin while they wait (OMP_WAIT_POLICY=" + policy + "), which can slow work many times over on a busy "
                + "machine: use fewer threads or OMP_WAIT_POLICY=PASSIVE"));
    }

    /** One line for the status bar and run records, e.g. "PyTorch 2.7.1 (DJL 0.36.0) on CPU, 2 intra-op threads". */
    public static String describeEngine(Device device) {
        Engine engine = Engine.getInstance();
        String threads = "PyTorch".equals(engine.getEngineName())
                ? JniUtils.getNumThreads() + " intra-op threads"
                : "threads unknown";
        return engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ") on "
                + (device.isGpu() ? "GPU " + device.getDeviceId() : "CPU") + ", " + threads;
    }
}
