package org.sigmappg.eval;

import com.google.gson.GsonBuilder;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.run.FileTools;

/**
 * The figures of an evaluation at its primary level, as 800 x 600 PNGs beside the report plus their data
 * in {@code figures.json} (the exact points drawn, so the workbench can redraw them): for regression,
 * predicted vs reference with the identity line and a Bland-Altman plot per method; for binary tasks one
 * ROC plot with every method; for multi-class tasks a one-vs-rest ROC plot per method; with label fractions,
 * one label-efficiency plot (the headline figure against the number of labelled subjects, a curve per method
 * with its intervals).
 */
final class EvaluationFigures {
    static final String DATA_FILE = "figures.json";
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    private final Path dir;
    private final String run;
    private final TaskDefinition task;
    private final String level;
    private final List<EvaluationResult.Figure> figures = new ArrayList<>();
    private final List<Map<String, Object>> data = new ArrayList<>();

    EvaluationFigures(Path dir, String run, TaskDefinition task, String level) {
        this.dir = dir;
        this.run = run;
        this.task = task;
        this.level = level;
    }

    /** Scatter and Bland-Altman figures of one regression method. */
    void regression(String method, int index, double[] reference, double[] predicted) throws IOException {
        String unit = task.unit() == null ? "" : " (" + task.unit() + ")";
        Color color = Chart.PALETTE.get(index % Chart.PALETTE.size());
        Chart scatter = new Chart(task.name() + ": " + method + ", predicted vs reference (per " + level + ")",
                "reference " + task.label() + unit, "predicted " + task.label() + unit)
                .points(method + " (n = " + reference.length + ")", reference, predicted, color)
                .identity();
        add(scatter, "predicted-vs-true", method, "pred_vs_true_" + fileName(method) + ".png");

        double[] mean = new double[reference.length];
        double[] diff = new double[reference.length];
        for (int i = 0; i < reference.length; i++) {
            mean[i] = (reference[i] + predicted[i]) / 2;
            diff[i] = predicted[i] - reference[i];
        }
        RegressionMetrics.BlandAltman ba = RegressionMetrics.blandAltman(reference, predicted);
        Chart blandAltman = new Chart(task.name() + ": " + method + ", Bland-Altman (per " + level + ")",
                "mean of predicted and reference" + unit, "predicted - reference" + unit)
                .points(method + " (n = " + reference.length + ")", mean, diff, color)
                .horizontal("bias", ba.bias(), Color.BLACK, false)
                .horizontal("+1.96 SD", ba.upper(), new Color(0xB0, 0x30, 0x30), true)
                .horizontal("-1.96 SD", ba.lower(), new Color(0xB0, 0x30, 0x30), true);
        add(blandAltman, "bland-altman", method, "bland_altman_" + fileName(method) + ".png");
    }

    /** One ROC figure with a curve per method (binary tasks). */
    void binaryRoc(List<String> methods, int[] reference, List<double[][]> probabilities) throws IOException {
        Chart roc = new Chart(task.name() + ": ROC curves, positive class '" + task.classes().get(1).name() + "' (per " + level + ")",
                "false positive rate", "true positive rate").range(0, 1);
        boolean[] positive = new boolean[reference.length];
        for (int i = 0; i < reference.length; i++) {
            positive[i] = reference[i] == 1;
        }
        for (int m = 0; m < methods.size(); m++) {
            double[] score = new double[reference.length];
            for (int i = 0; i < reference.length; i++) {
                score[i] = probabilities.get(m)[i][1];
            }
            double[][] curve = ClassificationMetrics.rocCurve(positive, score);
            double auc = ClassificationMetrics.auroc(positive, score);
            roc.line(String.format(Locale.ROOT, "%s (AUROC %s)", methods.get(m), Metric.AUROC.format(auc)), curve[0], curve[1],
                    Chart.PALETTE.get(m % Chart.PALETTE.size()), false);
        }
        roc.line("chance", new double[] {0, 1}, new double[] {0, 1}, Color.LIGHT_GRAY, true);
        add(roc, "roc", null, "roc.png");
    }

    /** One-vs-rest ROC curves of one multi-class method. */
    void multiclassRoc(String method, int[] reference, double[][] probabilities) throws IOException {
        Chart roc = new Chart(task.name() + ": " + method + ", one-vs-rest ROC (per " + level + ")", "false positive rate",
                "true positive rate").range(0, 1);
        for (int c = 0; c < task.classCount(); c++) {
            boolean[] positive = new boolean[reference.length];
            double[] score = new double[reference.length];
            for (int i = 0; i < reference.length; i++) {
                positive[i] = reference[i] == c;
                score[i] = probabilities[i][c];
            }
            double[][] curve = ClassificationMetrics.rocCurve(positive, score);
            if (curve[0].length == 0) {
                continue;
            }
            roc.line(String.format(Locale.ROOT, "%s (AUROC %s)", task.classes().get(c).name(),
                    Metric.AUROC.format(ClassificationMetrics.auroc(positive, score))), curve[0], curve[1],
                    Chart.PALETTE.get((c + 1) % Chart.PALETTE.size()), false);
        }
        roc.line("chance", new double[] {0, 1}, new double[] {0, 1}, Color.LIGHT_GRAY, true);
        add(roc, "roc", method, "roc_" + fileName(method) + ".png");
    }

    /** The label-efficiency curves of {@code metric}: the figure against the labelled subjects per fold, one curve per method. */
    void labelEfficiency(List<String> methods, Metric metric, List<EvaluationResult.LabelEfficiencyRow> rows) throws IOException {
        String unit = metric.hasUnit() && task.unit() != null ? " (" + task.unit() + ")" : "";
        Chart chart = new Chart(task.name() + ": " + metric.label() + " against labelled subjects (per " + level + ")",
                "labelled training subjects per fold (mean over folds)", metric.label() + unit + ", mean over draws, 95 % CI");
        for (int m = 0; m < methods.size(); m++) {
            String method = methods.get(m);
            List<EvaluationResult.LabelEfficiencyRow> curve = rows.stream()
                    .filter(r -> r.method().equals(method) && r.metric().equals(metric.key())).toList();
            double[] x = new double[curve.size()];
            double[] y = new double[curve.size()];
            double[] low = new double[curve.size()];
            double[] high = new double[curve.size()];
            for (int i = 0; i < curve.size(); i++) {
                EvaluationResult.LabelEfficiencyRow r = curve.get(i);
                x[i] = r.labelledSubjects();
                y[i] = r.value() == null ? Double.NaN : r.value();
                low[i] = r.ciLow() == null ? Double.NaN : r.ciLow();
                high[i] = r.ciHigh() == null ? Double.NaN : r.ciHigh();
            }
            chart.lineWithIntervals(method, x, y, low, high, Chart.PALETTE.get(m % Chart.PALETTE.size()));
        }
        add(chart, "label-efficiency", null, "label_efficiency.png");
    }

    private void add(Chart chart, String kind, String method, String file) throws IOException {
        chart.writePng(dir.resolve(file), WIDTH, HEIGHT);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", file);
        d.put("kind", kind);
        d.put("method", method);
        d.putAll(chart.data());
        data.add(d);
        figures.add(new EvaluationResult.Figure(file, kind, method, (String) chart.data().get("title")));
    }

    /** Writes {@code figures.json} and returns the figures written. */
    List<EvaluationResult.Figure> finish() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "sigma-ppg-evaluation-figures/1");
        root.put("run", run);
        root.put("task", task.name());
        root.put("level", level);
        root.put("width", WIDTH);
        root.put("height", HEIGHT);
        root.put("figures", data);
        FileTools.writeStringAtomically(dir.resolve(DATA_FILE), new GsonBuilder().disableHtmlEscaping().setPrettyPrinting()
                .serializeNulls().create().toJson(root));
        return List.copyOf(figures);
    }

    static String fileName(String method) {
        return method.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
