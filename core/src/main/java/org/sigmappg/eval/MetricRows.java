package org.sigmappg.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The figures of an evaluation's result: every method's pooled figures with subject-bootstrap intervals and paired
 * differences from trivial, its per-fold figures, and the label-efficiency points.
 */
final class MetricRows {
    private MetricRows() {
    }

    /** The figures of one method's unit predictions on any selection of units (all of them, a fold's, a bootstrap resample). */
    static Function<int[], Map<Metric, Double>> figuresOf(TaskDefinition task, LabelUnits units, double[][] predictions, MethodSpec spec) {
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

    /** What ranks the units of {@code spec}: its predictions, or one tied score for every unit when it ranks none. */
    static double[][] rankingScores(MethodSpec spec, double[][] unitPredictions) {
        if (spec.kind().ranksUnits()) {
            return unitPredictions;
        }
        double[][] tied = new double[unitPredictions.length][];
        for (int u = 0; u < tied.length; u++) {
            tied[u] = new double[unitPredictions[u].length];
        }
        return tied;
    }

    /**
     * Adds one method's rows at one level: the pooled figures with their subject-bootstrap intervals, the paired differences
     * from trivial ({@code trivialFigures}, null for trivial itself), and every fold's figures with their mean and SD.
     */
    static void addRows(List<EvaluationResult.MetricRow> rows, List<EvaluationResult.FoldRow> foldRows, TaskDefinition task,
                        MethodRun mr, LabelSource level, LabelUnits units, List<SubjectFolds.Fold> folds, SubjectBootstrap bootstrap,
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

    /**
     * The label-efficiency points at the primary level: for every method and fraction, each figure of every
     * draw on all out-of-fold predictions, averaged over the draws, with a subject-bootstrap interval of that
     * average (each resample scores every draw on the same subjects) and the SD over the draws. Fraction 1
     * is the main evaluation. Grades are left out: an average of grades is not a grade.
     */
    static List<EvaluationResult.LabelEfficiencyRow> labelEfficiency(EvaluationParams p, TaskData data, int[] windowFold,
                                                                     List<SubjectFolds.Fold> folds, List<LabelShare> shares,
                                                                     List<MethodRun> methodRuns) {
        List<EvaluationResult.LabelEfficiencyRow> out = new ArrayList<>();
        if (p.curveFractions().isEmpty()) {
            return out;
        }
        TaskDefinition task = p.task();
        LabelUnits units = LabelUnits.of(data, task.source(), windowFold);
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
}
