package org.sigmappg.app.tasks;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.eval.BloodPressureCriteria;
import org.sigmappg.eval.EvaluationResult;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.LabelSource;
import org.sigmappg.eval.Metric;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * What a task dashboard shows of one evaluation run, read from what the run stored and never recomputed: the
 * pooled figures of every method with their bootstrap intervals ({@code results.json}), the points of its
 * figures as drawn in the report ({@code figures.json}: predicted vs true, Bland-Altman, ROC), the per-fold
 * figures, the label-efficiency curves, the blood-pressure criteria, and the out-of-fold predictions
 * ({@code predictions.csv}) window by window and pooled per subject. Free of JavaFX so plain tests cover it.
 */
public final class TaskDashboardModel {
    /** The name of the figure data file an evaluation run writes beside its report. */
    public static final String FIGURES = "figures.json";

    /** One bar: a method's pooled figure and its 95 % interval (NaN where undefined). */
    public record Bar(String method, double value, double low, double high) {
    }

    /** One drawn series of a stored figure; {@code style} is {@code points}, {@code line} or {@code dashed-line}. */
    public record Series(String name, String style, String colour, double[] x, double[] y) {
    }

    /**
     * One method's label-efficiency curve of one figure: at each share of labelled subjects, the labelled subjects per
     * fold (mean), the figure (mean over the draws) and its 95 % interval (NaN where undefined).
     */
    public record Curve(String method, double[] fractions, double[] labelledSubjects, double[] values, double[] low, double[] high) {
    }

    /** A horizontal reference line of a stored figure (Bland-Altman bias and limits). */
    public record HorizontalLine(String name, double y, String style, String colour) {
    }

    /** The text written on a horizontal line of a figure, at the line's height, in the line's colour. */
    public record LineLabel(String text, double y, String colour) {
    }

    /** One stored figure: its PNG, kind ({@code predicted-vs-true}, {@code bland-altman}, {@code roc}), method (null: all). */
    public record Figure(String file, String kind, String method, String title, String xLabel, String yLabel, List<Series> series,
                         List<HorizontalLine> lines, boolean identity, double[] range) {
        /** Points of all series together. */
        public int points() {
            return series.stream().mapToInt(s -> s.x().length).sum();
        }
    }

    private final RunInfo run;
    private final EvaluationResult result;
    private final List<Figure> figures;
    private final Path directory;
    private final PredictionTable predictions;
    private final String predictionsProblem;
    private final List<PredictionTable.Row> pooled;

    private TaskDashboardModel(RunInfo run, EvaluationResult result, List<Figure> figures, Path directory, PredictionTable predictions,
                               String predictionsProblem) {
        this.run = run;
        this.result = result;
        this.figures = List.copyOf(figures);
        this.directory = directory;
        this.predictions = predictions;
        this.predictionsProblem = predictionsProblem;
        // Pooled here, in the background read, not when the view first shows the table.
        this.pooled = predictions == null ? List.of() : List.copyOf(predictions.pooled(labelLevel()));
    }

    /** Reads the stored results of evaluation run {@code runId} (call off the JavaFX thread). */
    public static TaskDashboardModel load(Workspace workspace, String runId) throws IOException {
        RunInfo run = new RunStore(workspace).require(runId);
        if (!TaskDashboardTarget.hasDashboard(run.kind())) {
            throw new IOException(runId + " is a " + run.kind() + " run; dashboards show evaluation and fine-tuning runs");
        }
        Path dir = workspace.runsDirectory().resolve(runId);
        Path resultsFile = dir.resolve(EvaluationTask.RESULTS);
        if (run.status() != RunStatus.FINISHED || !Files.isRegularFile(resultsFile)) {
            throw new IOException(runId + " has no results yet (status " + run.status().name().toLowerCase(java.util.Locale.ROOT)
                    + "); an evaluation stores " + EvaluationTask.RESULTS + " when it finishes");
        }
        EvaluationResult result;
        try {
            result = new Gson().fromJson(Files.readString(resultsFile), EvaluationResult.class);
        } catch (JsonParseException e) {
            throw new IOException(resultsFile + " is not readable: " + e.getMessage(), e);
        }
        Path figuresFile = dir.resolve(FIGURES);
        List<Figure> figures = Files.isRegularFile(figuresFile) ? parseFigures(Files.readString(figuresFile), figuresFile.toString()) : List.of();
        // The figures stay readable when the predictions are not: the table then says why it is empty.
        Path predictionsFile = dir.resolve(EvaluationTask.PREDICTIONS);
        PredictionTable predictions = null;
        String problem = null;
        if (!Files.isRegularFile(predictionsFile)) {
            problem = runId + " stored no " + EvaluationTask.PREDICTIONS + " (it was made by an older version); re-run the evaluation to get them";
        } else {
            try {
                predictions = PredictionTable.read(predictionsFile, result.methods().stream().map(EvaluationResult.MethodInfo::method).toList(),
                        result.task().isClassification() ? result.classNames() : List.of());
            } catch (IOException e) {
                problem = e.getMessage();
            }
        }
        return new TaskDashboardModel(run, result, figures, dir, predictions, problem);
    }

    /** Parses the figure data an evaluation run stored; {@code source} names it in errors. */
    static List<Figure> parseFigures(String json, String source) throws IOException {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            List<Figure> out = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("figures")) {
                JsonObject f = e.getAsJsonObject();
                List<Series> series = new ArrayList<>();
                for (JsonElement s : f.getAsJsonArray("series")) {
                    JsonObject o = s.getAsJsonObject();
                    series.add(new Series(text(o, "name"), text(o, "style"), text(o, "color"), numbers(o.getAsJsonArray("x")),
                            numbers(o.getAsJsonArray("y"))));
                }
                List<HorizontalLine> lines = new ArrayList<>();
                if (f.has("horizontalLines") && f.get("horizontalLines").isJsonArray()) {
                    for (JsonElement h : f.getAsJsonArray("horizontalLines")) {
                        JsonObject o = h.getAsJsonObject();
                        lines.add(new HorizontalLine(text(o, "name"), o.get("y").getAsDouble(), text(o, "style"), text(o, "color")));
                    }
                }
                double[] range = f.has("range") && f.get("range").isJsonArray() ? numbers(f.getAsJsonArray("range")) : null;
                boolean identity = f.has("identityLine") && !f.get("identityLine").isJsonNull() && f.get("identityLine").getAsBoolean();
                out.add(new Figure(text(f, "file"), text(f, "kind"), text(f, "method"), text(f, "title"), text(f, "xLabel"),
                        text(f, "yLabel"), List.copyOf(series), List.copyOf(lines), identity, range));
            }
            return out;
        } catch (RuntimeException e) {
            throw new IOException(source + " is not readable figure data: " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
    }

    private static double[] numbers(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
        }
        return v;
    }

    public RunInfo run() {
        return run;
    }

    public EvaluationResult result() {
        return result;
    }

    /** The run's folder, where the report and the PNG figures are. */
    public Path directory() {
        return directory;
    }

    /** The HTML report the run wrote. */
    public Path report() {
        return directory.resolve(EvaluationTask.REPORT_HTML);
    }

    /** The methods in the order the run evaluated them (trivial first). */
    public List<String> methods() {
        return result.methods().stream().map(EvaluationResult.MethodInfo::method).toList();
    }

    /** The levels with figures, primary first. */
    public List<String> levels() {
        return result.levels();
    }

    /** The metric keys reported, in the report's order. */
    public List<String> metrics() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        result.rows().forEach(r -> keys.add(r.metric()));
        return List.copyOf(keys);
    }

    /** The metric's name as the report prints it. */
    public static String metricLabel(String key) {
        try {
            return Metric.ofKey(key).label();
        } catch (IllegalArgumentException unknown) {
            return key;
        }
    }

    /** Every method's pooled {@code metric} at {@code level}, in method order; methods without it are left out. */
    public List<Bar> bars(String metric, String level) {
        List<Bar> out = new ArrayList<>();
        for (String m : methods()) {
            result.rows().stream().filter(r -> r.method().equals(m) && r.level().equals(level) && r.metric().equals(metric)).findFirst()
                    .ifPresent(r -> out.add(new Bar(m, orNaN(r.value()), orNaN(r.ciLow()), orNaN(r.ciHigh()))));
        }
        return out;
    }

    /** The pooled rows at {@code level}, method by method. */
    public List<EvaluationResult.MetricRow> rows(String level) {
        List<EvaluationResult.MetricRow> out = new ArrayList<>();
        for (String m : methods()) {
            out.addAll(result.rowsOf(m, level));
        }
        return out;
    }

    /** The per-fold rows at {@code level}, method by method and fold by fold. */
    public List<EvaluationResult.FoldRow> folds(String level) {
        List<EvaluationResult.FoldRow> out = new ArrayList<>();
        for (String m : methods()) {
            result.foldRows().stream().filter(f -> f.method().equals(m) && f.level().equals(level))
                    .sorted(java.util.Comparator.comparingInt(EvaluationResult.FoldRow::fold)).forEach(out::add);
        }
        return out;
    }

    /** The figures with label-efficiency curves, in the report's order; empty when the run drew none. */
    public List<String> curveMetrics() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        result.labelEfficiency().forEach(r -> keys.add(r.metric()));
        return List.copyOf(keys);
    }

    /** Every method's label-efficiency curve of {@code metric}, in method order, points by increasing share. */
    public List<Curve> curves(String metric) {
        List<Curve> out = new ArrayList<>();
        for (String m : methods()) {
            List<EvaluationResult.LabelEfficiencyRow> points = result.curve(m, metric).stream()
                    .sorted(java.util.Comparator.comparingDouble(EvaluationResult.LabelEfficiencyRow::labelFraction)).toList();
            if (points.isEmpty()) {
                continue;
            }
            int n = points.size();
            double[] fractions = new double[n];
            double[] labelled = new double[n];
            double[] values = new double[n];
            double[] low = new double[n];
            double[] high = new double[n];
            for (int i = 0; i < n; i++) {
                EvaluationResult.LabelEfficiencyRow r = points.get(i);
                fractions[i] = r.labelFraction();
                labelled[i] = r.labelledSubjects();
                values[i] = orNaN(r.value());
                low[i] = orNaN(r.ciLow());
                high[i] = orNaN(r.ciHigh());
            }
            out.add(new Curve(m, fractions, labelled, values, low, high));
        }
        return out;
    }

    /** The label-efficiency points of every method at the primary level, method by method. */
    public List<EvaluationResult.LabelEfficiencyRow> curvePoints(String metric) {
        List<EvaluationResult.LabelEfficiencyRow> out = new ArrayList<>();
        for (String m : methods()) {
            out.addAll(result.curve(m, metric));
        }
        return out;
    }

    /** The AAMI/ISO 81060-2 and BHS figures of every method (regression in mmHg), else empty. */
    public List<BloodPressureCriteria.Summary> bloodPressure() {
        return result.bloodPressure();
    }

    /** The stored figures of {@code kind}, in the order they were written. */
    public List<Figure> figures(String kind) {
        return figures.stream().filter(f -> f.kind().equals(kind)).toList();
    }

    /** The figure of {@code kind} for {@code method} (or the one showing every method), if stored. */
    public java.util.Optional<Figure> figure(String kind, String method) {
        return figures(kind).stream().filter(f -> f.method() == null || Objects.equals(f.method(), method)).findFirst();
    }

    /** The stored figure kinds, in the order the report shows them. */
    public List<String> figureKinds() {
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("predicted-vs-true", "bland-altman", "roc")) {
            if (!figures(k).isEmpty()) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    /**
     * The labels of {@code f}'s horizontal lines (the Bland-Altman bias and limits of agreement): the line's name, its
     * value with the decimals the report prints for the bias and limits, and the task's unit ("bias -0.52 bpm").
     */
    public List<LineLabel> lineLabels(Figure f) {
        String unit = result.task().unit();
        return f.lines().stream().map(h -> new LineLabel(h.name() + " " + Metric.BA_BIAS.format(h.y())
                + (unit == null || unit.isBlank() ? "" : " " + unit.strip()), h.y(), h.colour())).toList();
    }

    /** The stored out-of-fold predictions, or empty when the run stored none or they cannot be read ({@link #predictionsProblem}). */
    public Optional<PredictionTable> predictions() {
        return Optional.ofNullable(predictions);
    }

    /** Why there are no predictions to show, or null when there are. */
    public String predictionsProblem() {
        return predictionsProblem;
    }

    /** The task's label level, which decides how predictions pool: per record for a record-level task, else per subject. */
    public LabelSource labelLevel() {
        return result.task().source();
    }

    /** What a pooled row is: "record" for a record-level task, else "subject". */
    public String pooledUnit() {
        return labelLevel() == LabelSource.RECORD ? "record" : "subject";
    }

    /** The predictions pooled per subject (per record for a record-level task), empty without predictions. */
    public List<PredictionTable.Row> pooledPredictions() {
        return pooled;
    }

    /** What a row of the pooled table is, and what its columns mean. */
    public String pooledDescription() {
        boolean classes = result.task().isClassification();
        String judged = classes ? "wrong: whether the class of the highest mean probability is not the true class" : "error: prediction minus true value";
        return switch (labelLevel()) {
            case SUBJECT -> "One row per subject: the mean of its windows' out-of-fold predictions, as the evaluation pools them for "
                    + "the per-subject figures, against the subject's label; " + judged + ". Click a column to sort.";
            case RECORD -> "One row per record: the mean of its windows' out-of-fold predictions, as the evaluation pools them for "
                    + "the per-record figures, against the record's label; " + judged + ". Click a column to sort.";
            case WINDOW -> "One row per subject: the means of its windows' labels and out-of-fold predictions. The evaluation judges this "
                    + "task window by window; these means summarise each subject" + (classes ? " (true: its windows of each class; "
                    + "wrong: its windows whose own prediction is not their class)" : " (error: mean prediction minus mean label)")
                    + ". Click a column to sort.";
        };
    }

    /** The true value or class of a pooled row as the table shows it: "141.00", "AF", or "sinus 8, AF 2" for a subject of both. */
    public String truthText(PredictionTable.Row r) {
        if (!result.task().isClassification()) {
            return value(r.truth());
        }
        if (r.truth() >= 0) {
            return result.classNames().get((int) r.truth());
        }
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < r.classCounts().length; c++) {
            if (r.classCounts()[c] > 0) {
                parts.add(result.classNames().get(c) + " " + r.classCounts()[c]);
            }
        }
        return String.join(", ", parts);
    }

    /** Method {@code m}'s pooled prediction as the table shows it: "128.39", or the class with its mean probability "AF (0.91)". */
    public String predictionText(PredictionTable.Row r, int m) {
        if (!result.task().isClassification()) {
            return value(r.predictions()[m][0]);
        }
        int c = r.predictedClass(m);
        return result.classNames().get(c) + String.format(Locale.ROOT, " (%.2f)", r.predictions()[m][c]);
    }

    /**
     * How wrong method {@code m} is on a pooled row: prediction minus true value ("+1.24"), or whether the pooled class is
     * right ("right", "wrong"), or for a window-level task how many of the subject's windows it classes wrongly ("2 of 10 wrong").
     */
    public String errorText(PredictionTable.Row r, int m) {
        if (!result.task().isClassification()) {
            double e = r.error(m);
            return (e > 0 ? "+" : "") + value(e);
        }
        if (r.judged() == 1) {
            return r.wrong()[m] == 0 ? "right" : "wrong";
        }
        return r.wrong()[m] + " of " + r.judged() + " wrong";
    }

    /** A value in the task's unit with the decimals the report gives errors in that unit. */
    private static String value(double v) {
        return Metric.MAE.format(v);
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }
}
