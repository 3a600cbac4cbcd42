package org.sigmappg.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.model.TeacherBlock;
import org.sigmappg.model.TeacherPolicy;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * One pre-training run's student measured under ANOTHER run's masks (its teacher and prior, or its prior
 * alone), against random masks of the same ratio, on the held-out windows both runs share. A run's own summary
 * measures its student under its own teacher's masks, so a student that has adapted to its teacher can hide a
 * teacher that finds hard masks; a student trained on random masks has not adapted to any teacher, so its loss
 * under a teacher's masks versus random masks says whether the teacher's masks are hard in themselves.
 *
 * <p>The evaluation is exactly the one at the end of a run (same held-out windows, seed and number of draws), so
 * checking a run against itself reproduces its summary's two losses.
 */
public final class MaskCrossCheck {
    private MaskCrossCheck() {
    }

    /**
     * The figures.
     *
     * @param student the run whose student is measured
     * @param masks the run whose masking policy draws the masks
     * @param masking that policy's strategy (adversarial, random, prior-only)
     * @param heldOutWindows windows measured (the runs' held-out windows)
     * @param lossMasks the student's masked loss under {@code masks}' masks
     * @param lossRandomMasks the student's masked loss under uniformly random masks of the same ratio (the shared
     *     evaluation masks of {@link MaskEvaluation})
     * @param maskedAccuracyRandomMasks the student's accuracy under those uniform masks
     * @param maskedAccuracy the student's accuracy on the patches {@code masks}' policy masked
     * @param priorMasked mean prior of the patches {@code masks}' policy masked
     * @param priorUnmasked mean prior of the patches it left visible
     */
    public record Result(String student, String masks, String masking, int heldOutWindows, double lossMasks,
                         double lossRandomMasks, double maskedAccuracyRandomMasks, double maskedAccuracy, double priorMasked,
                         double priorUnmasked) {
    }

    /**
     * Measures {@code studentRun}'s student under {@code masksRun}'s masks. Both must be finished pre-training runs
     * on the same dataset, tokenizer and held-out split (seed, fraction and grouping), so that the windows are the
     * same held-out ones for both.
     */
    public static Result run(Workspace workspace, String studentRun, String masksRun) throws IOException {
        RunStore runs = new RunStore(workspace);
        PretrainRunParams s = finishedParams(runs, studentRun);
        PretrainRunParams m = finishedParams(runs, masksRun);
        requireSame("dataset", studentRun, s.dataset(), masksRun, m.dataset());
        requireSame("tokenizer", studentRun, s.tokenizerRun(), masksRun, m.tokenizerRun());
        requireSame("held-out split (seed, fraction, grouping)", studentRun,
                s.seed() + ", " + s.heldOutFraction() + ", " + s.heldOutBy(), masksRun,
                m.seed() + ", " + m.heldOutFraction() + ", " + m.heldOutBy());
        DeviceChoice.configureThreads();
        Engine.getInstance().setRandomSeed((int) s.seed());
        TrainingWindows windows = TrainingWindows.load(new Catalogue(workspace), s.dataset(), s.heldOutFraction(), s.seed(),
                TrainingWindows.HeldOutBy.parse(s.heldOutBy())).withPatchSamples(s.model().patchSamples());
        List<WindowInfo> eval = windows.heldOut();
        if (eval.isEmpty()) {
            throw new IllegalArgumentException(studentRun + " and " + masksRun + " hold no window of dataset " + s.dataset()
                    + " out (held-out share " + s.heldOutFraction() + "), so there is nothing to compare their students on; "
                    + "compare runs that hold windows out");
        }
        StudentParams studentModel = s.model();
        StudentParams masksModel = m.model();
        TeacherPolicy policy = TeacherPolicy.of(masksModel);
        try (NDManager manager = NDManager.newBaseManager(DeviceChoice.CPU.device())) {
            ModelCheckpoint.Verified tokenizerFile = PretrainTask.tokenizerCheckpoint(workspace, s.tokenizerRun());
            TokenizerBlock tokenizer = new TokenizerBlock(TokenizerParams.fromJson(tokenizerFile.header().params()));
            ModelCheckpoint.load(tokenizerFile, tokenizer, manager);
            tokenizer.freezeParameters(true);
            StudentBlock student = new StudentBlock(studentModel);
            ModelCheckpoint.load(finalCheckpoint(workspace, studentRun, PretrainTask.STUDENT), student, manager);
            TeacherBlock teacher = null;
            if (policy.usesTeacher()) {
                teacher = new TeacherBlock(masksModel);
                ModelCheckpoint.load(finalCheckpoint(workspace, masksRun, PretrainTask.TEACHER), teacher, manager);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            MaskEvaluation.Totals t = new MaskEvaluation(student, teacher, policy, tokenizer, ps).evaluate(windows, eval, manager,
                    PretrainTask.EVAL_SEED, studentModel.codebookSize(), PretrainTask.FINAL_EVAL_DRAWS);
            return new Result(studentRun, masksRun, masksModel.masking().strategy().label(), eval.size(), t.lossPolicy(),
                    t.lossRandom(), t.maskedAccuracyRandom(), t.maskedAccuracy(), t.priorMasked(), t.priorVisible());
        }
    }

    private static PretrainRunParams finishedParams(RunStore runs, String runId) throws IOException {
        RunInfo info = runs.require(runId);
        if (!PretrainTask.KIND.equals(info.kind())) {
            throw new IllegalArgumentException(runId + " is a " + info.kind() + " run, not a pre-training run");
        }
        if (info.status() != RunStatus.FINISHED) {
            throw new IllegalArgumentException("pre-training run " + runId + " is " + info.status()
                    + "; compare FINISHED runs (resume it with: pretrain --resume " + runId + ")");
        }
        return PretrainRunParams.fromJson(info.params());
    }

    private static void requireSame(String what, String runA, String a, String runB, String b) {
        if (!a.equals(b)) {
            throw new IllegalArgumentException(runA + " and " + runB + " differ in their " + what + " (" + a + " vs " + b
                    + "), so they do not share held-out windows; compare runs of the same dataset, tokenizer and split");
        }
    }

    private static ModelCheckpoint.Verified finalCheckpoint(Workspace workspace, String runId, String file) throws IOException {
        Path dir = workspace.runsDirectory().resolve(runId);
        PretrainTask.Progress progress = PretrainTask.Progress.read(dir, runId);
        Path path = progress.folder() == null ? null : dir.resolve(progress.folder()).resolve(file);
        if (path == null || !Files.exists(path)) {
            throw new IllegalArgumentException("pre-training run " + runId + " has no " + file + " in " + dir
                    + "; its checkpoint is missing");
        }
        return CheckpointTools.verify(workspace, runId, path);
    }
}
