package org.sigmappg.app.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.LabelSource;
import org.sigmappg.io.CsvTools;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.text.DelimitedRows;
import org.sigmappg.io.text.Delimiter;
import org.sigmappg.run.FileTools;

/**
 * The out-of-fold predictions an evaluation run stored ({@value EvaluationTask#PREDICTIONS}, one row per window),
 * and the same predictions pooled per subject, or per record for a record-level task, as the evaluation pools them:
 * a unit's prediction is the mean of its windows' predictions (mean class probabilities), its true value the unit's
 * label (for a window-level task, whose labels vary within a subject, the mean of its windows' labels, or the count
 * of each class). Free of JavaFX so plain tests cover it.
 */
public final class PredictionTable {
    /** The columns before the methods' in the file, in the order the evaluation writes them. */
    static final List<String> FIXED = List.of("window_id", "subject", "record", "window_index", "fold", "target");

    /** One window: its subject, record, outer fold, label (a value, or a class index) and each method's prediction. */
    record Window(String subject, String record, int fold, double target, double[][] predictions) {
    }

    /**
     * One pooled row: a subject (with its record for a record-level task, else null), its outer fold and windows, its
     * true value or class, and per method (in the run's order) the mean prediction and how wrong it is.
     *
     * @param truth the label (regression: the value, or the mean of the windows' values; classification: the class
     *              index, or -1 when the windows of a window-level task hold several classes)
     * @param classCounts windows of each class (classification), else empty
     * @param predictions per method, the mean prediction (one value, or the mean probability of each class)
     * @param wrong per method, the units judged wrong (classification: the row itself when pooled, else its windows
     *              each by its own prediction); empty for regression
     * @param judged units each method was judged on (1 when pooled, the windows for a window-level task)
     */
    public record Row(String subject, String record, int fold, int windows, double truth, int[] classCounts, double[][] predictions,
                      int[] wrong, int judged) {
        /** Method {@code m}'s prediction minus the true value (regression). */
        public double error(int m) {
            return predictions[m][0] - truth;
        }

        /** The class with the highest mean probability of method {@code m}, the first on a tie (classification). */
        public int predictedClass(int m) {
            return argmax(predictions[m]);
        }
    }

    private final Path file;
    private final List<String> methods;
    private final List<String> classes;
    private final List<Window> windows;

    private PredictionTable(Path file, List<String> methods, List<String> classes, List<Window> windows) {
        this.file = file;
        this.methods = List.copyOf(methods);
        this.classes = List.copyOf(classes);
        this.windows = List.copyOf(windows);
    }

    /**
     * Reads {@code file} as the evaluation of {@code methods} wrote it: one prediction column per method for regression
     * ({@code classes} empty), else one probability column per method and class ({@code method:p_class}).
     */
    public static PredictionTable read(Path file, List<String> methods, List<String> classes) throws IOException {
        List<String> expected = columns(methods, classes);
        List<Window> windows = new ArrayList<>();
        try (DelimitedRows rows = DelimitedRows.open(file, StandardCharsets.UTF_8)) {
            if (!rows.next()) {
                throw new IOException(file + " is empty; the evaluation writes a header and a row per window");
            }
            List<String> header = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                header.add(rows.cell(i));
            }
            if (rows.delimiter() != Delimiter.COMMA || !header.equals(expected)) {
                throw rows.error("the columns are " + String.join(",", header) + " where this run's methods give " + String.join(",", expected));
            }
            int width = classes.isEmpty() ? 1 : classes.size();
            while (rows.next()) {
                if (rows.isBlank()) {
                    continue;
                }
                if (rows.size() != expected.size()) {
                    throw rows.error(rows.size() + " cells where the header names " + expected.size());
                }
                double[][] predictions = new double[methods.size()][width];
                for (int m = 0; m < methods.size(); m++) {
                    for (int j = 0; j < width; j++) {
                        int column = FIXED.size() + m * width + j;
                        predictions[m][j] = rows.number(column, expected.get(column));
                    }
                }
                windows.add(new Window(rows.cell(1), rows.cell(2), (int) rows.number(4, "fold"), target(rows, classes), predictions));
            }
        }
        if (windows.isEmpty()) {
            throw new IOException(file + " holds no windows");
        }
        return new PredictionTable(file, methods, classes, windows);
    }

    private static double target(DelimitedRows rows, List<String> classes) throws IOException {
        int column = FIXED.indexOf("target");
        if (classes.isEmpty()) {
            return rows.number(column, "target");
        }
        int c = classes.indexOf(rows.cell(column));
        if (c < 0) {
            throw rows.error(column, "target", MessageTools.quote(rows.cell(column)) + " is none of this task's classes " + String.join(", ", classes));
        }
        return c;
    }

    /** The file's header for {@code methods} (and {@code classes}, empty for regression), as the evaluation writes it. */
    static List<String> columns(List<String> methods, List<String> classes) {
        List<String> out = new ArrayList<>(FIXED);
        for (String m : methods) {
            if (classes.isEmpty()) {
                out.add(m);
            } else {
                classes.forEach(c -> out.add(m + ":p_" + c));
            }
        }
        return out;
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    public List<String> methods() {
        return methods;
    }

    /** The class names (classification), else empty. */
    public List<String> classes() {
        return classes;
    }

    public boolean isClassification() {
        return !classes.isEmpty();
    }

    /** Number of windows. */
    public int windows() {
        return windows.size();
    }

    /**
     * The predictions pooled per subject for a subject- or window-level task, per record for a record-level one
     * ({@code level}, the task's label level), in the order the units first appear in the file.
     */
    public List<Row> pooled(LabelSource level) {
        Map<List<String>, List<Window>> units = new LinkedHashMap<>();
        for (Window w : windows) {
            List<String> key = level == LabelSource.RECORD ? List.of(w.subject(), w.record()) : List.of(w.subject());
            units.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
        }
        List<Row> out = new ArrayList<>();
        for (List<Window> unit : units.values()) {
            out.add(pool(unit, level));
        }
        return out;
    }

    private Row pool(List<Window> unit, LabelSource level) {
        int n = unit.size();
        int width = unit.get(0).predictions()[0].length;
        double[][] mean = new double[methods.size()][width];
        // The evaluation's own order of operations (each window's share added in turn), so pooled values match its figures exactly.
        for (Window w : unit) {
            for (int m = 0; m < methods.size(); m++) {
                for (int j = 0; j < width; j++) {
                    mean[m][j] += w.predictions()[m][j] / n;
                }
            }
        }
        Window first = unit.get(0);
        String record = level == LabelSource.RECORD ? first.record() : null;
        boolean pooledLabel = level != LabelSource.WINDOW;
        if (!isClassification()) {
            double truth = first.target();
            if (!pooledLabel) {
                truth = 0;
                for (Window w : unit) {
                    truth += w.target() / n;
                }
            }
            return new Row(first.subject(), record, first.fold(), n, truth, new int[0], mean, new int[0], pooledLabel ? 1 : n);
        }
        int[] counts = new int[classes.size()];
        unit.forEach(w -> counts[(int) w.target()]++);
        int[] wrong = new int[methods.size()];
        for (int m = 0; m < methods.size(); m++) {
            if (pooledLabel) {
                wrong[m] = argmax(mean[m]) == (int) first.target() ? 0 : 1;
            } else {
                for (Window w : unit) {
                    wrong[m] += argmax(w.predictions()[m]) == (int) w.target() ? 0 : 1;
                }
            }
        }
        int only = -1;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == n) {
                only = c;
            }
        }
        return new Row(first.subject(), record, first.fold(), n, only, counts, mean, wrong, pooledLabel ? 1 : n);
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The pooled rows as CSV: subject (and record for a record-level task), fold, windows, target (the value, the class,
     * or {@code mixed} with a count per class), then per method its mean prediction and error (regression), or its mean
     * probability of each class, the class predicted and the units judged wrong; numbers at full precision.
     */
    public String pooledCsv(LabelSource level) {
        List<Row> rows = pooled(level);
        boolean byRecord = level == LabelSource.RECORD;
        boolean mixedLabels = isClassification() && level == LabelSource.WINDOW;
        List<String> header = new ArrayList<>(List.of("subject"));
        if (byRecord) {
            header.add("record");
        }
        header.addAll(List.of("fold", "windows", "target"));
        if (mixedLabels) {
            classes.forEach(c -> header.add("windows_" + c));
        }
        for (String m : methods) {
            if (isClassification()) {
                classes.forEach(c -> header.add(m + ":p_" + c));
                header.add(m + ":predicted");
                header.add(m + ":wrong");
            } else {
                header.add(m);
                header.add(m + ":error");
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", header.stream().map(CsvTools::field).toList())).append('\n');
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.subject()));
            if (byRecord) {
                cells.add(r.record());
            }
            cells.add(Integer.toString(r.fold()));
            cells.add(Integer.toString(r.windows()));
            if (isClassification()) {
                cells.add(r.truth() < 0 ? "mixed" : classes.get((int) r.truth()));
                if (mixedLabels) {
                    for (int count : r.classCounts()) {
                        cells.add(Integer.toString(count));
                    }
                }
            } else {
                cells.add(Double.toString(r.truth()));
            }
            for (int m = 0; m < methods.size(); m++) {
                if (isClassification()) {
                    for (double p : r.predictions()[m]) {
                        cells.add(Double.toString(p));
                    }
                    cells.add(classes.get(r.predictedClass(m)));
                    cells.add(Integer.toString(r.wrong()[m]));
                } else {
                    cells.add(Double.toString(r.predictions()[m][0]));
                    cells.add(Double.toString(r.error(m)));
                }
            }
            sb.append(String.join(",", cells.stream().map(CsvTools::field).toList())).append('\n');
        }
        return sb.toString();
    }

    /** Writes the pooled rows ({@link #pooledCsv}) to {@code target} atomically. */
    public void writePooled(Path target, LabelSource level) throws IOException {
        FileTools.writeStringAtomically(target, pooledCsv(level));
    }

    /** Copies the stored per-window file, byte for byte, to {@code target} atomically. */
    public void writeWindows(Path target) throws IOException {
        FileTools.writeAtomically(target, out -> Files.copy(file, out));
    }
}
