package org.sigmappg.scale;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The main class of {@code sigma-ppg-scale.jar}: Spark 4 on Java 17+ needs packages opened that {@code java -jar} cannot
 * open, so this starts the jobs ({@link ScaleCli}) in a second JVM with Spark's own list of options
 * ({@link JavaModuleOptions}), DJL offline, and the jar and {@code lib/} on the class path. spark-submit sets the same
 * options itself and starts {@link ScaleCli} directly.
 */
public final class ScaleLauncher {
    /** Set in the JVM this launcher starts, so it runs the jobs instead of starting another. */
    static final String LAUNCHED = "sigmappg.scale.launched";

    private ScaleLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean(LAUNCHED)) {
            System.exit(ScaleCli.run(args));
        }
        Path jar = Path.of(ScaleLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(classPath(jar));
        command.add(ScaleCli.class.getName());
        command.addAll(Arrays.asList(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "scale-launcher-stop"));
        System.exit(child.waitFor());
    }

    /** Spark's JVM options, DJL offline, the heap this JVM was given and the mark that stops a second relaunch. */
    static List<String> jvmOptions() {
        List<String> out = new ArrayList<>(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        out.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
        out.add("-D" + LAUNCHED + "=true");
        out.add("-Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
        return out;
    }

    /** The jar and every jar of the {@code lib/} folder beside it. */
    private static String classPath(Path jar) throws Exception {
        List<String> entries = new ArrayList<>(List.of(jar.toString()));
        Path lib = jar.resolveSibling("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(jar + " has no lib/ folder beside it; keep the jar where the build put it (scale/target)");
        }
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toString()));
        }
        return String.join(File.pathSeparator, entries);
    }
}
