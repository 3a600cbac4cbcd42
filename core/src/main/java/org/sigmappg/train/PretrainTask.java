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
import java.util.ArrayList;
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
        int batchSize = model.optimiser().batchSize();
        int epochs = model.optimiser().epochs();
        long totalSteps = (long) epochs * windows.batchesPerEpoch(batchSize);
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
            BlockOptimiser[] optimisers = teacherOpt == null ? new BlockOptimiser[] {studentOpt} : new BlockOptimiser[] {studentOpt, teacherOpt};
            MaskEvaluation evaluation = new MaskEvaluation(student, teacher, policy, tokenizer, ps);
            List<Object> inspectionEpochs = readInspection(dir, progress.epoch());

            monitor.begin("pre-training " + runId + " (" + model.masking().strategy().label() + " masks, "
                    + student.parameterCount() + " parameters)", totalSteps);
            monitor.worked(progress.step());
            long step = progress.step();
            MaskEvaluation.Totals last = null;
            for (int epoch = progress.epoch(); epoch < epochs; epoch++) {
                List<List<WindowInfo>> batches = TrainingWindows.chunks(windows.epochOrder(params.seed(), epoch), batchSize);
                int first = epoch == progress.epoch() ? progress.batch() : 0;
                double lossSum = 0;
                double teacherLossSum = 0;
                double accSum = 0;
                double rewardSum = 0;
                double entropySum = 0;
                double teacherGradientSum = 0;
                int n = 0;
                for (int b = first; b < batches.size(); b++) {
                    if (monitor.isCancelled()) {
                        saveCheckpoint(dir, student, teacher, runId, epoch, b, step);
                        throw new RunLifecycle.Cancelled("cancelled at step " + step + " of " + totalSteps + "; resume with --resume " + runId,
                                summary(runId, "CANCELLED", model, epoch, step, student, last, eval.size(), device, t0));
                    }
                    step++;
                    MaskedModellingStep.Result r;
                    try (NDManager batchManager = manager.newSubManager()) {
                        TrainingWindows.Batch batch = windows.batch(batchManager, batches.get(b));
                        r = TrainingTools.run(new MaskedModellingStep(student, teacher, policy, tokenizer, ps, batch.patches(),
                                batch.counts(), batch.priors(), new Random(params.seed() * 31 + step)), optimisers);
                    }
                    if (!Double.isFinite(r.studentLoss()) || !Double.isFinite(r.teacherLoss())) {
                        throw new TrainingFailedException(String.format(Locale.ROOT,
                                "step %d (epoch %d): the student loss became %s and the teacher loss %s; the last good checkpoint "
                                        + "is kept; lower the learning rates and start a new run", step, epoch + 1, r.studentLoss(), r.teacherLoss()));
                    }
                    lossSum += r.studentLoss();
                    teacherLossSum += r.teacherLoss();
                    accSum += r.maskedAccuracy();
                    rewardSum += r.meanReward();
                    entropySum += r.maskEntropy();
                    teacherGradientSum += teacherOpt == null ? Double.NaN : teacherOpt.lastGradientNorm();
                    n++;
                    monitor.worked(1);
                    monitor.message(String.format(Locale.ROOT, "epoch %d/%d loss %.3f acc %.3f entropy %.2f",
                            epoch + 1, epochs, r.studentLoss(), r.maskedAccuracy(), r.maskEntropy()));
                    if (step % 10 == 0) {
                        runs.logMetrics(runId, epoch, step, Map.of("step_loss", r.studentLoss(), "step_accuracy", r.maskedAccuracy()));
                    }
                }
                // The last epoch's figures are the run's summary: averaged over more mask draws.
                int draws = epoch + 1 == epochs ? FINAL_EVAL_DRAWS : 1;
                last = eval.isEmpty() ? null : evaluation.evaluate(windows, eval, manager, EVAL_SEED, model.codebookSize(), draws);
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("student_loss", n == 0 ? Double.NaN : lossSum / n);
                m.put("teacher_loss", n == 0 ? Double.NaN : teacherLossSum / n);
                m.put("train_masked_accuracy", n == 0 ? Double.NaN : accSum / n);
                m.put("mean_reward", n == 0 ? Double.NaN : rewardSum / n);
                m.put("train_mask_entropy", n == 0 ? Double.NaN : entropySum / n);
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
                m.put("teacher_grad_norm", n == 0 ? Double.NaN : teacherGradientSum / n);
                m.put("lr", studentOpt.learningRate());
                org.sigmappg.run.ProcessMemory.residentMegabytes().ifPresent(v -> m.put("rss_mb", v));
                org.sigmappg.run.ProcessMemory.nativeMegabytes().ifPresent(v -> m.put("native_mb", v));
                // Tensors still held by this run's managers: constant from epoch to epoch unless something leaks.
                m.put("live_arrays", (double) manager.getManagedArrays().size());
                m.values().removeIf(v -> v == null || !Double.isFinite(v));
                runs.logMetrics(runId, epoch, step, m);
                if (isInspected(epoch + 1, epochs)) {
                    inspectionEpochs.add(Map.of("epoch", epoch + 1, "windows", evaluation.inspect(windows, inspected, manager, EVAL_SEED)));
                    writeInspection(dir, runId, picturedFrom, inspectionEpochs);
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
            return summary(runId, "FINISHED", model, epochs, step, student, last, eval.size(), device, t0);
        }
    }

    /** Inspection snapshots kept per run at most (besides the first epochs), so long runs stay small. */
    private static final int INSPECTION_SNAPSHOTS = 30;

    /** Every one of the first 10 epochs, then evenly spaced ones, and always the last. */
    static boolean isInspected(int epoch, int epochs) {
        int every = Math.max(1, (int) Math.ceil(epochs / (double) INSPECTION_SNAPSHOTS));
        return epoch <= 10 || epoch % every == 0 || epoch == epochs;
    }

    /** The run's summary; its held-out figures are null when none were measured ({@code t} null). */
    private static PretrainSummary summary(String runId, String status, StudentParams model, int epochs, long steps,
                                           StudentBlock student, MaskEvaluation.Totals t, int heldOut, Device device, long t0) {
        String masking = model.masking().strategy().label();
        long parameters = student.parameterCount();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (t == null) {
            return new PretrainSummary(runId, status, masking, epochs, steps, parameters, null, null, null, null, null, null, null, null,
                    null, null, heldOut, device.toString(), seconds);
        }
        return new PretrainSummary(runId, status, masking, epochs, steps, parameters, t.maskedAccuracy(), t.chanceAccuracy(),
                t.lossPolicy(), t.lossRandom(), t.maskedAccuracyRandom(), t.priorMasked(), t.priorVisible(), t.accuracyHigh(),
                t.accuracyLow(), t.maskEntropy(), heldOut, device.toString(), seconds);
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

    @SuppressWarnings("unchecked")
    private static List<Object> readInspection(Path dir, int completedEpochs) throws IOException {
        Path f = dir.resolve(INSPECTION);
        if (!Files.exists(f)) {
            return new ArrayList<>();
        }
        Map<String, Object> m = GSON.fromJson(Files.readString(f), Map.class);
        List<Object> out = new ArrayList<>();
        // A run killed after an epoch's inspection but before its checkpoint repeats that epoch.
        for (Object e : (List<Object>) m.get("epochs")) {
            if (((Number) ((Map<String, Object>) e).get("epoch")).intValue() <= completedEpochs) {
                out.add(e);
            }
        }
        return out;
    }

    private static void writeInspection(Path dir, String runId, String windowsFrom, List<Object> epochs) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", runId);
        m.put("format", "sigma-ppg-inspection/1");
        m.put("windows_from", windowsFrom);
        m.put("epochs", epochs);
        FileTools.writeStringAtomically(dir.resolve(INSPECTION), GSON.toJson(m));
    }
}
