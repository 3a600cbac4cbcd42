package org.sigmappg.app.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineReportTest {
    @TempDir
    Path dir;

    @Test
    void theBundledCpuArtifactIsNamedWhenNoLibtorchIsConfigured() {
        String cp = String.join(File.pathSeparator, "/m2/ai/djl/api-0.36.0.jar", "/m2/ai/djl/pytorch/pytorch-native-cpu-2.7.1-linux-x86_64.jar");
        EngineReport r = EngineReport.of(true, "PyTorch", "2.7.1", "0.36.0", "cpu()", 0, "2 intra-op threads",
                EngineReport.library(Map.of(), cp), Map.of(), null);
        assertEquals("bundled artifact pytorch-native-cpu-2.7.1-linux-x86_64.jar (ai.djl.pytorch:pytorch-native-cpu)", r.library());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        String steps = String.join("\n", r.steps());
        assertTrue(steps.contains("PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128"), steps);
        assertTrue(steps.contains("pytorch-native-cpu"), steps);
    }

    @Test
    void aLibtorchFolderWithoutTheLibraryOrTheOtherVariablesIsExplained() throws IOException {
        Map<String, String> settings = Map.of("PYTORCH_LIBRARY_PATH", dir.toString());
        EngineReport r = EngineReport.of(true, "PyTorch", "2.7.1", "0.36.0", "cpu()", 0, "2 intra-op threads",
                EngineReport.library(settings, ""), settings, null);
        assertEquals(3, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("holds no libtorch.so"), r.problems().get(0));
        assertTrue(r.library().startsWith("libtorch in " + dir), r.library());

        Files.writeString(dir.resolve("libtorch.so"), "");
        Map<String, String> all = Map.of("PYTORCH_LIBRARY_PATH", dir.toString(), "PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cu128");
        EngineReport gpu = EngineReport.of(true, "PyTorch", "2.7.1", "0.36.0", "gpu(0)", 1, "2 intra-op threads",
                EngineReport.library(all, ""), all, null);
        assertTrue(gpu.problems().isEmpty(), gpu.problems().toString());
        assertTrue(gpu.steps().get(0).contains("A GPU is in use"));
        EngineReport noGpu = EngineReport.of(true, "PyTorch", "2.7.1", "0.36.0", "cpu()", 0, "2 intra-op threads",
                EngineReport.library(all, ""), all, null);
        assertTrue(noGpu.problems().get(0).contains("sees no GPU"), noGpu.problems().toString());
    }

    @Test
    void anEngineThatDidNotLoadSaysWhy() {
        EngineReport r = EngineReport.of(false, "none", "", "", "", 0, "", "x", Map.of(), "UnsatisfiedLinkError: libtorch.so");
        assertTrue(r.problems().get(0).contains("could not be loaded: UnsatisfiedLinkError"));
        assertEquals("not loaded", r.inUse().get(0)[1]);
    }
}
