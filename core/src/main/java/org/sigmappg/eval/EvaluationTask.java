package org.sigmappg.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowIds;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.CancelledException;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TrainingWindows;

/**
 * Downstream evaluation (METHOD section 4): every comparator through the SAME subject-level outer folds
 * and the same protocol, out-of-fold predictions per window, aggregated to the label's unit (a subject's
 * prediction is the mean over its windows, mean probability for classes), figures with 95 %
 * subject-bootstrap intervals and paired differences from the trivial baseline, and one report per run
 * (Markdown, HTML, PNG figures, figure data, predictions) registered as the run's artifacts. The run kind
 * is {@value #KIND} for a comparison of methods and {@value #FINETUNE_KIND} for one pre-trained backbone.
 */
public final class EvaluationTask {
    public static final String KIND = "evaluate";
    public static final String FINETUNE_KIND = "finetune";
    public static final String RESULTS = "results.json";
    public static final String REPORT_MARKDOWN = "report.md";
    public static final String REPORT_HTML = "report.html";
    public static final String PREDICTIONS = "predictions.csv";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();
    private static final long INNER_SEED_STRIDE = 7_919;
    private static final long DRAW_SEED_STRIDE = 104_729;

    private final Workspace workspace;
    private final RunStore runs;
    private final Catalogue catalogue;

    public EvaluationTask(Workspace workspace) {
        this.workspace = workspace;
        this.runs = new RunStore(workspace);
        this.catalogue = new Catalogue(workspace);
    }

    /**
     * Checks the task, its data, the comparators and the split, then creates the run row (QUEUED). Fails
     * before anything is recorded when the evaluation could not run.
     */
    public RunInfo create(EvaluationParams params, String command) throws IOException {
        TaskData data = TaskData.load(catalogue, params.task());
        checkData(params, data);
        String parent = null;
        for (MethodSpec m : params.methodSpecs()) {
            if (m.kind().needsRun()) {
                backbone(m, params);
                parent = parent == null ? m.run() : parent;
            }
            if (m.kind() == MethodSpec.Kind.EMBEDDINGS) {
                EmbeddingFile.open(m.file(), catalogue, data.dataset()).requireRows(data.windows(), catalogue, data.dataset());
            }
            if (m.kind() == MethodSpec.Kind.RATIO_OF_RATIOS) {
                RatioOfRatios.check(m, params.task(), data.dataset(), catalogue.windowLevels(data.dataset()));
            }
        }
        DeviceChoice.parse(params.device());
        String prefix = KIND.equals(params.kind()) ? "eval" : "ft";
        return runs.create(new RunStore.NewRun(params.kind(), prefix, data.dataset().name(), parent, params.toJson(), params.seed(),
                data.dataset().manifestHash(), null, params.device(), command));
    }

    private static void checkData(EvaluationParams p, TaskData data) {
        TaskDefinition task = p.task();
        String where = "task " + task.name() + " on dataset " + data.dataset().name();
        TaskData.Exclusions ex = data.exclusions();
        if (data.items().isEmpty()) {
            throw new IllegalArgumentException(where + " has no labelled windows (" + ex.missing() + " without the label, " + ex.flagged()
                    + " flagged, " + ex.unmapped() + " matching no class" + (ex.unmappedValues().isEmpty() ? "" : ": " + ex.unmappedValues())
                    + "); check the task's label and classes");
        }
        int subjects = data.subjects().size();
        int needed = p.leaveOneSubjectOut() ? 3 : p.folds();
        if (subjects < Math.max(3, needed)) {
            throw new IllegalArgumentException(where + " has " + subjects + " subject(s) with labels; " + (p.leaveOneSubjectOut()
                    ? "leave-one-subject-out needs at least 3" : p.folds() + "-fold cross-validation needs at least " + Math.max(3, needed)
                    + "; use fewer --folds or --loso"));
        }
        if (task.isClassification()) {
            int present = 0;
            for (int c : data.classCounts()) {
                present += c > 0 ? 1 : 0;
            }
            if (present < 2) {
                throw new IllegalArgumentException(where + ": only one class occurs among the labelled windows (" + Arrays.toString(data.classCounts())
                        + " per class " + task.classes().stream().map(ClassRule::name).toList() + "); nothing to classify");
            }
        }
    }

    private BackboneSource backbone(MethodSpec m, EvaluationParams p) throws IOException {
        return switch (m.kind()) {
            case SIGMA -> BackboneSource.pretrained(workspace, m.run(), MaskingParams.Strategy.ADVERSARIAL);
            case RANDOM_MASKING -> BackboneSource.pretrained(workspace, m.run(), MaskingParams.Strategy.RANDOM);
            case PRETRAINED -> BackboneSource.pretrained(workspace, m.run(), null);
            default -> throw new IllegalArgumentException(m.name() + " is not a pre-trained backbone");
        };
    }

    /** Runs the evaluation; a run is evaluated from the start (it is deterministic for its seed). */
    public EvaluationResult run(String runId, ProgressMonitor monitor) throws IOException {
        RunInfo info = runs.require(runId);
        if (!KIND.equals(info.kind()) && !FINETUNE_KIND.equals(info.kind())) {
            throw new IllegalArgumentException(runId + " is a " + info.kind() + " run, not an evaluation");
        }
        if (info.status() == RunStatus.FINISHED || info.status() == RunStatus.RUNNING) {
            throw new IllegalArgumentException(runId + " is " + info.status() + "; start a new evaluation instead");
        }
        EvaluationParams params = EvaluationParams.fromJson(info.params());
        String hash = catalogue.requireDataset(params.task().dataset()).manifestHash();
        if (info.datasetHash() != null && !info.datasetHash().equals(hash)) {
            throw new IllegalArgumentException("dataset " + params.task().dataset() + " changed since " + runId
                    + " was created (it was re-imported); start a new evaluation");
        }
        runs.markRunning(runId);
        try {
            EvaluationResult result = evaluate(info, params, monitor);
            runs.finish(runId, RunStatus.FINISHED, headline(result), GSON.toJson(result));
            return result;
        } catch (CancelledException e) {
            runs.finish(runId, RunStatus.CANCELLED, e.getMessage() + "; start a new evaluation to run it again", null);
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            runs.finish(runId, RunStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(), null);
            throw e;
        }
    }

    /**
     * Out-of-fold window predictions of one method and what was chosen in each fold, with the predictions of
     * every label share ({@code shares}, in the same order) and the SHA-256 of an embeddings file.
     */
    private record MethodRun(MethodSpec spec, String description, BackboneSource backbone, double[][] predictions, List<Double> lambdas,
                             List<Integer> epochs, List<RatioOfRatios.Line> lines, List<double[][]> sharePredictions, String fileSha256,
                             Transduction transduction, long withoutRatio) {
    }

    /**
     * Whether a backbone saw the evaluated recordings in pre-training, decided by the recordings' content hashes (or, for
     * records imported before those were kept, by the dataset's name or content hash).
     *
     * @param shared evaluated records whose recordings the backbone's pre-training dataset also holds
     * @param records the evaluated dataset's records
     * @param basis how it was decided, for the report
     */
    private record Transduction(boolean transductive, int shared, int records, String basis) {
        static final Transduction NONE = new Transduction(false, 0, 0, null);
    }

    /** One draw of labelled subjects at one fraction below 1: every outer fold with its training subjects cut to the draw. */
    private record LabelShare(double fraction, int draw, List<SubjectFolds.Fold> folds) {
    }

    private EvaluationResult evaluate(RunInfo info, EvaluationParams p, ProgressMonitor monitor) throws IOException {
        long t0 = System.nanoTime();
        TaskDefinition task = p.task();
        TaskData data = TaskData.load(catalogue, task);
        checkData(p, data);
        List<String> windowSubjects = data.windowSubjects();
        Map<String, Integer> strata = data.subjectStrata();
        List<SubjectFolds.Fold> folds = p.leaveOneSubjectOut() ? SubjectFolds.leaveOneOut(data.subjects())
                : SubjectFolds.kFold(data.subjects(), strata, p.folds(), p.seed());
        List<LabelShare> shares = labelShares(p, folds, strata);
        for (SubjectFolds.Fold f : folds) {
            // A guard against any future change to the splitting: a subject on both sides voids the evaluation.
            if (!Collections.disjoint(new HashSet<>(f.train()), f.test())) {
                throw new IllegalStateException("fold " + f.index() + " has subjects in both training and test; evaluation refused");
            }
        }
        List<MethodSpec> specs = p.methodSpecs();
        List<BackboneSource> sources = new ArrayList<>();
        StudentParams architecture = null;
        for (MethodSpec m : specs) {
            BackboneSource s = m.kind().needsRun() ? backbone(m, p) : null;
            sources.add(s);
            if (s != null && architecture == null) {
                architecture = s.params();
            }
        }
        boolean scratchDefault = architecture == null;
        if (architecture == null) {
            architecture = StudentParams.tiny();
        }
        boolean usesModel = specs.stream().anyMatch(m -> m.kind().needsRun() || m.kind() == MethodSpec.Kind.SCRATCH);
        String engine = null;
        Device device = null;
        TrainingWindows source = null;
        if (usesModel) {
            DeviceChoice.configureThreads();
            device = DeviceChoice.parse(p.device()).device();
            engine = DeviceChoice.describeEngine(device);
            runs.setEngine(info.id(), engine, device.toString());
            source = TrainingWindows.load(catalogue, data.dataset().name(), 0, p.seed(), TrainingWindows.HeldOutBy.WINDOW);
        }
        monitor.begin("evaluating " + task.name() + " on " + data.dataset().name() + " (" + p.protocol() + ", " + folds.size() + " folds"
                + (shares.isEmpty() ? "" : ", label shares " + String.join(", ", p.curveFractions().stream().map(EvaluationReport::percent)
                .toList())) + ")",
                (long) specs.size() * folds.size() * (1 + shares.size()));
        List<MethodRun> methodRuns = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            MethodSpec m = specs.get(i);
            BackboneSource s = m.kind() == MethodSpec.Kind.SCRATCH ? BackboneSource.scratch(architecture, p.seed()) : sources.get(i);
            methodRuns.add(runMethod(m, s, scratchDefault, p, data, folds, shares, strata, source, device, monitor));
        }

        List<LabelSource> levels = new ArrayList<>(List.of(task.source()));
        if (task.source() != LabelSource.WINDOW) {
            levels.add(LabelSource.WINDOW);
        }
        int[] windowFold = new int[windowSubjects.size()];
        for (SubjectFolds.Fold f : folds) {
            for (int w : SubjectFolds.windowsOf(windowSubjects, f.test())) {
                windowFold[w] = f.index();
            }
        }
        List<EvaluationResult.MetricRow> rows = new ArrayList<>();
        List<EvaluationResult.FoldRow> foldRows = new ArrayList<>();
        Path dir = runs.runDirectory(info.id());
        EvaluationFigures figures = new EvaluationFigures(dir, info.id(), task, task.source().label());
        for (LabelSource level : levels) {
            Units units = Units.of(data, level, windowFold);
            SubjectBootstrap bootstrap = new SubjectBootstrap(units.subjects);
            Function<int[], Map<Metric, Double>> trivialFigures = null;
            List<double[][]> rocScores = new ArrayList<>();
            for (int mi = 0; mi < methodRuns.size(); mi++) {
                MethodRun mr = methodRuns.get(mi);
                double[][] unitPredictions = units.aggregate(mr.predictions());
                Function<int[], Map<Metric, Double>> figuresOf = figuresOf(task, units, unitPredictions, mr.spec());
                addRows(rows, foldRows, task, mr, level, units, folds, bootstrap, figuresOf, trivialFigures, p);
                if (mi == 0) {
                    trivialFigures = figuresOf;
                }
                if (level == task.source()) {
                    if (task.kind() == TaskKind.REGRESSION) {
                        double[] predicted = new double[unitPredictions.length];
                        for (int u = 0; u < predicted.length; u++) {
                            predicted[u] = unitPredictions[u][0];
                        }
                        figures.regression(mr.spec().name(), mi, units.targets, predicted);
                    } else if (task.kind() == TaskKind.MULTICLASS) {
                        figures.multiclassRoc(mr.spec().name(), units.classes(), rankingScores(mr.spec(), unitPredictions));
                    } else {
                        rocScores.add(rankingScores(mr.spec(), unitPredictions));
                    }
                }
            }
            if (level == task.source() && task.kind() == TaskKind.BINARY) {
                figures.binaryRoc(methodRuns.stream().map(mr -> mr.spec().name()).toList(), units.classes(), rocScores);
            }
        }
        List<EvaluationResult.LabelEfficiencyRow> curves = labelEfficiency(p, data, windowFold, folds, shares, methodRuns);
        if (!curves.isEmpty()) {
            figures.labelEfficiency(methodRuns.stream().map(mr -> mr.spec().name()).toList(), headlineMetric(task), curves);
        }
        List<EvaluationResult.Figure> figureList = figures.finish();
        writePredictions(dir.resolve(PREDICTIONS), data, windowFold, methodRuns);

        List<EvaluationResult.MethodInfo> methods = new ArrayList<>();
        for (MethodRun mr : methodRuns) {
            BackboneSource b = mr.backbone();
            methods.add(new EvaluationResult.MethodInfo(mr.spec().name(), mr.spec().spec(), mr.description(), b == null ? null : b.run(),
                    b == null ? null : b.masking(), b == null ? null : b.pretrainDataset(),
                    b == null ? mr.fileSha256() : b.checkpointSha256(), mr.transduction().transductive(), mr.lambdas(), mr.epochs(),
                    mr.lines().stream().map(l -> List.of(l.a(), l.b())).toList()));
        }
        List<EvaluationResult.LabelDraw> draws = new ArrayList<>();
        for (LabelShare share : shares) {
            for (SubjectFolds.Fold f : share.folds()) {
                draws.add(new EvaluationResult.LabelDraw(share.fraction(), share.draw(), f.index(), f.train()));
            }
        }
        List<Integer> testSubjects = folds.stream().map(f -> f.test().size()).toList();
        List<Double> seconds = data.windowSeconds();
        EvaluationResult result = new EvaluationResult(info.id(), p.kind(), RunStatus.FINISHED.name(), task, data.dataset().name(),
                data.dataset().manifestHash(), p.protocol(), splitDescription(p, folds, strata != null), folds.size(), p.seed(),
                p.bootstrapResamples(), task.source().label(), data.subjects().size(), data.items().size(), data.datasetWindows(),
                data.exclusions(), task.classes().stream().map(ClassRule::name).toList(),
                Arrays.stream(task.isClassification() ? data.classCounts() : new int[0]).boxed().toList(), testSubjects,
                List.of(seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1)), methods, rows, foldRows,
                figureList, notes(p, data, folds, shares, methodRuns, architecture, scratchDefault), engine, (System.nanoTime() - t0) / 1e9,
                curves, draws, BloodPressureCriteria.summaries(task, methods.stream().map(EvaluationResult.MethodInfo::method).toList(), rows,
                task.source().label()));

        Path resultsFile = dir.resolve(RESULTS);
        FileTools.writeStringAtomically(resultsFile, GSON.toJson(result));
        // The report is rendered from the stored file, not from memory, so it cannot show other numbers.
        EvaluationResult stored = GSON.fromJson(Files.readString(resultsFile), EvaluationResult.class);
        EvaluationReport.write(dir, stored);
        runs.addArtifact(info.id(), "results", "json", resultsFile);
        runs.addArtifact(info.id(), "report", "markdown", dir.resolve(REPORT_MARKDOWN));
        runs.addArtifact(info.id(), "report-html", "html", dir.resolve(REPORT_HTML));
        runs.addArtifact(info.id(), "figures", "json", dir.resolve(EvaluationFigures.DATA_FILE));
        runs.addArtifact(info.id(), "predictions", "csv", dir.resolve(PREDICTIONS));
        for (EvaluationResult.Figure f : figureList) {
            runs.addArtifact(info.id(), "figure:" + f.file(), "png", dir.resolve(f.file()));
        }
        logMetrics(info.id(), stored);
        return stored;
    }

    /**
     * The draws of labelled subjects: for every fraction below 1 and every draw, each outer fold's training
     * subjects cut to that share ({@link SubjectFolds#labelledShare}). A draw's seed depends on the fold and the
     * draw only, so the labelled subjects of a smaller fraction are part of those of a larger one in the same draw.
     */
    private static List<LabelShare> labelShares(EvaluationParams p, List<SubjectFolds.Fold> folds, Map<String, Integer> strata) {
        List<LabelShare> out = new ArrayList<>();
        for (double fraction : p.labelFractions()) {
            if (fraction >= 1) {
                continue;
            }
            for (int d = 0; d < p.labelDraws(); d++) {
                List<SubjectFolds.Fold> cut = new ArrayList<>();
                for (SubjectFolds.Fold f : folds) {
                    cut.add(SubjectFolds.labelledShare(f, strata, fraction, p.seed() + INNER_SEED_STRIDE * (f.index() + 1)
                            + DRAW_SEED_STRIDE * (d + 1)));
                }
                out.add(new LabelShare(fraction, d, cut));
            }
        }
        return out;
    }

    private MethodRun runMethod(MethodSpec m, BackboneSource backbone, boolean scratchDefault, EvaluationParams p, TaskData data,
                                List<SubjectFolds.Fold> folds, List<LabelShare> shares, Map<String, Integer> strata, TrainingWindows source,
                                Device device, ProgressMonitor monitor) throws IOException {
        TaskDefinition task = p.task();
        List<WindowInfo> windows = data.windows();
        boolean finetuneBackbone = EvaluationParams.FINETUNE.equals(p.protocol()) && backbone != null;
        if (source != null && backbone != null) {
            // Each backbone reads its own patch length (the published pro model reads 2 s patches).
            source = source.withPatchSamples(backbone.params().patchSamples());
        }
        double[][] x = null;
        String fileSha256 = null;
        String description;
        switch (m.kind()) {
            case TRIVIAL -> description = task.isClassification()
                    ? "the class frequencies of the training fold's windows for every unit of the test fold (its majority class; "
                    + "ranks no unit above another)"
                    : "mean of the training fold";
            case FEATURES -> {
                List<String> names = ClassicFeatures.names(catalogue, data.dataset());
                description = names.size() + " classic waveform features (" + String.join(", ", names) + ") with the " + headName(task);
                monitor.message("computing classic features");
                x = ClassicFeatures.matrix(catalogue, data.dataset(), windows);
            }
            case RATIO_OF_RATIOS -> {
                List<String> ch = m.channels();
                description = String.format(Locale.ROOT, "ratio of ratios R = (AC/DC of %s) / (AC/DC of %s) per window, from the DC levels "
                        + "and AC amplitudes kept at import; %s = a + b R fitted by least squares on each fold's training windows",
                        ch.get(0), ch.get(1), task.label());
                x = RatioOfRatios.ratios(m, data.dataset(), windows, catalogue.windowLevels(data.dataset()));
            }
            case EMBEDDINGS -> {
                monitor.message("reading " + m.file());
                EmbeddingFile file = EmbeddingFile.open(m.file(), catalogue, data.dataset());
                file.requireRows(windows, catalogue, data.dataset());
                x = file.read(windows);
                fileSha256 = FileTools.sha256(m.file());
                description = String.format(Locale.ROOT, "embeddings computed outside the workbench, read from %s (%d rows x %d, matched to "
                        + "the windows by id) with the %s", m.file(), file.rows(), file.width(), headName(task));
            }
            default -> {
                String what = backbone.isPretrained() ? "student of " + backbone.origin()
                        : "randomly initialised student (seed " + backbone.seed() + ", same architecture"
                        + (scratchDefault ? ": the tiny preset, as no pre-trained backbone was given" : " as the pre-trained backbones") + ")";
                description = finetuneBackbone ? what + ", fully fine-tuned with a linear head"
                        : what + ", frozen; pooled embedding (mean of valid patch tokens) with the " + headName(task);
                if (!finetuneBackbone) {
                    monitor.message("embedding windows with " + m.name());
                    try (NDManager manager = NDManager.newBaseManager(device)) {
                        StudentBlock student = backbone.create(manager);
                        x = BackboneSource.embed(student, source, windows, manager, p.batchSize());
                    }
                }
            }
        }
        Heads heads = new Heads(m, x, finetuneBackbone ? new FinetuneTrainer(source, p.finetune(), device) : null, backbone, data, strata, p);
        double[][] predictions = new double[windows.size()][];
        List<Double> lambdas = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        List<RatioOfRatios.Line> lines = new ArrayList<>();
        for (SubjectFolds.Fold f : folds) {
            FoldFit fit = heads.fit(f, m.name() + ": fold " + (f.index() + 1) + "/" + folds.size(), monitor);
            fit.copyInto(predictions);
            if (fit.lambda() != null) {
                lambdas.add(fit.lambda());
            }
            if (fit.epoch() != null) {
                epochs.add(fit.epoch());
            }
            if (fit.line() != null) {
                lines.add(fit.line());
            }
        }
        List<double[][]> sharePredictions = new ArrayList<>();
        for (LabelShare share : shares) {
            double[][] shared = new double[windows.size()][];
            for (SubjectFolds.Fold f : share.folds()) {
                heads.fit(f, String.format(Locale.ROOT, "%s: labels of %s of the training subjects, draw %d/%d, fold %d/%d", m.name(),
                        EvaluationReport.percent(share.fraction()), share.draw() + 1, p.labelDraws(), f.index() + 1, folds.size()), monitor).copyInto(shared);
            }
            sharePredictions.add(shared);
        }
        return new MethodRun(m, description, backbone, predictions, lambdas, epochs, lines, sharePredictions, fileSha256,
                transduction(backbone, data.dataset()),
                m.kind() == MethodSpec.Kind.RATIO_OF_RATIOS ? Arrays.stream(x).filter(r -> !Double.isFinite(r[0])).count() : 0);
    }

    /** The test windows of one fold and their predictions, with the penalty, best epoch or calibration line chosen. */
    private record FoldFit(int[] test, double[][] predictions, Double lambda, Integer epoch, RatioOfRatios.Line line) {
        void copyInto(double[][] all) {
            for (int i = 0; i < test.length; i++) {
                all[test[i]] = predictions[i];
            }
        }
    }

    /** How one method's heads are trained on a fold's training subjects and predict its test subjects. */
    private record Heads(MethodSpec spec, double[][] x, FinetuneTrainer trainer, BackboneSource backbone, TaskData data,
                         Map<String, Integer> strata, EvaluationParams p) {
        FoldFit fit(SubjectFolds.Fold f, String label, ProgressMonitor monitor) throws IOException {
            if (monitor.isCancelled()) {
                throw new CancelledException("evaluation of " + p.task().name());
            }
            monitor.message(label);
            int classes = p.task().classCount();
            double[] target = data.targets();
            List<String> windowSubjects = data.windowSubjects();
            int[] train = SubjectFolds.windowsOf(windowSubjects, f.train());
            int[] test = SubjectFolds.windowsOf(windowSubjects, f.test());
            long foldSeed = p.seed() + INNER_SEED_STRIDE * (f.index() + 1);
            double[][] out = new double[test.length][];
            Double lambda = null;
            Integer epoch = null;
            RatioOfRatios.Line line = null;
            if (spec.kind() == MethodSpec.Kind.TRIVIAL) {
                double[] constant = trivial(target, train, classes);
                for (int i = 0; i < test.length; i++) {
                    out[i] = constant.clone();
                }
            } else if (spec.kind() == MethodSpec.Kind.RATIO_OF_RATIOS) {
                line = RatioOfRatios.fit(x, target, train);
                for (int i = 0; i < test.length; i++) {
                    out[i] = new double[] {line.predict(x[test[i]][0])};
                }
            } else if (trainer != null) {
                SubjectFolds.Fold v = SubjectFolds.validation(f, strata, p.finetune().validationFraction(), foldSeed);
                int[] fit = SubjectFolds.windowsOf(windowSubjects, v.train());
                int[] validation = SubjectFolds.windowsOf(windowSubjects, v.test());
                FinetuneTrainer.Outcome o = trainer.run(backbone, data.windows(), target, classes, fit, validation, test, foldSeed, label,
                        monitor);
                out = o.predictions();
                epoch = o.bestEpoch();
            } else {
                LinearProbe head = LinearProbe.fit(x, target, classes, train, windowSubjects, strata, p.innerFolds(), foldSeed);
                for (int i = 0; i < test.length; i++) {
                    out[i] = classes == 0 ? new double[] {head.predictValue(x[test[i]])} : head.probabilities(x[test[i]]);
                }
                lambda = head.lambda();
            }
            monitor.worked(1);
            return new FoldFit(test, out, lambda, epoch, line);
        }
    }

    private static String headName(TaskDefinition task) {
        return task.kind() == TaskKind.REGRESSION ? "ridge head" : task.kind() == TaskKind.BINARY ? "L2 logistic head"
                : "L2 multinomial logistic head";
    }

    /**
     * The mean, or the class frequencies, of the training windows {@code rows}: the trivial prediction for
     * every unit of the fold's test subjects, from nothing but the training fold's labels. For ranking it is
     * tied ({@link MethodSpec.Kind#ranksUnits()}): within a fold the prediction is one constant, and across
     * folds it moves only against the held-out labels (a fold whose test subjects are positive leaves fewer
     * positives to train on), so ranking pooled units by it would put its AUROC well below 0.5 (at
     * leave-one-subject-out, 0) and overstate every method's gain over trivial.
     */
    static double[] trivial(double[] target, int[] rows, int classes) {
        if (classes == 0) {
            double sum = 0;
            for (int r : rows) {
                sum += target[r];
            }
            return new double[] {sum / rows.length};
        }
        double[] p = new double[classes];
        for (int r : rows) {
            p[(int) target[r]] += 1.0 / rows.length;
        }
        return p;
    }

    /** What ranks the units of {@code spec}: its predictions, or one tied score for every unit when it ranks none. */
    private static double[][] rankingScores(MethodSpec spec, double[][] unitPredictions) {
        if (spec.kind().ranksUnits()) {
            return unitPredictions;
        }
        double[][] tied = new double[unitPredictions.length][];
        for (int u = 0; u < tied.length; u++) {
            tied[u] = new double[unitPredictions[u].length];
        }
        return tied;
    }

    private static Function<int[], Map<Metric, Double>> figuresOf(TaskDefinition task, Units units, double[][] predictions, MethodSpec spec) {
        double[] targets = units.targets;
        if (task.kind() == TaskKind.REGRESSION) {
            double[] predicted = new double[predictions.length];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = predictions[i][0];
            }
            boolean bloodPressure = task.reportsBloodPressure();
            return selection -> RegressionMetrics.all(targets, predicted, selection, bloodPressure);
        }
        int[] truth = units.classes();
        double[][] scores = rankingScores(spec, predictions);
        return selection -> ClassificationMetrics.all(truth, predictions, scores, task.classCount(), selection);
    }

    /** The figure label-efficiency curves and the run's headline show: MAE for regression, AUROC for classification. */
    static Metric headlineMetric(TaskDefinition task) {
        return task.kind() == TaskKind.REGRESSION ? Metric.MAE : Metric.AUROC;
    }

    /**
     * The label-efficiency points at the primary level: for every method and fraction, each figure of every
     * draw on all out-of-fold predictions, averaged over the draws, with a subject-bootstrap interval of that
     * average (each resample scores every draw on the same subjects) and the SD over the draws. Fraction 1
     * is the main evaluation. Grades are left out: an average of grades is not a grade.
     */
    private static List<EvaluationResult.LabelEfficiencyRow> labelEfficiency(EvaluationParams p, TaskData data, int[] windowFold,
                                                                             List<SubjectFolds.Fold> folds, List<LabelShare> shares,
                                                                             List<MethodRun> methodRuns) {
        List<EvaluationResult.LabelEfficiencyRow> out = new ArrayList<>();
        if (p.curveFractions().isEmpty()) {
            return out;
        }
        TaskDefinition task = p.task();
        Units units = Units.of(data, task.source(), windowFold);
        SubjectBootstrap bootstrap = new SubjectBootstrap(units.subjects);
        List<Metric> metrics = Metric.of(task).stream().filter(m -> !m.discrete()).toList();
        for (double fraction : p.curveFractions()) {
            List<Integer> shareIndex = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                if (shares.get(i).fraction() == fraction) {
                    shareIndex.add(i);
                }
            }
            List<Integer> labelled = new ArrayList<>();
            if (shareIndex.isEmpty()) {
                folds.forEach(f -> labelled.add(f.train().size()));
            } else {
                shares.get(shareIndex.get(0)).folds().forEach(f -> labelled.add(f.train().size()));
            }
            double labelledMean = labelled.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
            int labelledMin = labelled.stream().mapToInt(Integer::intValue).min().orElse(0);
            int labelledMax = labelled.stream().mapToInt(Integer::intValue).max().orElse(0);
            for (MethodRun mr : methodRuns) {
                List<double[][]> draws = shareIndex.isEmpty() ? Collections.singletonList(mr.predictions())
                        : shareIndex.stream().map(i -> mr.sharePredictions().get(i)).toList();
                List<Function<int[], Map<Metric, Double>>> perDraw = new ArrayList<>();
                for (double[][] d : draws) {
                    perDraw.add(figuresOf(task, units, units.aggregate(d), mr.spec()));
                }
                Function<int[], Map<Metric, Double>> mean = selection -> meanOverDraws(perDraw, selection);
                Map<Metric, Double> point = mean.apply(bootstrap.allUnits());
                Map<Metric, SubjectBootstrap.Interval> ci = bootstrap.intervals(mean, p.bootstrapResamples(), p.seed());
                List<Map<Metric, Double>> drawPoints = perDraw.stream().map(f -> f.apply(bootstrap.allUnits())).toList();
                for (Metric m : metrics) {
                    double[] values = drawPoints.stream().mapToDouble(d -> d.get(m)).filter(Double::isFinite).toArray();
                    SubjectBootstrap.Interval interval = ci.get(m);
                    out.add(new EvaluationResult.LabelEfficiencyRow(task.name(), mr.spec().name(), task.source().label(), m.key(), fraction,
                            draws.size(), labelledMean, labelledMin, labelledMax, orNull(point.get(m)),
                            interval == null ? null : orNull(interval.low()), interval == null ? null : orNull(interval.high()),
                            values.length >= 2 ? sd(values) : null, bootstrap.subjects(), units.subjects.size(),
                            interval == null ? 0 : interval.resamples()));
                }
            }
        }
        return out;
    }

    /** Each figure averaged over the draws on which it is defined (NaN where it is defined on none). */
    private static Map<Metric, Double> meanOverDraws(List<Function<int[], Map<Metric, Double>>> perDraw, int[] selection) {
        Map<Metric, double[]> sums = new java.util.EnumMap<>(Metric.class);
        for (Function<int[], Map<Metric, Double>> f : perDraw) {
            for (Map.Entry<Metric, Double> e : f.apply(selection).entrySet()) {
                double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
                if (Double.isFinite(e.getValue())) {
                    s[0] += e.getValue();
                    s[1]++;
                }
            }
        }
        Map<Metric, Double> out = new java.util.EnumMap<>(Metric.class);
        sums.forEach((m, s) -> out.put(m, s[1] == 0 ? Double.NaN : s[0] / s[1]));
        return out;
    }

    private static double sd(double[] values) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    private static void addRows(List<EvaluationResult.MetricRow> rows, List<EvaluationResult.FoldRow> foldRows, TaskDefinition task,
                                MethodRun mr, LabelSource level, Units units, List<SubjectFolds.Fold> folds, SubjectBootstrap bootstrap,
                                Function<int[], Map<Metric, Double>> figuresOf, Function<int[], Map<Metric, Double>> trivialFigures,
                                EvaluationParams p) {
        Map<Metric, Double> point = figuresOf.apply(bootstrap.allUnits());
        Map<Metric, SubjectBootstrap.Interval> ci = bootstrap.intervals(figuresOf, p.bootstrapResamples(), p.seed());
        Map<Metric, SubjectBootstrap.Interval> deltaCi = Map.of();
        Map<Metric, Double> deltaPoint = Map.of();
        if (trivialFigures != null) {
            Function<int[], Map<Metric, Double>> t = trivialFigures;
            Function<int[], Map<Metric, Double>> delta = sel -> difference(figuresOf.apply(sel), t.apply(sel));
            // Same seed and subjects as the intervals above: the resamples are paired.
            deltaCi = bootstrap.intervals(delta, p.bootstrapResamples(), p.seed());
            deltaPoint = delta.apply(bootstrap.allUnits());
        }
        Map<Metric, List<Double>> perFold = new LinkedHashMap<>();
        for (SubjectFolds.Fold f : folds) {
            int[] sel = units.ofFold(f.index());
            Map<Metric, Double> fm = figuresOf.apply(sel);
            Map<String, Double> keyed = new LinkedHashMap<>();
            for (Metric m : Metric.of(task)) {
                double v = fm.get(m);
                keyed.put(m.key(), Double.isFinite(v) ? v : null);
                perFold.computeIfAbsent(m, k -> new ArrayList<>()).add(v);
            }
            foldRows.add(new EvaluationResult.FoldRow(mr.spec().name(), f.index(), level.label(), f.train().size(), f.test().size(), sel.length,
                    keyed, mr.lambdas().isEmpty() ? null : mr.lambdas().get(f.index()),
                    mr.epochs().isEmpty() ? null : mr.epochs().get(f.index())));
        }
        for (Metric m : Metric.of(task)) {
            double[] defined = perFold.get(m).stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
            double mean = Arrays.stream(defined).average().orElse(Double.NaN);
            double sd = defined.length >= 2 ? sd(defined) : Double.NaN;
            SubjectBootstrap.Interval interval = ci.get(m);
            SubjectBootstrap.Interval d = deltaCi.get(m);
            rows.add(new EvaluationResult.MetricRow(task.name(), mr.spec().name(), level.label(), m.key(), orNull(point.get(m)),
                    interval == null ? null : orNull(interval.low()), interval == null ? null : orNull(interval.high()), folds.size(),
                    defined.length, orNull(mean), orNull(sd), bootstrap.subjects(), units.subjects.size(),
                    interval == null ? 0 : interval.resamples(), deltaPoint.containsKey(m) ? orNull(deltaPoint.get(m)) : null,
                    d == null ? null : orNull(d.low()), d == null ? null : orNull(d.high())));
        }
    }

    /** Method minus trivial, for the figures where a difference means something ({@link Metric#comparesToTrivial()}). */
    private static Map<Metric, Double> difference(Map<Metric, Double> a, Map<Metric, Double> b) {
        Map<Metric, Double> out = new java.util.EnumMap<>(Metric.class);
        for (Map.Entry<Metric, Double> e : a.entrySet()) {
            if (e.getKey().comparesToTrivial()) {
                out.put(e.getKey(), e.getValue() - b.get(e.getKey()));
            }
        }
        return out;
    }

    private static Double orNull(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /** The units (windows, records or subjects) of a level and how windows map to them. */
    private static final class Units {
        final List<String> subjects = new ArrayList<>();
        final int[] windowUnit;
        final double[] targets;
        final int[] unitFold;
        final int[] windowsPerUnit;

        private Units(int windows, int units) {
            windowUnit = new int[windows];
            targets = new double[units];
            unitFold = new int[units];
            windowsPerUnit = new int[units];
        }

        static Units of(TaskData data, LabelSource level, int[] windowFold) {
            List<TaskData.Item> items = data.items();
            Map<String, Integer> index = new LinkedHashMap<>();
            int[] unitOfWindow = new int[items.size()];
            for (int w = 0; w < items.size(); w++) {
                TaskData.Item it = items.get(w);
                String key = switch (level) {
                    case WINDOW -> "w" + it.window().id();
                    case RECORD -> "r" + it.window().recordId();
                    case SUBJECT -> "s" + it.window().subject();
                };
                unitOfWindow[w] = index.computeIfAbsent(key, k -> index.size());
            }
            Units u = new Units(items.size(), index.size());
            for (int i = 0; i < index.size(); i++) {
                u.subjects.add(null);
            }
            for (int w = 0; w < items.size(); w++) {
                int unit = unitOfWindow[w];
                u.windowUnit[w] = unit;
                u.subjects.set(unit, items.get(w).window().subject());
                // Per-subject and per-record labels are the same for all windows of the unit.
                u.targets[unit] = items.get(w).target();
                u.unitFold[unit] = windowFold[w];
                u.windowsPerUnit[unit]++;
            }
            return u;
        }

        /** Mean of the window predictions of each unit (mean value, or mean class probabilities). */
        double[][] aggregate(double[][] windowPredictions) {
            int width = windowPredictions[0].length;
            double[][] out = new double[targets.length][width];
            for (int w = 0; w < windowPredictions.length; w++) {
                for (int j = 0; j < width; j++) {
                    out[windowUnit[w]][j] += windowPredictions[w][j] / windowsPerUnit[windowUnit[w]];
                }
            }
            return out;
        }

        int[] classes() {
            int[] out = new int[targets.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) targets[i];
            }
            return out;
        }

        int[] ofFold(int fold) {
            int n = 0;
            int[] out = new int[unitFold.length];
            for (int u = 0; u < unitFold.length; u++) {
                if (unitFold[u] == fold) {
                    out[n++] = u;
                }
            }
            return Arrays.copyOf(out, n);
        }
    }

    private static String splitDescription(EvaluationParams p, List<SubjectFolds.Fold> folds, boolean stratified) {
        if (p.leaveOneSubjectOut()) {
            return "leave-one-subject-out (" + folds.size() + " folds)";
        }
        return String.format(Locale.ROOT, "subject-level %d-fold cross-validation%s, seed %d", folds.size(),
                stratified ? " stratified by class (each subject's rarest class)" : "", p.seed());
    }

    private static List<String> notes(EvaluationParams p, TaskData data, List<SubjectFolds.Fold> folds, List<LabelShare> shares,
                                      List<MethodRun> methods, StudentParams architecture, boolean scratchDefault) {
        TaskDefinition task = p.task();
        List<String> notes = new ArrayList<>();
        int minTest = folds.stream().mapToInt(f -> f.test().size()).min().orElse(0);
        int maxTest = folds.stream().mapToInt(f -> f.test().size()).max().orElse(0);
        notes.add(String.format(Locale.ROOT, "Splits are by subject: each of the %d subjects is tested exactly once, by a model that never saw "
                + "any of its windows; test folds hold %d-%d subjects. Inner splits (penalty choice, early stopping) use the training "
                + "subjects of the fold only.", data.subjects().size(), minTest, maxTest));
        if (minTest < 5) {
            notes.add(String.format(Locale.ROOT, "Only %d-%d test subjects per fold: per-fold figures are unstable and may be undefined (e.g. "
                    + "AUROC when a fold holds one class). The pooled out-of-fold figures with their subject-bootstrap intervals are the "
                    + "primary result, and with %d subjects those intervals are wide.", minTest, maxTest, data.subjects().size()));
        }
        if (task.source() != LabelSource.WINDOW) {
            notes.add("The label is per " + task.source().label() + ": every window is predicted on its own and the " + task.source().label()
                    + "'s prediction is the mean over its windows (the mean class probability for classification); the " + task.source().label()
                    + "-level figures are primary. Window-level figures are also given, but windows of one " + task.source().label()
                    + " share its label and are not independent.");
        } else {
            notes.add("The label is per window (the mean of its time-aligned values over the window), so figures are per window; windows of one "
                    + "subject are not independent, which the subject-level bootstrap accounts for.");
        }
        notes.add(String.format(Locale.ROOT, "95 %% confidence intervals: percentile bootstrap over subjects (%d resamples, seed %d); a drawn "
                + "subject brings all of its units. Differences from trivial use the same resamples (paired).", p.bootstrapResamples(),
                p.seed()));
        notes.add(String.format(Locale.ROOT, "Linear heads (on frozen backbones in the probe protocol, and on the features and embeddings "
                + "comparators in both protocols): "
                + "features standardised on the training fold (missing values set to the training median); the penalty chosen from 10^-4 to "
                + "10^3 in half decades by inner %d-fold cross-validation over the training subjects (%s), then the head refitted on the "
                + "whole training fold.", p.innerFolds(), task.kind() == TaskKind.REGRESSION ? "mean squared error" : "mean log-loss"));
        if (EvaluationParams.FINETUNE.equals(p.protocol())) {
            FinetuneParams f = p.finetune();
            notes.add(String.format(Locale.ROOT, "Fine-tuning: backbone and linear head trained together with AdamW (backbone lr %s, head lr %s, "
                    + "weight decay %s, batch %d, warm-up %d %% then cosine, clip %s), %s loss, at most %d epochs with early stopping "
                    + "(patience %d) on %d %% of each fold's training subjects held out for validation; the best epoch's weights predict "
                    + "the test fold. The features, embeddings and trivial comparators have no backbone and are the same as in the probe "
                    + "protocol.",
                    f.backboneLearningRate(), f.headLearningRate(), f.weightDecay(), f.batchSize(), Math.round(f.warmupFraction() * 100),
                    f.gradientClipNorm(), task.kind() == TaskKind.REGRESSION ? "MSE (standardised target)" : "cross-entropy", f.maxEpochs(),
                    f.patience(), Math.round(f.validationFraction() * 100)));
        }
        if (methods.stream().anyMatch(m -> m.spec().kind() == MethodSpec.Kind.SCRATCH)) {
            notes.add("scratch: " + (scratchDefault ? "no pre-trained backbone was compared, so scratch uses the tiny preset architecture "
                    : "the same architecture as the first pre-trained backbone ") + "(width " + architecture.transformer().width() + ", "
                    + architecture.transformer().depth() + " layers), randomly initialised; "
                    + (EvaluationParams.FINETUNE.equals(p.protocol()) ? "trained from scratch with the same fine-tuning settings."
                    : "its frozen random features show what the architecture gives without pre-training."));
        }
        if (task.kind() == TaskKind.REGRESSION) {
            notes.add("Bland-Altman: differences are prediction minus reference; limits of agreement are bias +/- 1.96 SD of the differences. "
                    + "The trivial predictor's Pearson r is not meaningful: its predictions vary only through the training-fold means, "
                    + "which fall when a fold's test subjects have high labels, so r is often negative.");
        } else {
            notes.add("trivial gives every unit of a test fold the class frequencies of that fold's training windows (no test label is "
                    + "used) and predicts their majority class. It ranks no unit above another, so its AUROC is 0.5 and its AUPRC the "
                    + "prevalence: ranked across folds by those frequencies, which move against the held-out labels (a fold whose test "
                    + "subjects are positive leaves fewer positives to train on), its pooled AUROC would fall well below 0.5 and overstate "
                    + "every gain over trivial.");
            notes.add("The predicted class is the most probable one; " + (task.kind() == TaskKind.BINARY ? "AUROC, AUPRC and F1 refer to the "
                    + "positive class '" + task.classes().get(1).name() + "'." : "AUROC and AUPRC are macro averages one-vs-rest, F1 is macro."));
            int absent = 0;
            double[] target = data.targets();
            for (SubjectFolds.Fold f : folds) {
                Set<Integer> present = new HashSet<>();
                for (int w : SubjectFolds.windowsOf(data.windowSubjects(), f.train())) {
                    present.add((int) target[w]);
                }
                absent += present.size() < task.classCount() ? 1 : 0;
            }
            if (absent > 0) {
                notes.add(absent + " of " + folds.size() + " training folds lack at least one class entirely; a class absent from a "
                        + "fold's training windows gets probability 0 from the linear heads.");
            }
        }
        if (task.reportsBloodPressure()) {
            notes.add("Blood pressure: mean error (ME, prediction minus reference; the Bland-Altman bias) and the SD of the errors are "
                    + "judged by criterion 1 of AAMI/ISO 81060-2 (|ME| at most 5 mmHg and SD at most 8 mmHg), once on the estimates and "
                    + "once at the ends of their 95 % intervals; the BHS grade takes the percentages of absolute errors within 5, 10 and 15 "
                    + "mmHg (A: 60/85/95 %, B: 50/75/90 %, C: 40/65/85 %, else D), its interval the range of grades over the subject "
                    + "resamples. These are the standards' error criteria only: a device validation also fixes the population (AAMI: at "
                    + "least 85 subjects), the reference measurement and a per-subject SD (ISO criterion 2), which a cross-validated "
                    + "evaluation does not reproduce.");
        }
        if (!shares.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "Label efficiency: within each outer fold, the heads (and fine-tuned backbones) were trained "
                    + "on a share of the fold's training subjects (%s), drawn by subject%s, %d draws per share; the test subjects are the "
                    + "same as in the main evaluation. Each point is the figure on all out-of-fold predictions at the %s level, averaged "
                    + "over the draws, with a subject-bootstrap interval of that average; a smaller share of a draw is part of the larger "
                    + "ones, and every method trains on the same labelled subjects. Share 100 %% is the main evaluation. A share keeps at least "
                    + "two subjects%s.", String.join(", ", p.labelFractions().stream().map(EvaluationReport::percent).toList()),
                    task.isClassification() ? ", stratified by class as the folds" : "", p.labelDraws(), task.source().label(),
                    task.isClassification() ? " and one of each stratum" : ""));
        }
        for (MethodRun m : methods) {
            if (m.spec().kind() == MethodSpec.Kind.EMBEDDINGS) {
                notes.add(m.spec().name() + ": embeddings from outside the workbench (" + m.spec().file() + ", SHA-256 " + m.fileSha256()
                        + "), matched to the windows by id; what model made them, and on which data it was trained, is not known here.");
            }
        }
        for (MethodRun m : methods) {
            Transduction t = m.transduction();
            if (t.transductive()) {
                notes.add(m.spec().name() + " was pre-trained (self-supervised, without labels) on " + m.backbone().pretrainDataset()
                        + ", " + t.basis() + ", test subjects' included: its figures are transductive and may be optimistic for people "
                        + "the backbone has never seen. Pre-train on other recordings for an inductive estimate.");
            } else if (t.basis() != null) {
                notes.add(m.spec().name() + ": " + t.basis() + ".");
            }
        }
        for (MethodRun m : methods) {
            if (m.spec().kind() == MethodSpec.Kind.RATIO_OF_RATIOS) {
                notes.add(ratioNote(m, task));
            }
        }
        long partial = data.windows().stream().filter(WindowInfo::partial).count();
        if (partial > 0) {
            double windowSeconds = data.windows().get(0).windowSamples() / data.dataset().fs();
            double shortest = data.windows().stream().mapToDouble(WindowInfo::fraction).min().orElse(1) * windowSeconds;
            notes.add(String.format(Locale.ROOT, "%d of the %d windows used are partial: a record's tail, or a record shorter than a %.1f s "
                    + "window (the shortest %.1f s); each is predicted from the signal it has, which is less than a full window's. "
                    + "Import with --min-window-fraction F to leave out those under a share F of a window.", partial, data.items().size(),
                    windowSeconds, shortest));
        }
        TaskData.Exclusions ex = data.exclusions();
        notes.add(String.format(Locale.ROOT, "Windows: %d of %d labelled and used; left out: %d without the label, %d with a flagged label, %d "
                + "whose value matches no class%s.", data.items().size(), data.datasetWindows(), ex.missing(), ex.flagged(), ex.unmapped(),
                ex.unmappedValues().isEmpty() ? "" : " (" + String.join(", ", ex.unmappedValues()) + ")"));
        return notes;
    }

    /** The calibration lines of a ratio-of-ratios method over the folds, and the windows it had no ratio for. */
    private static String ratioNote(MethodRun m, TaskDefinition task) {
        DoubleSummaryStatistics a = m.lines().stream().mapToDouble(RatioOfRatios.Line::a).summaryStatistics();
        DoubleSummaryStatistics b = m.lines().stream().mapToDouble(RatioOfRatios.Line::b).summaryStatistics();
        long missing = m.withoutRatio();
        return String.format(Locale.ROOT, "%s: the calibration %s = a + b R was fitted by least squares on each fold's training windows "
                + "(a %.3g to %.3g, b %.3g to %.3g over the %d folds); %s", m.spec().name(), task.label(), a.getMin(), a.getMax(),
                b.getMin(), b.getMax(), m.lines().size(), missing == 0 ? "every window had a ratio."
                : missing + " window(s) had no ratio (no pulse, or a DC level of 0) and got the training windows' mean.");
    }

    /**
     * Whether {@code backbone} was pre-trained on recordings of {@code evaluated}. The pre-training dataset is the one
     * whose content hash the run recorded (found under any name); it and the evaluated dataset share a recording when
     * two of their records have the same content hash ({@link RecordInfo#contentHash()}). Where that cannot be decided
     * (the pre-training dataset was deleted or re-imported, or records imported before content hashes were kept), the
     * same content hash or name as the evaluated dataset counts, as it did before.
     */
    private Transduction transduction(BackboneSource backbone, DatasetInfo evaluated) throws IOException {
        if (backbone == null || !backbone.isPretrained() || backbone.pretrainDataset() == null) {
            return Transduction.NONE;
        }
        String hash = runs.require(backbone.run()).datasetHash();
        List<RecordInfo> records = catalogue.records(evaluated.id());
        DatasetInfo pretrainedOn = null;
        for (DatasetInfo d : catalogue.datasets()) {
            if (d.manifestHash().equals(hash) && (pretrainedOn == null || d.name().equals(backbone.pretrainDataset()))) {
                pretrainedOn = d;
            }
        }
        if (pretrainedOn != null) {
            Set<String> seen = new HashSet<>();
            boolean complete = true;
            for (RecordInfo r : catalogue.records(pretrainedOn.id())) {
                complete &= r.contentHash() != null;
                seen.add(r.contentHash());
            }
            complete &= records.stream().allMatch(r -> r.contentHash() != null);
            if (complete) {
                int shared = (int) records.stream().filter(r -> seen.contains(r.contentHash())).count();
                // The dataset may be in the workspace under another name than the run recorded (a bundled run, a re-import).
                String known = pretrainedOn.name().equals(backbone.pretrainDataset()) ? "" : " (here " + pretrainedOn.name() + ")";
                String basis = pretrainedOn.name().equals(evaluated.name()) ? "the dataset evaluated here"
                        : String.format(Locale.ROOT, "%swhose recordings include %d of the %d evaluated here (the same content)",
                        known.isEmpty() ? "" : known.strip() + ", ", shared, records.size());
                return new Transduction(shared > 0, shared, records.size(), shared > 0 ? basis
                        : "its pre-training recordings (" + backbone.pretrainDataset() + known + ") share none with the dataset evaluated "
                        + "here, by their content");
            }
        }
        boolean same = hash != null && hash.equals(evaluated.manifestHash()) || evaluated.name().equals(backbone.pretrainDataset());
        return new Transduction(same, same ? records.size() : 0, records.size(), same ? "the dataset evaluated here (by its "
                + (hash != null && hash.equals(evaluated.manifestHash()) ? "content hash" : "name") + ")"
                : pretrainedOn == null ? "whether its pre-training dataset " + backbone.pretrainDataset() + " shared recordings with this one "
                + "cannot be checked: that dataset is no longer in the workspace as it was" : null);
    }

    private static void writePredictions(Path file, TaskData data, int[] windowFold, List<MethodRun> methods) throws IOException {
        TaskDefinition task = data.task();
        StringBuilder sb = new StringBuilder("window_id,subject,record,window_index,fold,target");
        for (MethodRun m : methods) {
            if (task.isClassification()) {
                for (ClassRule c : task.classes()) {
                    sb.append(',').append(WindowIds.csvField(m.spec().name() + ":p_" + c.name()));
                }
            } else {
                sb.append(',').append(WindowIds.csvField(m.spec().name()));
            }
        }
        sb.append('\n');
        for (int w = 0; w < data.items().size(); w++) {
            TaskData.Item it = data.items().get(w);
            sb.append(it.window().id()).append(',').append(WindowIds.csvField(it.window().subject())).append(',').append(WindowIds.csvField(it.record())).append(',')
                    .append(it.window().index()).append(',').append(windowFold[w]).append(',')
                    .append(task.isClassification() ? task.classes().get((int) it.target()).name() : Double.toString(it.target()));
            for (MethodRun m : methods) {
                for (double v : m.predictions()[w]) {
                    sb.append(',').append(v);
                }
            }
            sb.append('\n');
        }
        FileTools.writeStringAtomically(file, sb.toString());
    }

    private void logMetrics(String runId, EvaluationResult r) throws IOException {
        Map<String, Double> pooled = new LinkedHashMap<>();
        for (EvaluationResult.MetricRow row : r.rows()) {
            String name = row.method() + "/" + row.level() + "/" + row.metric();
            pooled.put(name, row.value());
            pooled.put(name + "/ci_low", row.ciLow());
            pooled.put(name + "/ci_high", row.ciHigh());
        }
        runs.logMetrics(runId, 0, 0, pooled);
        for (int f = 0; f < r.folds(); f++) {
            Map<String, Double> fold = new LinkedHashMap<>();
            for (EvaluationResult.FoldRow row : r.foldRows()) {
                if (row.fold() == f) {
                    for (Map.Entry<String, Double> e : row.metrics().entrySet()) {
                        fold.put("fold/" + row.method() + "/" + row.level() + "/" + e.getKey(), e.getValue());
                    }
                }
            }
            runs.logMetrics(runId, f, f, fold);
        }
    }

    private static String headline(EvaluationResult r) {
        Metric main = headlineMetric(r.task());
        List<String> parts = new ArrayList<>();
        for (EvaluationResult.MetricRow row : r.rows()) {
            if (row.level().equals(r.primaryLevel()) && row.metric().equals(main.key())) {
                parts.add(row.method() + " " + main.format(row.value() == null ? Double.NaN : row.value()));
            }
        }
        return String.format(Locale.ROOT, "%s on %s (%s, %s): %s per %s: %s", r.task().name(), r.dataset(), r.protocol(), r.split(), main.label(),
                r.primaryLevel(), String.join(", ", parts));
    }
}
