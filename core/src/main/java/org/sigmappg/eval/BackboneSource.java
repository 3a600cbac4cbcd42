package org.sigmappg.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.CheckpointTools;
import org.sigmappg.train.ImportedWeightsParams;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TrainingWindows;
import org.sigmappg.train.WeightImportTask;

/**
 * Where a downstream backbone comes from: the student checkpoint of a finished pre-training run, or the
 * same architecture randomly initialised from a seed (the "scratch" comparator). Creates fresh students
 * and computes pooled embeddings (mean of the valid patch tokens, METHOD section 5).
 *
 * @param run the pre-training run, or null for a random initialisation
 * @param masking the run's masking strategy label (for imported weights: where they came from), or null
 * @param pretrainDataset the dataset the run pre-trained on, or null
 * @param checkpoint the student checkpoint, verified when the source was made, or null
 * @param params the student's architecture and settings
 * @param seed the initialisation seed of a random backbone
 */
public record BackboneSource(String run, String masking, String pretrainDataset, ModelCheckpoint.Verified checkpoint, StudentParams params,
                             long seed) {

    /**
     * The student of pre-training run {@code runId}, which must be a FINISHED pretrain run and, when
     * {@code expected} is given, one pre-trained with that masking strategy.
     */
    public static BackboneSource pretrained(Workspace workspace, String runId, MaskingParams.Strategy expected) throws IOException {
        RunInfo info = new RunStore(workspace).require(runId);
        if (WeightImportTask.KIND.equals(info.kind())) {
            return imported(workspace, info);
        }
        if (!PretrainTask.KIND.equals(info.kind())) {
            throw new IllegalArgumentException(runId + " is a " + info.kind() + " run; a backbone must be a pretrain run (see: pretrain --help) "
                    + "or imported weights (see: import-weights --help)");
        }
        if (info.status() != RunStatus.FINISHED) {
            throw new IllegalArgumentException("pre-training run " + runId + " is " + info.status()
                    + "; evaluate a FINISHED run (resume it with: pretrain --resume " + runId + ")");
        }
        PretrainRunParams params = PretrainRunParams.fromJson(info.params());
        MaskingParams.Strategy strategy = params.model().masking().strategy();
        if (expected != null && strategy != expected) {
            throw new IllegalArgumentException("pre-training run " + runId + " used " + strategy.label() + " masking, but it was given as the "
                    + expected.label() + "-masking backbone; pass a run pre-trained with --masking " + expected.label());
        }
        Path dir = workspace.runsDirectory().resolve(runId);
        Path pointer = dir.resolve(PretrainTask.POINTER);
        if (!Files.exists(pointer)) {
            throw new IllegalArgumentException("pre-training run " + runId + " has no " + PretrainTask.POINTER + " in " + dir
                    + "; its checkpoint is missing, so it cannot be evaluated");
        }
        Map<?, ?> m = new Gson().fromJson(Files.readString(pointer), Map.class);
        Path file = dir.resolve(String.valueOf(m.get("folder"))).resolve(PretrainTask.STUDENT);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("pre-training run " + runId + ": " + file + " is missing; the run's folder was changed by hand");
        }
        ModelCheckpoint.Verified checkpoint = CheckpointTools.verify(workspace, runId, file);
        StudentParams student = StudentParams.fromJson(checkpoint.header().params());
        return new BackboneSource(runId, strategy.label(), params.dataset(), checkpoint, student, params.seed());
    }

    /** The student of an imported-weights run; its masking is not known, so any strategy is accepted. */
    private static BackboneSource imported(Workspace workspace, RunInfo info) throws IOException {
        if (info.status() != RunStatus.FINISHED) {
            throw new IllegalArgumentException("imported run " + info.id() + " is " + info.status() + "; import the weights again");
        }
        ImportedWeightsParams params = ImportedWeightsParams.fromJson(info.params());
        ModelCheckpoint.Verified checkpoint = CheckpointTools.verify(workspace, info.id(), WeightImportTask.studentCheckpoint(workspace, info.id()));
        StudentParams student = StudentParams.fromJson(checkpoint.header().params());
        return new BackboneSource(info.id(), "imported from " + params.source(), null, checkpoint, student, 0);
    }

    /** The same architecture as {@code params}, randomly initialised with {@code seed}. */
    public static BackboneSource scratch(StudentParams params, long seed) {
        return new BackboneSource(null, null, null, null, params, seed);
    }

    /** Where the weights came from, for reports: the pre-training run with its masking and dataset, or the imported file. */
    public String origin() {
        if (pretrainDataset == null) {
            return "run " + run + " (" + masking + ")";
        }
        return "pre-training run " + run + " (" + masking + " masking, pre-trained on " + pretrainDataset + ")";
    }

    /** The checkpoint's SHA-256 (provenance in reports), or null for a random initialisation. */
    public String checkpointSha256() {
        return checkpoint == null ? null : checkpoint.sha256();
    }

    public boolean isPretrained() {
        return checkpoint != null;
    }

    /** A new student on {@code manager}: the checkpoint's weights, or a seeded random initialisation. */
    public StudentBlock create(NDManager manager) throws IOException {
        StudentBlock student = new StudentBlock(params);
        if (checkpoint != null) {
            ModelCheckpoint.load(checkpoint, student, manager);
        } else {
            Engine.getInstance().setRandomSeed((int) seed);
            student.initialize(manager);
        }
        return student;
    }

    /**
     * Pooled embeddings [windows][channels x width] of {@code windows}, in batches, without gradients: each PPG channel's
     * window goes through the student on its own, and a window's row is its channels' pooled embeddings one after
     * another, in the dataset's channel order (columns {@code c * width} to {@code (c + 1) * width - 1} are channel c's).
     */
    public static double[][] embed(StudentBlock student, TrainingWindows windowSource, List<WindowInfo> windows, NDManager manager,
                                   int batchSize) {
        TrainingWindows source = windowSource.withPatchSamples(student.params().patchSamples());
        checkLength(student, source, windows);
        ParameterStore ps = new ParameterStore(manager, false);
        int channels = source.channels();
        double[][] out = new double[windows.size()][];
        for (int c = 0; c < channels; c++) {
            int row = 0;
            for (List<WindowInfo> chunk : TrainingWindows.chunks(source.onChannel(windows, c), batchSize)) {
                try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
                    TrainingWindows.Batch b = source.batch(batchManager, chunk);
                    NDArray pooled = student.pooled(ps, b.patches(), b.counts(), false);
                    float[] values = pooled.toFloatArray();
                    int width = (int) pooled.getShape().get(1);
                    for (int i = 0; i < chunk.size(); i++) {
                        if (out[row] == null) {
                            out[row] = new double[channels * width];
                        }
                        for (int j = 0; j < width; j++) {
                            out[row][c * width + j] = values[i * width + j];
                        }
                        row++;
                    }
                }
            }
        }
        return out;
    }

    static void checkLength(StudentBlock student, TrainingWindows source, List<WindowInfo> windows) {
        int most = 0;
        for (WindowInfo w : windows) {
            most = Math.max(most, source.validPatches(w));
        }
        if (most > student.params().maxPatches()) {
            throw new IllegalArgumentException("dataset " + source.dataset().name() + " has windows of " + most
                    + " patches but the backbone takes at most " + student.params().maxPatches() + "; re-import it with shorter windows");
        }
        if (source.patchSamples() != student.params().patchSamples()) {
            throw new IllegalArgumentException("dataset " + source.dataset().name() + " has " + source.patchSamples()
                    + "-sample patches but the backbone was trained on " + student.params().patchSamples() + "-sample patches");
        }
    }
}
