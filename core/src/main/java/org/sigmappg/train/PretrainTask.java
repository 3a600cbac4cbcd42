package org.sigmappg.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.BlockOptimiser;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.MaskedModellingStep;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.model.TeacherBlock;
import org.sigmappg.model.TeacherPolicy;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.model.TrainingTools;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Stage 2 (METHOD.md sections 1 and 3): the student learns to predict the frozen tokenizer's codes at
 * masked patches, the masks coming from the teacher plus the prior (adversarial), uniformly (random) or
 * from the prior alone (prior-only), all through the same code path. Per epoch, held-out figures and the
 * inspection windows' per-patch data go to the run store; student and teacher are checkpointed together
 * (a folder per checkpoint and an atomically replaced pointer file), so a killed run resumes consistently.
 * When nothing is held out, the held-out figures are not measured (no figure measured on training windows
 * goes under a held-out name); the training steps' own figures are logged either way.
 */
public final class PretrainTask {
    public static final String KIND = "pretrain";
    /** Names the current checkpoint folder; replaced atomically after the folder is complete. */
    public static final String POINTER = "checkpoint.json";
    public static final String STUDENT = "student.ckpt";
    public static final String TEACHER = "teacher.ckpt";
    public static final String INSPECTION = "inspection.json";
    static final long EVAL_SEED = 104_729L;
    /**
     * Mask draws per held-out window for the final figures (the summary and the last epoch's metrics); every
     * other epoch uses one. With one draw, two uniform masks of the same 24 windows gave losses 0.04-0.13
     * nats apart on the sample set, as large as the teacher-vs-random difference the summary reports.
     */
    static final int FINAL_EVAL_DRAWS = 8;
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Workspace workspace;
    private final RunStore runs;

    public PretrainTask(Workspace workspace) {
        this.workspace = workspace;
        this.runs = new RunStore(workspace);
    }

    /** The tokenizer checkpoint of a finished or stopped tokenizer run, verified ({@link CheckpointTools#verify}). */
    public static ModelCheckpoint.Verified tokenizerCheckpoint(Workspace workspace, String tokenizerRun) throws IOException {
        RunInfo tok = new RunStore(workspace).require(tokenizerRun);
        if (!TokenizerTask.KIND.equals(tok.kind())) {
            throw new IllegalArgumentException(tokenizerRun + " is a " + tok.kind() + " run, not a tokenizer run");
        }
        Path file = workspace.runsDirectory().resolve(tokenizerRun).resolve(TokenizerTask.CHECKPOINT);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("tokenizer run " + tokenizerRun + " has no checkpoint (status " + tok.status() + ")");
        }
        return CheckpointTools.verify(workspace, tokenizerRun, file);
    }

    /** Creates the run row (QUEUED); the student's code head is sized to the tokenizer's codebook. */
    public RunInfo create(PretrainRunParams params, String command) throws IOException {
        String datasetHash = new Catalogue(workspace).requireDataset(params.dataset()).manifestHash();
        TokenizerParams tp = TokenizerParams.fromJson(tokenizerCheckpoint(workspace, params.tokenizerRun()).header().params());
        if (tp.patchSamples() != params.model().patchSamples()) {
            throw new IllegalArgumentException("the tokenizer uses " + tp.patchSamples() + "-sample patches, the student "
                    + params.model().patchSamples());
        }
        PretrainRunParams sized = params.withModel(params.model().withCodebookSize(tp.codebookSize()));
        DeviceChoice.parse(params.device());
        return runs.create(new RunStore.NewRun(KIND, "pre", params.dataset(), params.tokenizerRun(), sized.toJson(), params.seed(),
                datasetHash, null, params.device(), command));
    }

    /** Trains the run from its last checkpoint, or from the start. */
    public PretrainSummary run(String runId, ProgressMonitor monitor) throws IOException {
        RunInfo info = RunLifecycle.checkStartable(runs, runId, KIND);
        PretrainRunParams params = PretrainRunParams.fromJson(info.params());
        RunLifecycle.checkDatasetUnchanged(workspace, info, params.dataset());
        return RunLifecycle.execute(runs, runId, () -> train(runId, params, monitor), s -> GSON.toJson(s), PretrainTask::headline);
    }

    private static String headline(PretrainSummary s) {
        if (s.maskedAccuracy() == null) {
            return "no held-out windows, so no held-out figures; see the training steps' figures";
        }
        return String.format(Locale.ROOT, "masked accuracy %.3f (chance %.3f), under shared random masks %.3f; loss teacher %.3f vs "
                + "random %.3f masks", s.maskedAccuracy(), s.chanceAccuracy(), s.maskedAccuracyRandomMasks(), s.lossTeacherMasks(),
                s.lossRandomMasks());
    }

    private PretrainSummary train(String runId, PretrainRunParams params, ProgressMonitor monitor) throws IOException {
        long t0 = System.nanoTime();
        DeviceChoice.configureThreads();
        Device device = DeviceChoice.parse(params.device()).device();
        Engine.getInstance().setRandomSeed((int) params.seed());
        runs.setEngine(runId, DeviceChoice.describeEngine(device), device.toString());
        StudentParams model = params.model();
        TrainingWindows windows = TrainingWindows.load(new Catalogue(workspace), params.dataset(), params.heldOutFraction(), params.seed(),
                TrainingWindows.HeldOutBy.parse(params.heldOutBy())).everyChannel().withPatchSamples(model.patchSamples());
        if (windows.maxPatches() > model.maxPatches()) {
            throw new IllegalArgumentException("dataset " + params.dataset() + " has windows of " + windows.maxPatches()
                    + " patches but the student takes at most " + model.maxPatches());
        }
        Path dir = runs.runDirectory(runId);
        int epochs = model.optimiser().epochs();
        long totalSteps = (long) epochs * windows.batchesPerEpoch(model.optimiser().batchSize());
        List<WindowInfo> eval = windows.heldOut();
        // The heatmaps are pictures, not figures: of training windows when nothing is held out (the file says which).
        List<WindowInfo> pictured = eval.isEmpty() ? windows.train() : eval;
        String picturedFrom = eval.isEmpty() ? "training" : "held-out";
        // Pictured on the first channel, so that each inspected window is a window of the catalogue once.
        List<WindowInfo> inspected = pictured.stream().filter(w -> w.channel() == 0).limit(params.inspectionWindows()).toList();
        TeacherPolicy policy = TeacherPolicy.of(model);

        try (NDManager manager = NDManager.newBaseManager(device)) {
            ModelCheckpoint.Verified tokenizerFile = tokenizerCheckpoint(workspace, params.tokenizerRun());
            TokenizerBlock tokenizer = new TokenizerBlock(TokenizerParams.fromJson(tokenizerFile.header().params()));
            ModelCheckpoint.load(tokenizerFile, tokenizer, manager);
            tokenizer.freezeParameters(true);
            StudentBlock student = new StudentBlock(model);
            TeacherBlock teacher = policy.usesTeacher() ? new TeacherBlock(model) : null;
            Progress progress = Progress.read(dir, runId);
            if (progress.folder() != null) {
                Path folder = dir.resolve(progress.folder());
                ModelCheckpoint.load(CheckpointTools.verify(workspace, runId, folder.resolve(STUDENT)), student, manager);
                if (teacher != null) {
                    ModelCheckpoint.load(CheckpointTools.verify(workspace, runId, folder.resolve(TEACHER)), teacher, manager);
                }
            } else {
                student.initialize(manager);
                if (teacher != null) {
                    teacher.initialize(manager);
                }
            }
            ParameterStore ps = new ParameterStore(manager, false);
            BlockOptimiser studentOpt = new BlockOptimiser(student, model.optimiser(), totalSteps, progress.step());
            BlockOptimiser teacherOpt = teacher == null ? null
                    : new BlockOptimiser(teacher, model.teacher().optimiser(), totalSteps, progress.step());
            Training training = new Training(runId, params, windows, new Models(tokenizer, student, teacher, policy, ps, studentOpt, teacherOpt),
                    manager, dir, totalSteps, device, monitor, t0);
            MaskEvaluation evaluation = new MaskEvaluation(student, teacher, policy, tokenizer, ps);
            List<InspectionData.Epoch> inspectionEpochs = InspectionData.keptEpochs(dir.resolve(INSPECTION), progress.epoch());

            monitor.begin("pre-training " + runId + " (" + model.masking().strategy().label() + " masks, "
                    + student.parameterCount() + " parameters)", totalSteps);
            monitor.worked(progress.step());
            long step = progress.step();
            MaskEvaluation.Totals last = null;
            for (int epoch = progress.epoch(); epoch < epochs; epoch++) {
                int first = epoch == progress.epoch() ? progress.batch() : 0;
                EpochMeter meter = trainOneEpoch(training, epoch, first, step, last);
                step += meter.steps();
                // The last epoch's figures are the run's summary: averaged over more mask draws.
                int draws = epoch + 1 == epochs ? FINAL_EVAL_DRAWS : 1;
                last = eval.isEmpty() ? null : evaluation.evaluate(windows, eval, manager, EVAL_SEED, model.codebookSize(), draws);
                Map<String, Double> m = epochFigures(meter, last, studentOpt, manager);
                runs.logMetrics(runId, epoch, step, m);
                if (isInspected(epoch + 1, epochs)) {
                    inspectionEpochs.add(new InspectionData.Epoch(epoch + 1, evaluation.inspect(windows, inspected, manager, EVAL_SEED)));
                    new InspectionData(runId, picturedFrom, inspectionEpochs).write(dir.resolve(INSPECTION));
                }
                saveCheckpoint(dir, student, teacher, runId, epoch + 1, 0, step);
                runs.heartbeat(runId, last == null
                        ? String.format(Locale.ROOT, "epoch %d/%d: training loss %.3f, accuracy %.3f (nothing held out)", epoch + 1, epochs,
                                m.get("student_loss"), m.get("train_masked_accuracy"))
                        : String.format(Locale.ROOT, "epoch %d/%d: masked accuracy %.3f, loss %.3f (random masks %.3f)",
                                epoch + 1, epochs, last.maskedAccuracy(), last.lossPolicy(), last.lossRandom()));
            }
            if (last == null && !eval.isEmpty()) {
                last = evaluation.evaluate(windows, eval, manager, EVAL_SEED, model.codebookSize(), FINAL_EVAL_DRAWS);
            }
            Progress done = Progress.read(dir, runId);
            runs.addArtifact(runId, "student", "student", dir.resolve(done.folder()).resolve(STUDENT));
            if (teacher != null) {
                runs.addArtifact(runId, "teacher", "teacher", dir.resolve(done.folder()).resolve(TEACHER));
            }
            runs.addArtifact(runId, "inspection", "inspection", dir.resolve(INSPECTION));
            return summary(training, "FINISHED", epochs, step, last);
        }
    }

    /** An epoch's figures: its steps' means, the held-out figures when measured, the learning rate and the memory in use. */
    private static Map<String, Double> epochFigures(EpochMeter meter, MaskEvaluation.Totals last, BlockOptimiser studentOpt,
                                                    NDManager manager) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String name : STEP_FIGURES) {
            m.put(name, meter.mean(name));
        }
        if (last != null) {
            m.put("masked_loss", last.lossPolicy());
            m.put("masked_accuracy", last.maskedAccuracy());
            m.put("loss_random_masks", last.lossRandom());
            m.put("masked_accuracy_random_masks", last.maskedAccuracyRandom());
            m.put("accuracy_high_prior", last.accuracyHigh());
            m.put("accuracy_low_prior", last.accuracyLow());
            m.put("prior_masked", last.priorMasked());
            m.put("prior_unmasked", last.priorVisible());
            m.put("mask_entropy", last.maskEntropy());
            m.put("teacher_logit_spread", last.teacherSpread());
        }
        m.put("lr", studentOpt.learningRate());
        org.sigmappg.run.ProcessMemory.residentMegabytes().ifPresent(v -> m.put("rss_mb", v));
        org.sigmappg.run.ProcessMemory.nativeMegabytes().ifPresent(v -> m.put("native_mb", v));
        // Tensors still held by this run's managers: constant from epoch to epoch unless something leaks.
        m.put("live_arrays", (double) manager.getManagedArrays().size());
        m.values().removeIf(v -> v == null || !Double.isFinite(v));
        return m;
    }

    /** The training steps' own figures, averaged over each epoch. */
    private static final List<String> STEP_FIGURES = List.of("student_loss", "teacher_loss", "train_masked_accuracy", "mean_reward",
            "train_mask_entropy", "teacher_grad_norm");

    /** The blocks a step trains or uses and their optimisers; the teacher and its optimiser are null without a teacher. */
    private record Models(TokenizerBlock tokenizer, StudentBlock student, TeacherBlock teacher, TeacherPolicy policy, ParameterStore ps,
                          BlockOptimiser studentOptimiser, BlockOptimiser teacherOptimiser) {
        BlockOptimiser[] optimisers() {
            return teacherOptimiser == null ? new BlockOptimiser[] {studentOptimiser} : new BlockOptimiser[] {studentOptimiser, teacherOptimiser};
        }
    }

    /** What every epoch of one run uses, from its start to its end. */
    private record Training(String runId, PretrainRunParams params, TrainingWindows windows, Models models, NDManager manager, Path dir,
                            long totalSteps, Device device, ProgressMonitor monitor, long t0) {
    }

    /**
     * One pass over an epoch's batches from batch {@code first}, as MAE's {@code train_one_epoch}: each step trained, shown, logged
     * every tenth step and added to the returned meter. A cancel request checkpoints before the next step and ends the run.
     *
     * @param step the steps done before this epoch
     * @param last the latest held-out figures, for the summary of a cancelled run
     */
    private EpochMeter trainOneEpoch(Training t, int epoch, int first, long step, MaskEvaluation.Totals last) throws IOException {
        Models models = t.models();
        int epochs = t.params().model().optimiser().epochs();
        List<List<WindowInfo>> batches = TrainingWindows.chunks(t.windows().epochOrder(t.params().seed(), epoch),
                t.params().model().optimiser().batchSize());
        BlockOptimiser teacherOpt = models.teacherOptimiser();
        EpochMeter meter = new EpochMeter();
        for (int b = first; b < batches.size(); b++) {
            if (t.monitor().isCancelled()) {
                saveCheckpoint(t.dir(), models.student(), models.teacher(), t.runId(), epoch, b, step);
                throw new RunLifecycle.Cancelled("cancelled at step " + step + " of " + t.totalSteps() + "; resume with --resume " + t.runId(),
                        summary(t, "CANCELLED", epoch, step, last));
            }
            step++;
            MaskedModellingStep.Result r;
            try (NDManager batchManager = t.manager().newSubManager()) {
                TrainingWindows.Batch batch = t.windows().batch(batchManager, batches.get(b));
                r = TrainingTools.run(new MaskedModellingStep(models.student(), models.teacher(), models.policy(), models.tokenizer(),
                        models.ps(), batch.patches(), batch.counts(), batch.priors(), new Random(t.params().seed() * 31 + step)),
                        models.optimisers());
            }
            if (!Double.isFinite(r.studentLoss()) || !Double.isFinite(r.teacherLoss())) {
                throw new TrainingFailedException(String.format(Locale.ROOT,
                        "step %d (epoch %d): the student loss became %s and the teacher loss %s; the last good checkpoint "
                                + "is kept; lower the learning rates and start a new run", step, epoch + 1, r.studentLoss(), r.teacherLoss()));
            }
            meter.update(Map.of("student_loss", r.studentLoss(), "teacher_loss", r.teacherLoss(), "train_masked_accuracy", r.maskedAccuracy(),
                    "mean_reward", r.meanReward(), "train_mask_entropy", r.maskEntropy(),
                    "teacher_grad_norm", teacherOpt == null ? Double.NaN : teacherOpt.lastGradientNorm()));
            t.monitor().worked(1);
            t.monitor().message(String.format(Locale.ROOT, "epoch %d/%d loss %.3f acc %.3f entropy %.2f",
                    epoch + 1, epochs, r.studentLoss(), r.maskedAccuracy(), r.maskEntropy()));
            if (step % 10 == 0) {
                runs.logMetrics(t.runId(), epoch, step, Map.of("step_loss", r.studentLoss(), "step_accuracy", r.maskedAccuracy()));
            }
        }
        return meter;
    }

    /** Inspection snapshots kept per run at most (besides the first epochs), so long runs stay small. */
    private static final int INSPECTION_SNAPSHOTS = 30;

    /** Every one of the first 10 epochs, then evenly spaced ones, and always the last. */
    static boolean isInspected(int epoch, int epochs) {
        int every = Math.max(1, (int) Math.ceil(epochs / (double) INSPECTION_SNAPSHOTS));
        return epoch <= 10 || epoch % every == 0 || epoch == epochs;
    }

    /** The run's summary; its held-out figures are null when none were measured ({@code t} null). */
    private static PretrainSummary summary(Training training, String status, int epochs, long steps, MaskEvaluation.Totals t) {
        String masking = training.params().model().masking().strategy().label();
        long parameters = training.models().student().parameterCount();
        int heldOut = training.windows().heldOut().size();
        String device = training.device().toString();
        double seconds = (System.nanoTime() - training.t0()) / 1e9;
        if (t == null) {
            return new PretrainSummary(training.runId(), status, masking, epochs, steps, parameters, null, null, null, null, null, null, null,
                    null, null, null, heldOut, device, seconds);
        }
        return new PretrainSummary(training.runId(), status, masking, epochs, steps, parameters, t.maskedAccuracy(), t.chanceAccuracy(),
                t.lossPolicy(), t.lossRandom(), t.maskedAccuracyRandom(), t.priorMasked(), t.priorVisible(), t.accuracyHigh(),
                t.accuracyLow(), t.maskEntropy(), heldOut, device, seconds);
    }

    /** Where a run stopped, read from the pointer file (no checkpoint yet: all zero, no folder). */
    record Progress(String folder, int epoch, int batch, long step) {
        static Progress read(Path dir, String runId) throws IOException {
            Path pointer = dir.resolve(POINTER);
            if (!Files.exists(pointer)) {
                return new Progress(null, 0, 0, 0);
            }
            Map<?, ?> m = GSON.fromJson(Files.readString(pointer), Map.class);
            if (!runId.equals(m.get("run"))) {
                throw new TrainingFailedException(pointer + " was written by run " + m.get("run") + ", not " + runId);
            }
            return new Progress((String) m.get("folder"), ((Number) m.get("epoch")).intValue(), ((Number) m.get("batch")).intValue(),
                    ((Number) m.get("step")).longValue());
        }
    }

    /** Writes both models into a new folder, then points the pointer file at it, then removes older folders. */
    private static void saveCheckpoint(Path dir, StudentBlock student, TeacherBlock teacher, String runId, int epoch, int batch,
                                       long step) throws IOException {
        String folder = "ckpt-" + step;
        Path target = dir.resolve(folder);
        FileTools.createOwnerOnlyDirectories(target);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("run", runId);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("batch", Integer.toString(batch));
        meta.put("step", Long.toString(step));
        ModelCheckpoint.save(target.resolve(STUDENT), student, meta);
        if (teacher != null) {
            ModelCheckpoint.save(target.resolve(TEACHER), teacher, meta);
        }
        Map<String, Object> pointer = new LinkedHashMap<>();
        pointer.put("run", runId);
        pointer.put("folder", folder);
        pointer.put("epoch", epoch);
        pointer.put("batch", batch);
        pointer.put("step", step);
        FileTools.writeStringAtomically(dir.resolve(POINTER), GSON.toJson(pointer));
        try (var s = Files.list(dir)) {
            for (Path old : s.filter(p -> p.getFileName().toString().startsWith("ckpt-") && !p.getFileName().toString().equals(folder)).toList()) {
                FileTools.deleteTree(old);
            }
        }
    }
}
