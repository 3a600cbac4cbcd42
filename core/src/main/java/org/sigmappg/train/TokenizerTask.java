package org.sigmappg.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
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
import org.sigmappg.model.CodebookUsage;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.IndexConsistencyRate;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.PaddingTools;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.model.TokenizerStep;
import org.sigmappg.model.TrainingTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Trains the stage-1 VQ tokenizer on a dataset (METHOD.md section 2) as a run of the workspace: per-epoch
 * health figures into the run store, an atomic checkpoint after every epoch and on cancel, resumable
 * from that checkpoint to the same total number of steps, stopped as FAILED on a non-finite loss.
 *
 * <p>Two kinds of health figure: code usage over the epoch's training batches ({@code unused_codes},
 * {@code perplexity}), which dead-code re-seeding acts on, and the epoch's model on the held-out windows
 * ({@code icr}, {@code unused_codes_held_out}, {@code perplexity_held_out}), which it does not. When nothing is
 * held out the latter are not measured (no figure measured on training windows goes under a held-out name).
 */
public final class TokenizerTask {
    public static final String KIND = "tokenizer";
    public static final String CHECKPOINT = "tokenizer.ckpt";
    /** Seed of the augmentation used to measure the held-out index consistency rate, the same every epoch. */
    private static final long ICR_SEED = 7_919L;
    private static final Gson GSON = new com.google.gson.GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Workspace workspace;
    private final RunStore runs;

    public TokenizerTask(Workspace workspace) {
        this.workspace = workspace;
        this.runs = new RunStore(workspace);
    }

    /** Creates the run row (QUEUED) for these parameters; {@link #run} then trains it. */
    public RunInfo create(TokenizerRunParams params, String command) throws IOException {
        String datasetHash = new Catalogue(workspace).requireDataset(params.dataset()).manifestHash();
        DeviceChoice.parse(params.device());
        return runs.create(new RunStore.NewRun(KIND, "tok", params.dataset(), null, params.toJson(), params.seed(),
                datasetHash, null, params.device(), command));
    }

    /** Trains the run from its last checkpoint, or from the start if it has none. */
    public TokenizerSummary run(String runId, ProgressMonitor monitor) throws IOException {
        RunInfo info = RunLifecycle.checkStartable(runs, runId, KIND);
        TokenizerRunParams params = TokenizerRunParams.fromJson(info.params());
        RunLifecycle.checkDatasetUnchanged(workspace, info, params.dataset());
        return RunLifecycle.execute(runs, runId, () -> train(runId, params, monitor), GSON::toJson, TokenizerTask::headline);
    }

    private static String headline(TokenizerSummary s) {
        String training = String.format(Locale.ROOT, "unused codes %.1f %%, perplexity %.1f on training batches", 100 * s.unusedCodes(),
                s.perplexity());
        return s.icr() == null ? training + "; nothing held out"
                : String.format(Locale.ROOT, "held out: ICR %.3f, unused codes %.1f %%, perplexity %.1f; %s", s.icr(),
                        100 * s.unusedCodesHeldOut(), s.perplexityHeldOut(), training);
    }

    private TokenizerSummary train(String runId, TokenizerRunParams params, ProgressMonitor monitor) throws IOException {
        long t0 = System.nanoTime();
        DeviceChoice.configureThreads();
        Device device = DeviceChoice.parse(params.device()).device();
        Engine.getInstance().setRandomSeed((int) params.seed());
        runs.setEngine(runId, DeviceChoice.describeEngine(device), device.toString());
        TokenizerParams model = params.model();
        TrainingWindows windows = TrainingWindows.load(new Catalogue(workspace), params.dataset(), params.heldOutFraction(), params.seed(),
                TrainingWindows.HeldOutBy.parse(params.heldOutBy())).everyChannel().withPatchSamples(model.patchSamples());
        if (windows.maxPatches() > model.maxPatches()) {
            throw new IllegalArgumentException("dataset " + params.dataset() + " has windows of " + windows.maxPatches()
                    + " patches but the model takes at most " + model.maxPatches());
        }
        Path dir = runs.runDirectory(runId);
        Path checkpoint = dir.resolve(CHECKPOINT);
        int batchSize = model.optimiser().batchSize();
        int epochs = model.optimiser().epochs();
        int perEpoch = windows.batchesPerEpoch(batchSize);
        long totalSteps = (long) epochs * perEpoch;

        try (NDManager manager = NDManager.newBaseManager(device)) {
            TokenizerBlock tokenizer = new TokenizerBlock(model);
            Progress progress = new Progress(0, 0, 0);
            if (Files.exists(checkpoint)) {
                ModelCheckpoint.Header h = ModelCheckpoint.load(CheckpointTools.verify(workspace, runId, checkpoint), tokenizer, manager);
                progress = Progress.of(h.metadata(), runId, checkpoint);
            } else {
                tokenizer.initialize(manager);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            BlockOptimiser optimiser = new BlockOptimiser(tokenizer.decoder(), model.optimiser(), totalSteps, progress.step());
            BlockOptimiser encoderOptimiser = new BlockOptimiser(tokenizer.encoder(),
                    model.optimiser().withLearningRate(model.optimiser().learningRate() * model.encoderLearningRateScale()),
                    totalSteps, progress.step());
            if (!tokenizer.quantizer().isInitialised()) {
                monitor.begin("k-means initialisation of " + model.codebookSize() + " codes", -1);
                initialiseCodebook(tokenizer, ps, manager, windows, params.seed());
            }
            monitor.begin("training " + runId, totalSteps);
            monitor.worked(progress.step());
            Map<Integer, Double> reconByEpoch = new LinkedHashMap<>();
            Map<Integer, Double> lossByEpoch = new LinkedHashMap<>();
            restoreEpochLosses(runId, reconByEpoch, lossByEpoch);
            long reseeded = restoreReseeded(runId);
            TrainingUsage usage = restoreTrainingUsage(runId);
            HeldOutHealth health = null;
            long step = progress.step();
            for (int epoch = progress.epoch(); epoch < epochs; epoch++) {
                List<List<WindowInfo>> batches = TrainingWindows.chunks(windows.epochOrder(params.seed(), epoch), batchSize);
                int firstBatch = epoch == progress.epoch() ? progress.batch() : 0;
                EpochTotals totals = new EpochTotals(model.codebookSize());
                for (int b = firstBatch; b < batches.size(); b++) {
                    if (monitor.isCancelled()) {
                        saveCheckpoint(checkpoint, tokenizer, runId, epoch, b, step);
                        throw new RunLifecycle.Cancelled("cancelled at step " + step + " of " + totalSteps + "; resume with --resume " + runId,
                                summary(runId, "CANCELLED", epoch, step, health, usage, reconByEpoch, lossByEpoch, reseeded, windows, device, t0));
                    }
                    step++;
                    TokenizerStep.Result r;
                    try (NDManager batchManager = manager.newSubManager()) {
                        TrainingWindows.Batch batch = windows.batch(batchManager, batches.get(b));
                        r = TrainingTools.run(new TokenizerStep(tokenizer, ps, batch.patches(), batch.counts(), step,
                                new Random(params.seed() * 31 + step)), optimiser, encoderOptimiser);
                    }
                    if (!Double.isFinite(r.totalLoss())) {
                        throw new TrainingFailedException(String.format(Locale.ROOT,
                                "step %d (epoch %d): the loss became %s (reconstruction %s, commitment %s, consistency %s); "
                                        + "the last good checkpoint is kept; lower the learning rate and start a new run",
                                step, epoch + 1, r.totalLoss(), r.reconstructionLoss(), r.commitmentLoss(), r.consistencyLoss()));
                    }
                    totals.add(r, batches.get(b).size());
                    reseeded += r.reseededCodes();
                    monitor.worked(1);
                    monitor.message(String.format(Locale.ROOT, "epoch %d/%d loss %.4f recon %.4f codes in use %d/%d",
                            epoch + 1, epochs, r.totalLoss(), r.reconstructionLoss(), totals.usage.total() == 0 ? 0
                                    : model.codebookSize() - Math.round(totals.usage.unusedFraction() * model.codebookSize()),
                            model.codebookSize()));
                    if (step % 10 == 0) {
                        runs.logMetrics(runId, epoch, step, Map.of("step_loss", r.totalLoss(), "step_recon_loss", r.reconstructionLoss()));
                    }
                }
                health = heldOutHealth(tokenizer, ps, manager, windows, batchSize);
                usage = new TrainingUsage(totals.usage.unusedFraction(), totals.usage.perplexity());
                if (totals.batches > 0) {
                    reconByEpoch.put(epoch, totals.recon / totals.windows);
                    lossByEpoch.put(epoch, totals.loss / totals.windows);
                }
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("recon_loss", totals.recon / Math.max(1, totals.windows));
                m.put("commitment_loss", totals.commitment / Math.max(1, totals.windows));
                m.put("consistency_loss", totals.consistency / Math.max(1, totals.windows));
                m.put("loss", totals.loss / Math.max(1, totals.windows));
                m.put("unused_codes", usage.unusedCodes());
                m.put("perplexity", usage.perplexity());
                if (health != null) {
                    m.put("icr", health.icr());
                    m.put("unused_codes_held_out", health.unusedCodes());
                    m.put("perplexity_held_out", health.perplexity());
                }
                m.put("icr_train_batches", totals.icr / Math.max(1, totals.windows));
                m.put("reseeded_codes", (double) totals.reseeded);
                m.put("lr", optimiser.learningRate());
                org.sigmappg.run.ProcessMemory.residentMegabytes().ifPresent(v -> m.put("rss_mb", v));
                org.sigmappg.run.ProcessMemory.nativeMegabytes().ifPresent(v -> m.put("native_mb", v));
                // Tensors still held by this run's managers: constant from epoch to epoch unless something leaks.
                m.put("live_arrays", (double) manager.getManagedArrays().size());
                runs.logMetrics(runId, epoch, step, m);
                saveCheckpoint(checkpoint, tokenizer, runId, epoch + 1, 0, step);
                runs.heartbeat(runId, String.format(Locale.ROOT, "epoch %d/%d: recon %.4f, unused codes %.1f %% (training batches), %s",
                        epoch + 1, epochs, m.get("recon_loss"), 100 * usage.unusedCodes(), health == null ? "nothing held out"
                                : String.format(Locale.ROOT, "held-out ICR %.3f, unused codes %.1f %%", health.icr(), 100 * health.unusedCodes())));
            }
            if (health == null) {
                health = heldOutHealth(tokenizer, ps, manager, windows, batchSize);
            }
            runs.addArtifact(runId, "model", "tokenizer", checkpoint);
            return summary(runId, "FINISHED", epochs, step, health, usage, reconByEpoch, lossByEpoch, reseeded, windows, device, t0);
        }
    }

    /** Where a run stopped: completed epochs, the next batch within the current epoch, completed steps. */
    private record Progress(int epoch, int batch, long step) {
        static Progress of(Map<String, String> meta, String runId, Path file) {
            if (!runId.equals(meta.get("run"))) {
                throw new TrainingFailedException(file + " was written by run " + meta.get("run") + ", not " + runId);
            }
            return new Progress(Integer.parseInt(meta.get("epoch")), Integer.parseInt(meta.get("batch")), Long.parseLong(meta.get("step")));
        }
    }

    private static void saveCheckpoint(Path file, TokenizerBlock tokenizer, String runId, int epoch, int batch, long step) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("run", runId);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("batch", Integer.toString(batch));
        meta.put("step", Long.toString(step));
        ModelCheckpoint.save(file, tokenizer, meta);
    }

    private static void initialiseCodebook(TokenizerBlock tokenizer, ParameterStore ps, NDManager manager,
                                           TrainingWindows windows, long seed) {
        int wanted = tokenizer.params().kmeansSamples();
        List<NDArray> samples = new ArrayList<>();
        long rows = 0;
        try (NDScope scope = new NDScope(); NDManager sub = manager.newSubManager()) {
            for (List<WindowInfo> chunk : TrainingWindows.chunks(windows.epochOrder(seed, -1), tokenizer.params().optimiser().batchSize())) {
                TrainingWindows.Batch batch = windows.batch(sub, chunk);
                NDArray s = tokenizer.kmeansSamples(ps, batch.patches(), batch.counts());
                samples.add(s);
                rows += s.getShape().get(0);
                if (rows >= wanted) {
                    break;
                }
            }
            tokenizer.quantizer().initialiseFromKMeans(NDArrays.concat(new ai.djl.ndarray.NDList(samples)),
                    tokenizer.params().kmeansIterations(), new Random(seed));
        }
    }

    /** The model's index consistency rate and code usage on the held-out windows. */
    private record HeldOutHealth(double icr, double unusedCodes, double perplexity) {
    }

    /** Code usage over one epoch's training batches (NaN before the first epoch). */
    private record TrainingUsage(double unusedCodes, double perplexity) {
    }

    /** The held-out figures, or null when nothing is held out. */
    private static HeldOutHealth heldOutHealth(TokenizerBlock tokenizer, ParameterStore ps, NDManager manager,
                                               TrainingWindows windows, int batchSize) {
        List<WindowInfo> eval = windows.heldOut();
        if (eval.isEmpty()) {
            return null;
        }
        IndexConsistencyRate icr = new IndexConsistencyRate();
        CodebookUsage usage = new CodebookUsage(tokenizer.params().codebookSize());
        Random rng = new Random(ICR_SEED);
        for (List<WindowInfo> chunk : TrainingWindows.chunks(eval, batchSize)) {
            // The scope also frees results of ops on parameters, which DJL files under the model's manager.
            try (NDScope scope = new NDScope(); NDManager sub = manager.newSubManager()) {
                TrainingWindows.Batch batch = windows.batch(sub, chunk);
                NDArray original = tokenizer.encode(ps, batch.patches(), batch.counts());
                NDArray augmented = tokenizer.encode(ps, tokenizer.params().augmentation().apply(batch.patches(), rng), batch.counts());
                NDArray valid = PaddingTools.validMask(batch.counts(), batch.patches().getShape().get(1));
                icr.add(original, augmented, valid);
                usage.add(original, valid);
            }
        }
        return new HeldOutHealth(icr.rate(), usage.unusedFraction(), usage.perplexity());
    }

    /** Sums over one epoch's steps, weighted by batch size. */
    private static final class EpochTotals {
        final CodebookUsage usage;
        double recon;
        double commitment;
        double consistency;
        double loss;
        double icr;
        long windows;
        int batches;
        int reseeded;

        EpochTotals(int codebookSize) {
            usage = new CodebookUsage(codebookSize);
        }

        void add(TokenizerStep.Result r, int n) {
            recon += r.reconstructionLoss() * n;
            commitment += r.commitmentLoss() * n;
            consistency += r.consistencyLoss() * n;
            loss += r.totalLoss() * n;
            icr += r.indexConsistency() * n;
            windows += n;
            batches++;
            reseeded += r.reseededCodes();
            usage.add(r.codes());
        }
    }

    private void restoreEpochLosses(String runId, Map<Integer, Double> recon, Map<Integer, Double> loss) throws IOException {
        Map<String, List<RunStore.Metric>> m = runs.metrics(runId);
        for (RunStore.Metric x : m.getOrDefault("recon_loss", List.of())) {
            recon.put(x.epoch(), x.value());
        }
        for (RunStore.Metric x : m.getOrDefault("loss", List.of())) {
            loss.put(x.epoch(), x.value());
        }
    }

    /** The last completed epoch's training code usage, as logged (a resumed run's summary reports it). */
    private TrainingUsage restoreTrainingUsage(String runId) throws IOException {
        Map<String, List<RunStore.Metric>> m = runs.metrics(runId);
        List<RunStore.Metric> unused = m.getOrDefault("unused_codes", List.of());
        List<RunStore.Metric> perplexity = m.getOrDefault("perplexity", List.of());
        return new TrainingUsage(unused.isEmpty() ? Double.NaN : unused.get(unused.size() - 1).value(),
                perplexity.isEmpty() ? Double.NaN : perplexity.get(perplexity.size() - 1).value());
    }

    private long restoreReseeded(String runId) throws IOException {
        long n = 0;
        for (RunStore.Metric x : runs.metrics(runId).getOrDefault("reseeded_codes", List.of())) {
            n += Math.round(x.value());
        }
        return n;
    }

    private static TokenizerSummary summary(String runId, String status, int epochs, long steps, HeldOutHealth health,
                                            TrainingUsage usage, Map<Integer, Double> recon, Map<Integer, Double> loss, long reseeded,
                                            TrainingWindows windows, Device device, long t0) {
        double first = recon.isEmpty() ? Double.NaN : recon.values().iterator().next();
        double last = recon.isEmpty() ? Double.NaN : recon.get(recon.keySet().stream().max(Integer::compare).orElseThrow());
        double lossFirst = loss.isEmpty() ? Double.NaN : loss.values().iterator().next();
        double lossLast = loss.isEmpty() ? Double.NaN : loss.get(loss.keySet().stream().max(Integer::compare).orElseThrow());
        return new TokenizerSummary(runId, status, epochs, steps, health == null ? null : health.icr(), usage.unusedCodes(),
                usage.perplexity(), health == null ? null : health.unusedCodes(), health == null ? null : health.perplexity(),
                first, last, lossFirst, lossLast, reseeded, windows.heldOut().size(), device.toString(),
                (System.nanoTime() - t0) / 1e9);
    }
}
