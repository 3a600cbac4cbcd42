package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sigmappg.data.Catalogue;
import org.sigmappg.eval.BloodPressureCriteria;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationReport;
import org.sigmappg.eval.EvaluationResult;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.Metric;
import org.sigmappg.eval.TaskCatalogue;
import org.sigmappg.eval.TaskDefinition;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.recipe.RunRecipe;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** Compares comparators on a downstream task through the same subject-level folds and protocol, with one report per run. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, modelTransformer = EvaluateCommand.Recipe.class,
        description = {"Evaluate downstream: every method through the same subject-level folds and protocol; metrics with 95 %% "
                + "subject-bootstrap CIs; a Markdown/HTML report with figures in the run's folder.",
                "Methods: sigma:RUN (adversarial pre-training run), random-masking:RUN, pretrained:RUN, scratch, features, "
                        + "embeddings:FILE.npy (embeddings made outside, FILE.ids.csv beside it naming each row's window), "
                        + "ratio-of-ratios:A/B (the pulse oximeter's (AC/DC of channel A) / (AC/DC of channel B), calibrated by a line on "
                        + "each fold's training subjects; e.g. ratio-of-ratios:RED/IR), trivial (trivial is always included, first).",
                "A dataset of several PPG channels (import --channel RED,IR) gives each backbone every channel: each channel's "
                        + "window through the model, the pooled embeddings concatenated.",
                "--label-fractions 0.1,0.25,0.5,1 adds label-efficiency curves: the heads of each fold trained on that share of its "
                        + "training subjects, tested on the same subjects. Regression in mmHg adds the AAMI and BHS figures.",
                "Built-in tasks: PPG-BP SBP, DBP, HR, hypertension, hypertension-stages; sample set HR, RR, SpO2, AF, quality.",
                "A task file (--task-file) holds one task or a list, e.g. {\"name\": \"AF\", \"label\": \"AF\", \"source\": \"window\", "
                        + "\"kind\": \"binary\", \"classes\": [{\"name\": \"sinus\", \"max\": 0.5}, {\"name\": \"AF\", \"min\": 0.5}]}."})
public final class EvaluateCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    /** Adds the evaluation recipe's options. */
    static final class Recipe implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return RecipeOptions.addTo(spec, RunKinds.EVALUATE, Set.of("--task"));
        }
    }

    /**
     * Runs the evaluation the options of {@code spec} describe, the task resolved in the workspace's catalogue (and
     * {@code --task-file}), and returns what --json prints.
     */
    static Map<String, Object> run(Workspace ws, CommandSpec spec, RunRecipe<EvaluationParams> recipe) throws Exception {
        String taskFileText = RecipeOptions.given(spec, "--task-file");
        Path taskFile = taskFileText == null ? null : Path.of(taskFileText);
        TaskDefinition t = TaskCatalogue.withFile(taskFile).resolve(RecipeOptions.given(spec, "--task"), RecipeOptions.given(spec, "--dataset"),
                new Catalogue(ws));
        EvaluationParams p = RecipeOptions.build(spec, recipe).withTask(t);
        // The task file is recorded absolute, so that the run's command repeats from any folder.
        Map<String, String> context = taskFile == null ? Map.of() : Map.of("--task-file", taskFile.toAbsolutePath().normalize().toString());
        EvaluationTask evaluation = new EvaluationTask(ws);
        RunInfo info = evaluation.create(p, recipe.commandLine(p, context));
        ConsoleProgress progress = new ConsoleProgress(System.err).cancelOnInterrupt();
        EvaluationResult r;
        try {
            r = evaluation.run(info.id(), progress);
        } finally {
            progress.finishLine();
            progress.workFinished();
        }
        return output(r, ws.runsDirectory().resolve(r.run()).resolve(EvaluationTask.REPORT_MARKDOWN));
    }

    /**
     * The --json result: the run, the report and one row per method, level and metric with its pooled value, 95 % CI
     * and per-fold values ({@code folds}), with all training subjects labelled ({@code label_fraction} 1); the
     * label-efficiency points ({@code label_efficiency}, each with its {@code label_fraction}); the blood-pressure
     * criteria ({@code blood_pressure}, regression in mmHg). Undefined figures are null, never left out.
     */
    static Map<String, Object> output(EvaluationResult r, Path report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EvaluationResult.MetricRow row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", row.task());
            m.put("dataset", r.dataset());
            m.put("protocol", r.protocol());
            m.put("method", row.method());
            m.put("level", row.level());
            m.put("label_fraction", 1.0);
            m.put("metric", row.metric());
            m.put("value", row.value());
            m.put("ci_low", row.ciLow());
            m.put("ci_high", row.ciHigh());
            m.put("folds", foldValues(r, row));
            m.put("fold_count", row.folds());
            m.put("folds_defined", row.foldsDefined());
            m.put("fold_mean", row.foldMean());
            m.put("fold_sd", row.foldSd());
            m.put("subjects", row.subjects());
            m.put("units", row.units());
            m.put("delta_vs_trivial", row.deltaVsTrivial());
            m.put("delta_ci_low", row.deltaCiLow());
            m.put("delta_ci_high", row.deltaCiHigh());
            m.put("report", report.toString());
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", r.run());
        out.put("kind", r.kind());
        out.put("task", r.task().name());
        out.put("dataset", r.dataset());
        out.put("protocol", r.protocol());
        out.put("split", r.split());
        out.put("primary_level", r.primaryLevel());
        out.put("report", report.toString());
        out.put("report_html", report.resolveSibling(EvaluationTask.REPORT_HTML).toString());
        List<Map<String, Object>> methods = new ArrayList<>();
        for (EvaluationResult.MethodInfo mi : r.methods()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", mi.method());
            m.put("run", mi.run());
            m.put("masking", mi.masking());
            m.put("pretrain_dataset", mi.pretrainDataset());
            m.put("transductive", mi.transductive());
            if (!mi.calibrations().isEmpty()) {
                m.put("calibrations", mi.calibrations());
            }
            methods.add(m);
        }
        out.put("methods", methods);
        out.put("rows", rows);
        List<Map<String, Object>> curves = new ArrayList<>();
        for (EvaluationResult.LabelEfficiencyRow row : r.labelEfficiency()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", row.task());
            m.put("method", row.method());
            m.put("level", row.level());
            m.put("label_fraction", row.labelFraction());
            m.put("labelled_subjects", row.labelledSubjects());
            m.put("labelled_subjects_min", row.labelledSubjectsMin());
            m.put("labelled_subjects_max", row.labelledSubjectsMax());
            m.put("draws", row.draws());
            m.put("metric", row.metric());
            m.put("value", row.value());
            m.put("ci_low", row.ciLow());
            m.put("ci_high", row.ciHigh());
            m.put("draw_sd", row.drawSd());
            m.put("subjects", row.subjects());
            m.put("units", row.units());
            curves.add(m);
        }
        out.put("label_efficiency", curves);
        List<Map<String, Object>> pressure = new ArrayList<>();
        for (BloodPressureCriteria.Summary s : r.bloodPressure()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", s.method());
            m.put("level", s.level());
            m.put("mean_error", s.meanError());
            m.put("mean_error_ci", Arrays.asList(s.meanErrorLow(), s.meanErrorHigh()));
            m.put("error_sd", s.errorSd());
            m.put("error_sd_ci", Arrays.asList(s.errorSdLow(), s.errorSdHigh()));
            m.put("aami", s.aami().name().toLowerCase(Locale.ROOT));
            m.put("within_5", s.within5());
            m.put("within_5_ci", Arrays.asList(s.within5Low(), s.within5High()));
            m.put("within_10", s.within10());
            m.put("within_10_ci", Arrays.asList(s.within10Low(), s.within10High()));
            m.put("within_15", s.within15());
            m.put("within_15_ci", Arrays.asList(s.within15Low(), s.within15High()));
            m.put("bhs_grade", s.grade());
            m.put("bhs_grade_range", Arrays.asList(s.gradeWorst(), s.gradeBest()));
            pressure.add(m);
        }
        out.put("blood_pressure", pressure);
        return out;
    }

    /** The figure of {@code row} on each outer fold's test units, in fold order (null where undefined). */
    static List<Double> foldValues(EvaluationResult r, EvaluationResult.MetricRow row) {
        List<Double> out = new ArrayList<>();
        for (EvaluationResult.FoldRow f : r.foldRows()) {
            if (f.method().equals(row.method()) && f.level().equals(row.level())) {
                out.add(f.metrics().get(row.metric()));
            }
        }
        return out;
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    @Override
    protected boolean jsonKeepsNulls() {
        return true;
    }

    @Override
    protected Object execute() throws Exception {
        return run(common.openWorkspace(), spec, RunKinds.EVALUATE);
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        print(result, out);
    }

    /** A table per level: the methods' figures with their intervals, then the report's path. */
    @SuppressWarnings("unchecked")
    static void print(Object result, PrintWriter out) {
        Map<String, Object> r = (Map<String, Object>) result;
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.get("rows");
        out.println(r.get("run") + ": " + r.get("task") + " on " + r.get("dataset") + " (" + r.get("protocol") + ", " + r.get("split") + ")");
        List<String> levels = rows.stream().map(x -> (String) x.get("level")).distinct().toList();
        for (String level : levels) {
            out.println("per " + level + ":");
            List<String> methods = rows.stream().filter(x -> level.equals(x.get("level"))).map(x -> (String) x.get("method")).distinct().toList();
            for (String method : methods) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-26s", method));
                for (Map<String, Object> x : rows) {
                    if (level.equals(x.get("level")) && method.equals(x.get("method"))) {
                        Metric m = Metric.ofKey((String) x.get("metric"));
                        line.append("  ").append(m.label()).append(' ')
                                .append(EvaluationReport.cell(m, (Double) x.get("value"), (Double) x.get("ci_low"), (Double) x.get("ci_high")));
                    }
                }
                out.println(line);
            }
        }
        List<Map<String, Object>> pressure = (List<Map<String, Object>>) r.get("blood_pressure");
        if (!pressure.isEmpty()) {
            out.println("blood pressure per " + pressure.get(0).get("level") + " (AAMI/ISO 81060-2: |ME| <= 5 and SD <= 8 mmHg; BHS grade):");
            for (Map<String, Object> b : pressure) {
                out.println(String.format(Locale.ROOT, "  %-26s  ME \u00b1 SD %s  AAMI %s  within 5/10/15 mmHg %s / %s / %s %%  BHS %s",
                        b.get("method"), BloodPressureCriteria.meanErrorAndSd((Double) b.get("mean_error"), (Double) b.get("error_sd")),
                        BloodPressureCriteria.Verdict.valueOf(((String) b.get("aami")).toUpperCase(Locale.ROOT)).text(),
                        Metric.WITHIN_5.format(number(b.get("within_5"))), Metric.WITHIN_10.format(number(b.get("within_10"))),
                        Metric.WITHIN_15.format(number(b.get("within_15"))), b.get("bhs_grade") == null ? "n/a" : b.get("bhs_grade")));
            }
        }
        List<Map<String, Object>> curves = (List<Map<String, Object>>) r.get("label_efficiency");
        if (!curves.isEmpty()) {
            // The task's first figure is its headline: MAE for regression, AUROC for classification.
            Metric main = Metric.ofKey((String) rows.get(0).get("metric"));
            out.println("label efficiency per " + curves.get(0).get("level") + " (" + main.label() + " against labelled subjects per fold):");
            for (Map<String, Object> c : curves) {
                if (main.key().equals(c.get("metric"))) {
                    out.println(String.format(Locale.ROOT, "  %-26s  %7s  %5.1f subjects  %s", c.get("method"),
                            EvaluationReport.percent(number(c.get("label_fraction"))), number(c.get("labelled_subjects")),
                            EvaluationReport.cell(main, (Double) c.get("value"), (Double) c.get("ci_low"), (Double) c.get("ci_high"))));
                }
            }
        }
        for (Map<String, Object> m : (List<Map<String, Object>>) r.get("methods")) {
            if (m.get("run") != null) {
                // Imported weights have no pre-training dataset here; their "masking" says where they came from.
                String origin = m.get("pretrain_dataset") == null ? String.valueOf(m.get("masking"))
                        : m.get("masking") + " masking, pre-trained on " + m.get("pretrain_dataset");
                out.println("  " + m.get("method") + " = " + m.get("run") + " (" + origin
                        + (Boolean.TRUE.equals(m.get("transductive")) ? ", recordings evaluated here: transductive" : "") + ")");
            }
        }
        out.println("report: " + r.get("report"));
    }
}
