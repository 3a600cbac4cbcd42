package org.sigmappg.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher starts the jobs with every JVM option Spark asks for on Java 17+, and DJL offline; the tests' JVM has them
 * too (the pom's copy of the list); the command line refuses in one line.
 */
class ScaleLauncherTest {
    @TempDir
    Path tmp;

    @Test
    void theJobsJvmAndTheTestsJvmHaveSparksOptions() {
        List<String> spark = List.of(JavaModuleOptions.defaultModuleOptionArray());
        assertTrue(spark.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), "Spark's list as it is known: " + spark);
        List<String> launched = ScaleLauncher.jvmOptions();
        assertTrue(launched.containsAll(spark), "the launcher passes Spark's list: " + launched);
        assertTrue(launched.contains("-Dai.djl.offline=true"), "DJL offline: " + launched);
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : spark) {
            assertTrue(mine.contains(option), "the tests' JVM lacks " + option + " (scale/pom.xml spark.jvm.options)");
        }
    }

    @Test
    void refusalsAreOneLine() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        int code;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = ScaleCli.run("embed", "--run", "pre-0001", "--dataset", "nothing", "--out", tmp.resolve("e").toString(),
                    "--workspace", tmp.resolve("ws").toString(), "--master", "local[1]");
        } finally {
            System.setErr(old);
        }
        String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        String error = text.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(text);
        assertEquals(1, code, text);
        assertTrue(error.startsWith("error: no dataset named 'nothing' in workspace "), error);
    }
}
