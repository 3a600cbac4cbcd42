package org.sigmappg.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.data.WindowExport;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.eval.BackboneSource;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;
import org.sigmappg.synth.SampleSet;
import org.sigmappg.train.TrainingWindows;

/**
 * Embedding throughput in windows per second: every window of the sample set (generated, imported into a temporary
 * workspace and exported with {@code export-windows}) through the published 'pro' student as {@code embed} runs it
 * ({@link BackboneSource#embed}), against the reference layout's forward in PyTorch on the same windows
 * ({@code bench/embed_torch.py}), alternating in one invocation. Weights are random on both sides: the forward costs the
 * same whatever they hold.
 */
public final class EmbedBenchmark {
    static final String SCRIPT = "embed_torch.py";
    /** Windows per forward on both sides, as {@code embed} uses. */
    public static final int BATCH = 64;

    private EmbedBenchmark() {
    }

    /** Runs every size of the config ({@code pro} is the one the published weights have). */
    public static TrainingThroughput.Result run(TrainingThroughput.Config config) throws IOException {
        Path dir = Files.createTempDirectory("sigma-ppg-bench-embed");
        try {
            return run(config, dir);
        } finally {
            FileTools.deleteTree(dir);
        }
    }

    private static TrainingThroughput.Result run(TrainingThroughput.Config config, Path dir) throws IOException {
        SampleSet.write(dir.resolve("sample"));
        Workspace workspace = Workspace.open(dir.resolve("workspace"));
        new ImportTask(workspace, ImportRequest.of(dir.resolve("sample"), "sample")).run(ProgressMonitor.NONE);
        Catalogue catalogue = new Catalogue(workspace);
        WindowExport.Summary exported = WindowExport.export(catalogue, "sample", dir.resolve("windows"), ProgressMonitor.NONE);
        TrainingWindows windows = TrainingWindows.load(catalogue, "sample", 0, 0, TrainingWindows.HeldOutBy.WINDOW);
        List<WindowInfo> all = windows.train();
        return TrainingThroughput.run("embedding every window of the sample set (" + all.size() + " windows of " + exported.samples()
                        + " samples), pooled tokens read back", "windows/s", SCRIPT, config,
                (size, batch, c, manager) -> workload(size, batch, manager, windows, all, exported),
                (batch, patches, secondsPerStep) -> all.size() / secondsPerStep);
    }

    private static TrainingThroughput.Workload workload(String size, Integer batch, NDManager manager, TrainingWindows windows,
                                                        List<WindowInfo> all, WindowExport.Summary exported) {
        if (!size.equals("pro")) {
            throw new IllegalArgumentException("bench embed times the published student's layout, size pro; not " + size);
        }
        StudentBlock student = new StudentBlock(StudentParams.pro());
        student.initialize(manager);
        int b = batch == null ? BATCH : batch;
        JsonObject params = new JsonObject();
        params.addProperty("size", size);
        params.addProperty("windows", exported.npy().toAbsolutePath().toString());
        return new TrainingThroughput.Workload() {
            @Override
            public int batch() {
                return b;
            }

            @Override
            public String paramsJson() {
                return params.toString();
            }

            @Override
            public void step(long number) {
                BackboneSource.embed(student, windows, all, manager, b);
            }
        };
    }
}
