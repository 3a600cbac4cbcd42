package org.sigmappg.app.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.eval.RunOverview;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.NativeMemory;

/**
 * What the engine panel says, without JavaFX: which engine, version and device training uses, where its native
 * library comes from (the bundled CPU artifact, or a libtorch named by {@code PYTORCH_LIBRARY_PATH}), and how to
 * switch to the CUDA flavour of PyTorch, with what is wrong in the current settings when something is.
 */
public record EngineReport(boolean loaded, String engine, String version, String djlVersion, String device, int gpus, String threads,
                           String library, Map<String, String> settings, List<String> problems, List<String> steps) {
    /** The environment variables DJL reads to load another libtorch. */
    public static final List<String> VARIABLES = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");
    /** The libtorch version the bundled JNI glue is built for. */
    public static final String LIBTORCH = "2.7.1";
    /** The CUDA flavour of that libtorch whose JNI glue is bundled. */
    public static final String CUDA_FLAVOR = "cu128";

    /** Loads the engine (seconds on first use: call off the JavaFX thread) and describes it with {@code env}'s settings. */
    public static EngineReport probe(Map<String, String> env, String classPath) {
        Map<String, String> settings = settings(env);
        try {
            Engine e = Engine.getInstance();
            Device d = e.defaultDevice();
            String line = DeviceChoice.describeEngine(d);
            String threads = line.substring(line.lastIndexOf(", ") + 2);
            return of(true, e.getEngineName(), e.getVersion(), Engine.getDjlVersion(), d.toString(), e.getGpuCount(), threads,
                    library(settings, classPath), settings, null);
        } catch (Throwable t) {
            // The panel exists to explain a missing engine too.
            return of(false, "none", "", "", "", 0, "", library(settings, classPath), settings, ErrorText.of(t));
        }
    }

    /** The report for what was found; {@code loadError} is why no engine loaded, or null. */
    static EngineReport of(boolean loaded, String engine, String version, String djl, String device, int gpus, String threads, String library,
                           Map<String, String> settings, String loadError) {
        List<String> problems = new ArrayList<>();
        if (loadError != null) {
            problems.add("The engine could not be loaded: " + loadError);
        }
        String path = settings.get("PYTORCH_LIBRARY_PATH");
        if (path != null) {
            Path dir = Path.of(path);
            if (!Files.isDirectory(dir)) {
                problems.add("PYTORCH_LIBRARY_PATH is " + path + ", which is not a folder; point it at the lib folder of libtorch "
                        + LIBTORCH + " (the one holding libtorch.so)");
            } else if (!Files.exists(dir.resolve("libtorch.so")) && !Files.exists(dir.resolve("torch.dll"))
                    && !Files.exists(dir.resolve("libtorch.dylib"))) {
                problems.add("PYTORCH_LIBRARY_PATH (" + path + ") holds no libtorch.so; point it at libtorch's lib folder");
            }
            if (settings.get("PYTORCH_VERSION") == null) {
                problems.add("PYTORCH_LIBRARY_PATH is set but PYTORCH_VERSION is not; set it to " + LIBTORCH);
            }
            if (settings.get("PYTORCH_FLAVOR") == null) {
                problems.add("PYTORCH_LIBRARY_PATH is set but PYTORCH_FLAVOR is not; set it to " + CUDA_FLAVOR + " for the CUDA 12.8 build");
            }
        }
        if (loaded && gpus == 0 && path != null && CUDA_FLAVOR.equals(settings.get("PYTORCH_FLAVOR"))) {
            problems.add("The CUDA flavour is configured but PyTorch sees no GPU: check the NVIDIA driver (nvidia-smi) and that the "
                    + "libtorch in PYTORCH_LIBRARY_PATH is the CUDA 12.8 build");
        }
        return new EngineReport(loaded, engine, version, djl, device, gpus, threads, library, settings, List.copyOf(problems),
                steps(gpus > 0));
    }

    private static Map<String, String> settings(Map<String, String> env) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String v : VARIABLES) {
            String value = env.get(v);
            if (value != null && !value.isBlank()) {
                out.put(v, value);
            }
        }
        return out;
    }

    /**
     * The class path as the JVM was given it, plus the jar the PyTorch native artifact was loaded from: a
     * {@code java -jar} launch names only the application jar, whose manifest lists the rest.
     */
    public static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        java.net.URL marker = EngineReport.class.getClassLoader().getResource("META-INF/native-image/ai/djl/pytorch/pytorch-native/resource-config.json");
        if (marker != null && "jar".equals(marker.getProtocol())) {
            String file = marker.getPath();
            int bang = file.indexOf("!/");
            if (file.startsWith("file:") && bang > 0) {
                cp += java.io.File.pathSeparator + java.net.URLDecoder.decode(file.substring("file:".length(), bang),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return cp;
    }

    /** Where the native library comes from: the libtorch named by the environment, or the bundled artifact on the class path. */
    static String library(Map<String, String> settings, String classPath) {
        if (settings.containsKey("PYTORCH_LIBRARY_PATH")) {
            return "libtorch in " + settings.get("PYTORCH_LIBRARY_PATH") + " (PYTORCH_LIBRARY_PATH)"
                    + (settings.containsKey("PYTORCH_FLAVOR") ? ", flavour " + settings.get("PYTORCH_FLAVOR") : "");
        }
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? entry : Path.of(entry).getFileName().toString();
            if (name.startsWith("pytorch-native-")) {
                return "bundled artifact " + name + " (ai.djl.pytorch:" + name.replaceFirst("-\\d.*", "") + ")";
            }
        }
        return "the engine's default (no pytorch-native artifact on the class path)";
    }

    private static List<String> steps(boolean gpu) {
        if (gpu) {
            return List.of("A GPU is in use: pass --device gpu (or choose gpu in the run sheet) to train on it.");
        }
        return List.of(
                "The bundled artifact is PyTorch's CPU build (ai.djl.pytorch:pytorch-native-cpu, classifier linux-x86_64). CUDA builds of "
                        + "libtorch " + LIBTORCH + " are not on Maven Central, and the workbench never downloads anything (ai.djl.offline=true).",
                "1. With an NVIDIA GPU and driver, download libtorch " + LIBTORCH + " for CUDA 12.8 (cxx11 ABI) from pytorch.org and unpack it, "
                        + "e.g. to /opt/libtorch.",
                "2. Before starting the workbench or the command line, set: PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_VERSION=" + LIBTORCH
                        + " PYTORCH_FLAVOR=" + CUDA_FLAVOR + " (DJL then loads that library instead of the bundled CPU one; the JNI glue "
                        + "for " + CUDA_FLAVOR + " is already in the pytorch-jni jar).",
                "3. Restart, check here that the device reads GPU 0, and choose device gpu in the run sheet (--device gpu on the command line).",
                "Without a usable GPU, --device gpu stops with a message saying which library is loaded. The CPU threads are set "
                        + "above (--threads N on the command line).");
    }

    /** The lines of the panel's "in use" part. */
    public List<String[]> inUse() {
        return List.of(new String[] {"Engine", loaded ? engine + " " + version : "not loaded"},
                new String[] {"DJL", djlVersion.isEmpty() ? "\u2014" : djlVersion},
                new String[] {"Device", device.isEmpty() ? "\u2014" : RunOverview.device(device) + (gpus > 0 ? " (" + gpus + " GPU(s) visible)"
                        : ", no GPU visible")},
                new String[] {"Threads", threads.isEmpty() ? "\u2014" : threads},
                new String[] {"Native library", library},
                new String[] {"Memory", NativeMemory.describe()},
                new String[] {"Settings", settings.isEmpty() ? "none of " + String.join(", ", VARIABLES) + " is set"
                        : settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "  " + b).orElse("")});
    }
}
