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
import java.util.Set;
import java.util.function.Function;
import org.sigmappg.data.Catalogue;
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

    /** Out-of-fold window predictions of one method and what was chosen in each fold. */
    private record MethodRun(MethodSpec spec, String description, BackboneSource backbone, double[][] predictions, List<Double> lambdas,
                             List<Integer> epochs) {
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
        monitor.begin("evaluating " + task.name() + " on " + data.dataset().name() + " (" + p.protocol() + ", " + folds.size() + " folds)",
                (long) specs.size() * folds.size());
        List<MethodRun> methodRuns = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            MethodSpec m = specs.get(i);
            BackboneSource s = m.kind() == MethodSpec.Kind.SCRATCH ? BackboneSource.scratch(architecture, p.seed()) : sources.get(i);
            methodRuns.add(runMethod(m, s, scratchDefault, p, data, folds, strata, source, device, monitor));
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
            List<double[][]> rocProbabilities = new ArrayList<>();
            for (int mi = 0; mi < methodRuns.size(); mi++) {
                MethodRun mr = methodRuns.get(mi);
                double[][] unitPredictions = units.aggregate(mr.predictions());
                Function<int[], Map<Metric, Double>> figuresOf = figuresOf(task, units.targets, unitPredictions);
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
                        figures.multiclassRoc(mr.spec().name(), units.classes(), unitPredictions);
                    } else {
                        rocProbabilities.add(unitPredictions);
                    }
                }
            }
            if (level == task.source() && task.kind() == TaskKind.BINARY) {
                figures.binaryRoc(methodRuns.stream().map(mr -> mr.spec().name()).toList(), units.classes(), rocProbabilities);
            }
        }
        List<EvaluationResult.Figure> figureList = figures.finish();
        writePredictions(dir.resolve(PREDICTIONS), data, windowFold, methodRuns);

        List<EvaluationResult.MethodInfo> methods = new ArrayList<>();
        for (MethodRun mr : methodRuns) {
            BackboneSource b = mr.backbone();
            methods.add(new EvaluationResult.MethodInfo(mr.spec().name(), mr.spec().spec(), mr.description(), b == null ? null : b.run(),
                    b == null ? null : b.masking(), b == null ? null : b.pretrainDataset(), b == null ? null : b.checkpointSha256(),
                    transductive(b, data), mr.lambdas(), mr.epochs()));
        }
        List<Integer> testSubjects = folds.stream().map(f -> f.test().size()).toList();
        List<Double> seconds = data.windowSeconds();
        EvaluationResult result = new EvaluationResult(info.id(), p.kind(), RunStatus.FINISHED.name(), task, data.dataset().name(),
                data.dataset().manifestHash(), p.protocol(), splitDescription(p, folds, strata != null), folds.size(), p.seed(),
                p.bootstrapResamples(), task.source().label(), data.subjects().size(), data.items().size(), data.datasetWindows(),
                data.exclusions(), task.classes().stream().map(ClassRule::name).toList(),
                Arrays.stream(task.isClassification() ? data.classCounts() : new int[0]).boxed().toList(), testSubjects,
                List.of(seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1)), methods, rows, foldRows,
                figureList, notes(p, data, folds, methodRuns, architecture, scratchDefault), engine, (System.nanoTime() - t0) / 1e9);

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

    private MethodRun runMethod(MethodSpec m, BackboneSource backbone, boolean scratchDefault, EvaluationParams p, TaskData data,
                                List<SubjectFolds.Fold> folds, Map<String, Integer> strata, TrainingWindows source, Device device,
                                ProgressMonitor monitor) throws IOException {
        TaskDefinition task = p.task();
        int classes = task.classCount();
        double[] target = data.targets();
        List<String> windowSubjects = data.windowSubjects();
        List<WindowInfo> windows = data.windows();
        double[][] predictions = new double[windows.size()][];
        List<Double> lambdas = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        boolean finetuneBackbone = EvaluationParams.FINETUNE.equals(p.protocol()) && backbone != null;
        if (source != null && backbone != null) {
            // Each backbone reads its own patch length (the published pro model reads 2 s patches).
            source = source.withPatchSamples(backbone.params().patchSamples());
        }
        double[][] x = null;
        String description;
        switch (m.kind()) {
            case TRIVIAL -> description = task.isClassification()
                    ? "the class frequencies of all labelled windows for every unit (a constant score; majority class)"
                    : "mean of the training fold";
            case FEATURES -> {
                description = ClassicFeatures.NAMES.size() + " classic waveform features (" + String.join(", ", ClassicFeatures.NAMES)
                        + ") with the " + headName(task);
                monitor.message("computing classic features");
                x = ClassicFeatures.matrix(catalogue, data.dataset(), windows);
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
        FinetuneTrainer trainer = finetuneBackbone ? new FinetuneTrainer(source, p.finetune(), device) : null;
        for (SubjectFolds.Fold f : folds) {
            if (monitor.isCancelled()) {
                throw new CancelledException("evaluation of " + task.name());
            }
            monitor.message(m.name() + ": fold " + (f.index() + 1) + "/" + folds.size());
            int[] train = SubjectFolds.windowsOf(windowSubjects, f.train());
            int[] test = SubjectFolds.windowsOf(windowSubjects, f.test());
            long foldSeed = p.seed() + INNER_SEED_STRIDE * (f.index() + 1);
            if (m.kind() == MethodSpec.Kind.TRIVIAL) {
                double[] constant = trivial(target, classes == 0 ? train : allRows(target.length), classes);
                for (int w : test) {
                    predictions[w] = constant.clone();
                }
            } else if (trainer != null) {
                SubjectFolds.Fold v = SubjectFolds.validation(f, strata, p.finetune().validationFraction(), foldSeed);
                int[] fit = SubjectFolds.windowsOf(windowSubjects, v.train());
                int[] validation = SubjectFolds.windowsOf(windowSubjects, v.test());
                FinetuneTrainer.Outcome o = trainer.run(backbone, windows, target, classes, fit, validation, test, foldSeed,
                        m.name() + ": fold " + (f.index() + 1) + "/" + folds.size(), monitor);
                for (int i = 0; i < test.length; i++) {
                    predictions[test[i]] = o.predictions()[i];
                }
                epochs.add(o.bestEpoch());
            } else {
                LinearProbe head = LinearProbe.fit(x, target, classes, train, windowSubjects, strata, p.innerFolds(), foldSeed);
                for (int w : test) {
                    predictions[w] = classes == 0 ? new double[] {head.predictValue(x[w])} : head.probabilities(x[w]);
                }
                lambdas.add(head.lambda());
            }
            monitor.worked(1);
        }
        return new MethodRun(m, description, backbone, predictions, lambdas, epochs);
    }

    private static String headName(TaskDefinition task) {
        return task.kind() == TaskKind.REGRESSION ? "ridge head" : task.kind() == TaskKind.BINARY ? "L2 logistic head"
                : "L2 multinomial logistic head";
    }

    private static int[] allRows(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /**
     * The mean, or the class frequencies, of {@code rows}. Regression uses the training fold's mean. For
     * classification the rows are all labelled windows: one constant score for every unit carries no
     * information about any individual (AUROC 0.5, AUPRC the prevalence), whereas each training fold's own
     * frequencies would vary against the held-out labels (a fold whose test subjects are positive has fewer
     * positives left to train on) and drive the pooled AUROC far below 0.5, overstating every method's
     * gain over trivial.
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

    private static Function<int[], Map<Metric, Double>> figuresOf(TaskDefinition task, double[] targets, double[][] predictions) {
        if (task.kind() == TaskKind.REGRESSION) {
            double[] predicted = new double[predictions.length];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = predictions[i][0];
            }
            return units -> RegressionMetrics.all(targets, predicted, units);
        }
        int[] truth = new int[targets.length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = (int) targets[i];
        }
        return units -> ClassificationMetrics.all(truth, predictions, task.classCount(), units);
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
            for (Metric m : Metric.of(task.kind())) {
                double v = fm.get(m);
                keyed.put(m.key(), Double.isFinite(v) ? v : null);
                perFold.computeIfAbsent(m, k -> new ArrayList<>()).add(v);
            }
            foldRows.add(new EvaluationResult.FoldRow(mr.spec().name(), f.index(), level.label(), f.train().size(), f.test().size(), sel.length,
                    keyed, mr.lambdas().isEmpty() ? null : mr.lambdas().get(f.index()),
                    mr.epochs().isEmpty() ? null : mr.epochs().get(f.index())));
        }
        for (Metric m : Metric.of(task.kind())) {
            double[] defined = perFold.get(m).stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
            double mean = Arrays.stream(defined).average().orElse(Double.NaN);
            double sd = Double.NaN;
            if (defined.length >= 2) {
                double ss = 0;
                for (double v : defined) {
                    ss += (v - mean) * (v - mean);
                }
                sd = Math.sqrt(ss / (defined.length - 1));
            }
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

    private static List<String> notes(EvaluationParams p, TaskData data, List<SubjectFolds.Fold> folds, List<MethodRun> methods,
                                      StudentParams architecture, boolean scratchDefault) {
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
        notes.add(String.format(Locale.ROOT, "Linear heads (on frozen backbones in the probe protocol, and on the features comparator in both protocols): "
                + "features standardised on the training fold (missing values set to the training median); the penalty chosen from 10^-4 to "
                + "10^3 in half decades by inner %d-fold cross-validation over the training subjects (%s), then the head refitted on the "
                + "whole training fold.", p.innerFolds(), task.kind() == TaskKind.REGRESSION ? "mean squared error" : "mean log-loss"));
        if (EvaluationParams.FINETUNE.equals(p.protocol())) {
            FinetuneParams f = p.finetune();
            notes.add(String.format(Locale.ROOT, "Fine-tuning: backbone and linear head trained together with AdamW (backbone lr %s, head lr %s, "
                    + "weight decay %s, batch %d, warm-up %d %% then cosine, clip %s), %s loss, at most %d epochs with early stopping "
                    + "(patience %d) on %d %% of each fold's training subjects held out for validation; the best epoch's weights predict "
                    + "the test fold. The features and trivial comparators have no backbone and are the same as in the probe protocol.",
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
            notes.add("trivial gives every unit the class frequencies of all labelled windows: a constant score, so its AUROC is 0.5 and its "
                    + "AUPRC the prevalence by construction, and it predicts the majority class. (Each training fold's own frequencies would "
                    + "vary against the held-out labels and push the pooled AUROC well below 0.5, overstating every gain over trivial.)");
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
        for (MethodRun m : methods) {
            BackboneSource b = m.backbone();
            if (transductive(b, data)) {
                notes.add(m.spec().name() + " was pre-trained (self-supervised, without labels) on " + b.pretrainDataset()
                        + ", the dataset evaluated here, test subjects' windows included: its figures are transductive and may be "
                        + "optimistic for people the backbone has never seen. Pre-train on other data for an inductive estimate.");
            }
        }
        TaskData.Exclusions ex = data.exclusions();
        notes.add(String.format(Locale.ROOT, "Windows: %d of %d labelled and used; left out: %d without the label, %d with a flagged label, %d "
                + "whose value matches no class%s.", data.items().size(), data.datasetWindows(), ex.missing(), ex.flagged(), ex.unmapped(),
                ex.unmappedValues().isEmpty() ? "" : " (" + String.join(", ", ex.unmappedValues()) + ")"));
        return notes;
    }

    /** Whether {@code backbone} was pre-trained on the dataset evaluated, test subjects included. */
    private static boolean transductive(BackboneSource backbone, TaskData data) {
        return backbone != null && backbone.isPretrained() && data.dataset().name().equals(backbone.pretrainDataset());
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
        Metric main = r.task().kind() == TaskKind.REGRESSION ? Metric.MAE : Metric.AUROC;
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
