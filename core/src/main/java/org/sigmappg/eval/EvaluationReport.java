package org.sigmappg.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.FileTools;

/**
 * The report of one evaluation run, in Markdown and in HTML with the same content: set-up and provenance,
 * the comparators, results with 95 % subject-bootstrap intervals and fold counts (trivial first), the
 * paired differences from trivial, the blood-pressure criteria (regression in mmHg), the label-efficiency
 * points, per-fold figures, the figures, and the caveats. Rendered only from a
 * stored {@link EvaluationResult}, so every number in it is a stored one. The prose the result stores (its notes, the
 * split in words, the run's headline) is written here too, so that the report's words have one author.
 */
public final class EvaluationReport {
    private EvaluationReport() {
    }

    /** Writes {@code report.md} and {@code report.html} into {@code dir}. */
    static void write(Path dir, EvaluationResult r) throws IOException {
        List<Block> blocks = blocks(r);
        FileTools.writeStringAtomically(dir.resolve(EvaluationTask.REPORT_MARKDOWN), markdown(blocks));
        FileTools.writeStringAtomically(dir.resolve(EvaluationTask.REPORT_HTML), html(r, blocks));
    }

    private sealed interface Block permits Heading, Paragraph, Table, Image, Bullets {
    }

    private record Heading(int level, String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record Table(List<String> header, List<List<String>> rows) implements Block {
    }

    private record Image(String file, String title) implements Block {
    }

    private record Bullets(List<String> items) implements Block {
    }

    /** "12.34 [11.02, 13.90]": a value with its interval, as every table prints it. */
    public static String cell(Metric m, Double value, Double low, Double high) {
        String v = m.format(value == null ? Double.NaN : value);
        if (low == null || high == null) {
            return v;
        }
        return v + " [" + m.format(low) + ", " + m.format(high) + "]";
    }

    private static String header(Metric m, TaskDefinition task) {
        return m.hasUnit() && task.unit() != null ? m.label() + " (" + task.unit() + ")" : m.label();
    }

    private static List<Block> blocks(EvaluationResult r) {
        TaskDefinition task = r.task();
        List<Metric> metrics = Metric.of(task.kind());
        List<Block> b = new ArrayList<>();
        b.add(new Heading(1, "Evaluation " + r.run() + ": " + task.name() + " on " + r.dataset()));
        b.add(new Paragraph((task.description() == null ? task.name() : task.description()) + ". Protocol: "
                + (EvaluationParams.PROBE.equals(r.protocol()) ? "linear probe on frozen features" : "full fine-tuning") + "; " + r.split()
                + "; metrics per " + r.primaryLevel() + " with 95 % subject-bootstrap confidence intervals."));

        b.add(new Heading(2, "Set-up"));
        List<List<String>> setup = new ArrayList<>();
        setup.add(List.of("Run", r.run() + " (" + r.kind() + ")"));
        setup.add(List.of("Task", task.name() + ": " + task.source().label() + " label '" + task.label() + "', "
                + task.kind().name().toLowerCase(Locale.ROOT) + (task.unit() == null ? "" : ", unit " + task.unit())));
        if (task.isClassification()) {
            List<String> classes = new ArrayList<>();
            for (int c = 0; c < task.classCount(); c++) {
                classes.add(task.classes().get(c).name() + " = " + task.classes().get(c).describe() + " (" + r.classCounts().get(c) + " windows)");
            }
            setup.add(List.of("Classes", String.join("; ", classes)));
        }
        setup.add(List.of("Dataset", r.dataset() + " (content hash " + r.datasetHash() + ")"));
        setup.add(List.of("Subjects / windows", r.subjects() + " subjects, " + r.windows() + " labelled windows of " + r.datasetWindows()));
        setup.add(List.of("Window length", String.format(Locale.ROOT, "median %.1f s (%.1f-%.1f s)", r.windowSeconds().get(0),
                r.windowSeconds().get(1), r.windowSeconds().get(2))));
        setup.add(List.of("Split", r.split()));
        setup.add(List.of("Test subjects per fold", joinInts(r.testSubjectsPerFold())));
        setup.add(List.of("Bootstrap", r.bootstrapResamples() + " subject resamples, seed " + r.seed() + ", percentile intervals"));
        if (r.engine() != null) {
            setup.add(List.of("Engine", r.engine()));
        }
        setup.add(List.of("Wall time", String.format(Locale.ROOT, "%.0f s", r.seconds())));
        b.add(new Table(List.of("Item", "Value"), setup));

        b.add(new Heading(2, "Comparators"));
        List<List<String>> comparators = new ArrayList<>();
        for (EvaluationResult.MethodInfo m : r.methods()) {
            String chosen = !m.lambdas().isEmpty() ? "penalty per fold: " + joinDoubles(m.lambdas())
                    : !m.epochs().isEmpty() ? "best epoch per fold: " + joinInts(m.epochs()) : "";
            String pretrainedOn = m.pretrainDataset() == null ? "" : m.pretrainDataset() + (m.transductive() ? " (transductive)" : "");
            comparators.add(List.of(m.method(), m.description(), pretrainedOn, m.checkpointSha256() == null ? "" : m.checkpointSha256(), chosen));
        }
        b.add(new Table(List.of("Method", "What it is", "Pre-trained on", "Checkpoint or file SHA-256", "Chosen in the folds"), comparators));

        for (String level : r.levels()) {
            boolean primary = level.equals(r.primaryLevel());
            b.add(new Heading(2, "Results per " + level + (primary ? "" : " (secondary)")));
            List<String> head = new ArrayList<>(List.of("Method", "Subjects", level.equals("subject") ? "Subjects (units)" : "Units", "Folds"));
            metrics.forEach(m -> head.add(header(m, task)));
            List<List<String>> rows = new ArrayList<>();
            for (EvaluationResult.MethodInfo m : r.methods()) {
                List<EvaluationResult.MetricRow> mr = r.rowsOf(m.method(), level);
                List<String> row = new ArrayList<>(List.of(m.method(), Integer.toString(mr.get(0).subjects()), Integer.toString(mr.get(0).units()),
                        Integer.toString(mr.get(0).folds())));
                for (EvaluationResult.MetricRow x : mr) {
                    if (metrics.contains(Metric.ofKey(x.metric()))) {
                        row.add(cell(Metric.ofKey(x.metric()), x.value(), x.ciLow(), x.ciHigh()));
                    }
                }
                rows.add(row);
            }
            b.add(new Table(head, rows));
            b.add(new Paragraph("Each cell: the figure on all out-of-fold predictions [95 % CI]. trivial is the reference every other method "
                    + "is compared with."));
            if (primary && !r.bloodPressure().isEmpty()) {
                bloodPressure(b, r, level);
            }
            if (primary) {
                b.add(new Heading(3, "Difference from trivial (per " + level + ", paired bootstrap)"));
                List<Metric> compared = metrics.stream().filter(Metric::comparesToTrivial).toList();
                List<String> dh = new ArrayList<>(List.of("Method"));
                compared.forEach(m -> dh.add("Δ " + header(m, task)));
                List<List<String>> drows = new ArrayList<>();
                for (EvaluationResult.MethodInfo m : r.methods().subList(1, r.methods().size())) {
                    List<String> row = new ArrayList<>(List.of(m.method()));
                    for (EvaluationResult.MetricRow x : r.rowsOf(m.method(), level)) {
                        if (compared.contains(Metric.ofKey(x.metric()))) {
                            row.add(cell(Metric.ofKey(x.metric()), x.deltaVsTrivial(), x.deltaCiLow(), x.deltaCiHigh()));
                        }
                    }
                    drows.add(row);
                }
                b.add(new Table(dh, drows));
                b.add(new Paragraph("Method minus trivial; an interval that excludes 0 means the difference holds across subject resamples "
                        + "(negative is better for MAE and RMSE, positive for AUROC, AUPRC, F1 and the accuracies)."));
                b.add(new Heading(3, "Across folds (per " + level + ")"));
                List<String> fh = new ArrayList<>(List.of("Method"));
                metrics.forEach(m -> fh.add(header(m, task)));
                List<List<String>> frows = new ArrayList<>();
                for (EvaluationResult.MethodInfo m : r.methods()) {
                    List<String> row = new ArrayList<>(List.of(m.method()));
                    for (EvaluationResult.MetricRow x : r.rowsOf(m.method(), level)) {
                        Metric metric = Metric.ofKey(x.metric());
                        if (!metrics.contains(metric)) {
                            continue;
                        }
                        row.add(metric.format(x.foldMean() == null ? Double.NaN : x.foldMean()) + " ± "
                                + metric.format(x.foldSd() == null ? Double.NaN : x.foldSd()) + " (" + x.foldsDefined() + "/" + x.folds() + ")");
                    }
                    frows.add(row);
                }
                b.add(new Table(fh, frows));
                b.add(new Paragraph("Mean ± SD of the per-fold figures (folds on which the figure was defined / folds)."));
            }
        }

        if (!r.labelEfficiency().isEmpty()) {
            labelEfficiency(b, r);
        }

        b.add(new Heading(2, "Per-fold figures (per " + r.primaryLevel() + ")"));
        List<String> ph = new ArrayList<>(List.of("Method", "Fold", "Train subjects", "Test subjects", "Test units"));
        metrics.forEach(m -> ph.add(header(m, task)));
        ph.add("Penalty / best epoch");
        List<List<String>> prows = new ArrayList<>();
        for (EvaluationResult.FoldRow f : r.foldRows()) {
            if (!f.level().equals(r.primaryLevel())) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(f.method(), Integer.toString(f.fold() + 1), Integer.toString(f.trainSubjects()),
                    Integer.toString(f.testSubjects()), Integer.toString(f.testUnits())));
            for (Metric m : metrics) {
                Double v = f.metrics().get(m.key());
                row.add(m.format(v == null ? Double.NaN : v));
            }
            row.add(f.lambda() != null ? String.format(Locale.ROOT, "%.3g", f.lambda()) : f.bestEpoch() != null ? "epoch " + f.bestEpoch() : "");
            prows.add(row);
        }
        b.add(new Table(ph, prows));

        b.add(new Heading(2, "Figures"));
        for (EvaluationResult.Figure f : r.figures()) {
            b.add(new Image(f.file(), f.title()));
        }
        b.add(new Paragraph("The points of every figure are in " + EvaluationFigures.DATA_FILE + "; every window's out-of-fold prediction is in "
                + EvaluationTask.PREDICTIONS + "; every number above is in " + EvaluationTask.RESULTS + "."));

        b.add(new Heading(2, "Notes"));
        b.add(new Bullets(r.notes()));
        return b;
    }

    /** The AAMI/ISO 81060-2 and BHS table of the methods at {@code level}. */
    private static void bloodPressure(List<Block> b, EvaluationResult r, String level) {
        b.add(new Heading(3, "Blood pressure: AAMI/ISO 81060-2 and BHS (per " + level + ")"));
        List<List<String>> rows = new ArrayList<>();
        for (BloodPressureCriteria.Summary s : r.bloodPressure()) {
            rows.add(List.of(s.method(), BloodPressureCriteria.meanErrorAndSd(s.meanError(), s.errorSd()),
                    cell(Metric.BA_BIAS, s.meanError(), s.meanErrorLow(), s.meanErrorHigh()),
                    cell(Metric.ERROR_SD, s.errorSd(), s.errorSdLow(), s.errorSdHigh()), s.aami().text(),
                    cell(Metric.WITHIN_5, s.within5(), s.within5Low(), s.within5High()),
                    cell(Metric.WITHIN_10, s.within10(), s.within10Low(), s.within10High()),
                    cell(Metric.WITHIN_15, s.within15(), s.within15Low(), s.within15High()), grade(s)));
        }
        b.add(new Table(List.of("Method", "ME ± SD (mmHg)", "ME (mmHg)", "SD (mmHg)", "AAMI: |ME| ≤ 5, SD ≤ 8", "≤ 5 mmHg (%)",
                "≤ 10 mmHg (%)", "≤ 15 mmHg (%)", "BHS grade"), rows));
        b.add(new Paragraph("ME: mean of prediction minus reference; SD: standard deviation of those errors; percentages of absolute errors "
                + "within 5, 10 and 15 mmHg; each with its 95 % subject-bootstrap interval. BHS grades: A needs 60/85/95 %, B 50/75/90 %, "
                + "C 40/65/85 %, else D; in brackets the worst and best grade over the middle 95 % of the resamples."));
    }

    private static String grade(BloodPressureCriteria.Summary s) {
        if (s.grade() == null) {
            return "n/a";
        }
        return s.gradeWorst() == null || s.gradeBest() == null ? s.grade() : s.grade() + " [" + s.gradeWorst() + ", " + s.gradeBest() + "]";
    }

    /** The label-efficiency points: every method's figures at every share of labelled subjects, and how many that was. */
    private static void labelEfficiency(List<Block> b, EvaluationResult r) {
        TaskDefinition task = r.task();
        String level = r.labelEfficiency().get(0).level();
        b.add(new Heading(2, "Label efficiency (per " + level + ")"));
        List<Metric> metrics = r.labelEfficiency().stream().map(x -> Metric.ofKey(x.metric())).distinct().toList();
        List<String> head = new ArrayList<>(List.of("Method", "Share of labelled subjects", "Labelled subjects per fold", "Draws"));
        metrics.forEach(m -> head.add(header(m, task)));
        List<List<String>> rows = new ArrayList<>();
        for (EvaluationResult.MethodInfo m : r.methods()) {
            List<Double> fractions = r.labelEfficiency().stream().filter(x -> x.method().equals(m.method()))
                    .map(EvaluationResult.LabelEfficiencyRow::labelFraction).distinct().toList();
            for (double f : fractions) {
                List<EvaluationResult.LabelEfficiencyRow> point = r.labelEfficiency().stream()
                        .filter(x -> x.method().equals(m.method()) && x.labelFraction() == f).toList();
                EvaluationResult.LabelEfficiencyRow first = point.get(0);
                List<String> row = new ArrayList<>(List.of(m.method(), percent(f),
                        String.format(Locale.ROOT, "%.1f (%d-%d)", first.labelledSubjects(), first.labelledSubjectsMin(),
                                first.labelledSubjectsMax()), Integer.toString(first.draws())));
                for (EvaluationResult.LabelEfficiencyRow x : point) {
                    Metric metric = Metric.ofKey(x.metric());
                    row.add(cell(metric, x.value(), x.ciLow(), x.ciHigh()) + (x.drawSd() == null ? "" : " ± " + metric.format(x.drawSd())));
                }
                rows.add(row);
            }
        }
        b.add(new Table(head, rows));
        b.add(new Paragraph("Each cell: the figure on all out-of-fold predictions with the heads trained on that share of every fold's "
                + "training subjects, mean over the draws [95 % subject-bootstrap CI of that mean] ± SD over the draws. The test subjects "
                + "are always all of them. Share 100 % is the main evaluation above."));
    }

    /** A share as a percentage without trailing zeros: "10 %", "12.5 %". */
    public static String percent(double fraction) {
        return new java.math.BigDecimal(100 * fraction).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString() + " %";
    }

    private static String joinInts(List<Integer> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    private static String joinDoubles(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.3g", v)).toList());
    }

    private static String markdown(List<Block> blocks) {
        StringBuilder sb = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof Paragraph p) {
                sb.append(p.text()).append("\n\n");
            } else if (block instanceof Table t) {
                sb.append("| ").append(String.join(" | ", t.header().stream().map(EvaluationReport::mdCell).toList())).append(" |\n");
                sb.append("|").append(" --- |".repeat(t.header().size())).append('\n');
                for (List<String> row : t.rows()) {
                    sb.append("| ").append(String.join(" | ", row.stream().map(EvaluationReport::mdCell).toList())).append(" |\n");
                }
                sb.append('\n');
            } else if (block instanceof Image i) {
                sb.append("![").append(i.title()).append("](").append(i.file()).append(")\n\n");
            } else if (block instanceof Bullets l) {
                for (String item : l.items()) {
                    sb.append("- ").append(item).append('\n');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String mdCell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String html(EvaluationResult r, List<Block> blocks) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape("Evaluation " + r.run()))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
                        + "table{border-collapse:collapse;margin:0.5em 0 1em}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;"
                        + "vertical-align:top}th{background:#f0f0f0}td{font-variant-numeric:tabular-nums}img{max-width:100%;border:1px solid #ddd;"
                        + "margin:0.5em 0}figure{margin:1em 0}figcaption{color:#555}</style></head><body>\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                sb.append("<h").append(h.level()).append('>').append(escape(h.text())).append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Paragraph p) {
                sb.append("<p>").append(escape(p.text())).append("</p>\n");
            } else if (block instanceof Table t) {
                sb.append("<table><thead><tr>");
                t.header().forEach(c -> sb.append("<th>").append(escape(c)).append("</th>"));
                sb.append("</tr></thead><tbody>\n");
                for (List<String> row : t.rows()) {
                    sb.append("<tr>");
                    row.forEach(c -> sb.append("<td>").append(escape(c)).append("</td>"));
                    sb.append("</tr>\n");
                }
                sb.append("</tbody></table>\n");
            } else if (block instanceof Image i) {
                sb.append("<figure><img src=\"").append(escape(i.file())).append("\" alt=\"").append(escape(i.title()))
                        .append("\" width=\"").append(EvaluationFigures.WIDTH).append("\"><figcaption>").append(escape(i.title()))
                        .append("</figcaption></figure>\n");
            } else if (block instanceof Bullets l) {
                sb.append("<ul>\n");
                l.items().forEach(item -> sb.append("<li>").append(escape(item)).append("</li>\n"));
                sb.append("</ul>\n");
            }
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The figure label-efficiency curves and the run's headline show: MAE for regression, AUROC for classification. */
    static Metric headlineMetric(TaskDefinition task) {
        return task.kind() == TaskKind.REGRESSION ? Metric.MAE : Metric.AUROC;
    }

    /** The run's one-line headline: each method's headline figure at the primary level. */
    static String headline(EvaluationResult r) {
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

    /** The linear head a task's probe trains, in words. */
    static String headName(TaskDefinition task) {
        return task.kind() == TaskKind.REGRESSION ? "ridge head" : task.kind() == TaskKind.BINARY ? "L2 logistic head"
                : "L2 multinomial logistic head";
    }

    /** The outer split in words, as the report and the run's headline show it. */
    static String splitDescription(EvaluationParams p, List<SubjectFolds.Fold> folds, boolean stratified) {
        if (p.leaveOneSubjectOut()) {
            return "leave-one-subject-out (" + folds.size() + " folds)";
        }
        return String.format(Locale.ROOT, "subject-level %d-fold cross-validation%s, seed %d", folds.size(),
                stratified ? " stratified by class (each subject's rarest class)" : "", p.seed());
    }

    /** The report's notes: how the figures were made, what they cannot say, and what each method's data was. */
    static List<String> notes(EvaluationParams p, TaskData data, List<SubjectFolds.Fold> folds, List<LabelShare> shares,
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
}
