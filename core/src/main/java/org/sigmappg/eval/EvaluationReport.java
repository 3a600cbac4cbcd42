package org.sigmappg.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sigmappg.run.FileTools;

/**
 * The report of one evaluation run, in Markdown and in HTML with the same content: set-up and provenance,
 * the comparators, results with 95 % subject-bootstrap intervals and fold counts (trivial first), the
 * paired differences from trivial, the blood-pressure criteria (regression in mmHg), the label-efficiency
 * points, per-fold figures, the figures, and the caveats. Rendered only from a
 * stored {@link EvaluationResult}, so every number in it is a stored one.
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
}
