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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.io.CsvTools;
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
            runs.finish(runId, RunStatus.FINISHED, EvaluationReport.headline(result), GSON.toJson(result));
            return result;
        } catch (CancelledException e) {
            runs.finish(runId, RunStatus.CANCELLED, e.getMessage() + "; start a new evaluation to run it again", null);
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            runs.finish(runId, RunStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(), null);
            throw e;
        }
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
            LabelUnits units = LabelUnits.of(data, level, windowFold);
            SubjectBootstrap bootstrap = new SubjectBootstrap(units.subjects);
            Function<int[], Map<Metric, Double>> trivialFigures = null;
            List<double[][]> rocScores = new ArrayList<>();
            for (int mi = 0; mi < methodRuns.size(); mi++) {
                MethodRun mr = methodRuns.get(mi);
                double[][] unitPredictions = units.aggregate(mr.predictions());
                Function<int[], Map<Metric, Double>> figuresOf = MetricRows.figuresOf(task, units, unitPredictions, mr.spec());
                MetricRows.addRows(rows, foldRows, task, mr, level, units, folds, bootstrap, figuresOf, trivialFigures, p);
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
                        figures.multiclassRoc(mr.spec().name(), units.classes(), MetricRows.rankingScores(mr.spec(), unitPredictions));
                    } else {
                        rocScores.add(MetricRows.rankingScores(mr.spec(), unitPredictions));
                    }
                }
            }
            if (level == task.source() && task.kind() == TaskKind.BINARY) {
                figures.binaryRoc(methodRuns.stream().map(mr -> mr.spec().name()).toList(), units.classes(), rocScores);
            }
        }
        List<EvaluationResult.LabelEfficiencyRow> curves = MetricRows.labelEfficiency(p, data, windowFold, folds, shares, methodRuns);
        if (!curves.isEmpty()) {
            figures.labelEfficiency(methodRuns.stream().map(mr -> mr.spec().name()).toList(), EvaluationReport.headlineMetric(task), curves);
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
        String split = EvaluationReport.splitDescription(p, folds, strata != null);
        List<String> notes = EvaluationReport.notes(p, data, folds, shares, methodRuns, architecture, scratchDefault);
        EvaluationResult result = new EvaluationResult(info.id(), p.kind(), RunStatus.FINISHED.name(), task, data.dataset().name(),
                data.dataset().manifestHash(), p.protocol(), split, folds.size(), p.seed(),
                p.bootstrapResamples(), task.source().label(), data.subjects().size(), data.items().size(), data.datasetWindows(),
                data.exclusions(), task.classes().stream().map(ClassRule::name).toList(),
                Arrays.stream(task.isClassification() ? data.classCounts() : new int[0]).boxed().toList(), testSubjects,
                List.of(seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1)), methods, rows, foldRows,
                figureList, notes, engine, (System.nanoTime() - t0) / 1e9,
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
                description = names.size() + " classic waveform features (" + String.join(", ", names) + ") with the "
                        + EvaluationReport.headName(task);
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
                        + "the windows by id) with the %s", m.file(), file.rows(), file.width(), EvaluationReport.headName(task));
            }
            default -> {
                String what = backbone.isPretrained() ? "student of " + backbone.origin()
                        : "randomly initialised student (seed " + backbone.seed() + ", same architecture"
                        + (scratchDefault ? ": the tiny preset, as no pre-trained backbone was given" : " as the pre-trained backbones") + ")";
                description = finetuneBackbone ? what + ", fully fine-tuned with a linear head"
                        : what + ", frozen; pooled embedding (mean of valid patch tokens) with the " + EvaluationReport.headName(task);
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
                Transduction.of(runs, catalogue, backbone, data.dataset()),
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

    private static void writePredictions(Path file, TaskData data, int[] windowFold, List<MethodRun> methods) throws IOException {
        TaskDefinition task = data.task();
        StringBuilder sb = new StringBuilder("window_id,subject,record,window_index,fold,target");
        for (MethodRun m : methods) {
            if (task.isClassification()) {
                for (ClassRule c : task.classes()) {
                    sb.append(',').append(CsvTools.field(m.spec().name() + ":p_" + c.name()));
                }
            } else {
                sb.append(',').append(CsvTools.field(m.spec().name()));
            }
        }
        sb.append('\n');
        for (int w = 0; w < data.items().size(); w++) {
            TaskData.Item it = data.items().get(w);
            sb.append(it.window().id()).append(',').append(CsvTools.field(it.window().subject())).append(',').append(CsvTools.field(it.record())).append(',')
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

}
