package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.eval.BloodPressureCriteria;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationReport;
import org.sigmappg.eval.EvaluationResult;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.FinetuneParams;
import org.sigmappg.eval.MethodSpec;
import org.sigmappg.eval.Metric;
import org.sigmappg.eval.TaskCatalogue;
import org.sigmappg.eval.TaskDefinition;
import org.sigmappg.run.ParamOverrides;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Compares comparators on a downstream task through the same subject-level folds and protocol, with one report per run. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
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

    @Mixin
    Options options;

    @Option(names = "--methods", defaultValue = "trivial,features,scratch", paramLabel = "LIST",
            description = "Comma-separated methods (default ${DEFAULT-VALUE}), e.g. sigma:pre-0001,random-masking:pre-0002,scratch,features,"
                    + "embeddings:papagei.npy,ratio-of-ratios:RED/IR,trivial.")
    String methods;

    @Option(names = "--protocol", defaultValue = "probe", paramLabel = "probe|finetune",
            description = "probe: frozen backbone + linear head; finetune: backbone trained with the head (default ${DEFAULT-VALUE}).")
    String protocol;

    /** Options shared by evaluate and finetune. */
    static final class Options {
        @Option(names = "--task", required = true, paramLabel = "NAME", description = "The task (built-in, or from --task-file).")
        String task;

        @Option(names = "--task-file", paramLabel = "FILE", description = "JSON file with one task definition or a list of them.")
        Path taskFile;

        @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset to evaluate on (default: the workspace's dataset of the task's layout).")
        String dataset;

        @Option(names = "--folds", defaultValue = "5", paramLabel = "K", description = "Subject-level folds (default ${DEFAULT-VALUE}).")
        int folds;

        @Option(names = "--loso", description = "Leave one subject out instead of k folds.")
        boolean loso;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of splits, bootstrap and initialisations (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", description = "Subject bootstrap resamples per CI (default ${DEFAULT-VALUE}).")
        int bootstrap;

        @Option(names = "--inner-folds", defaultValue = "5", paramLabel = "K",
                description = "Inner folds over the training subjects that choose the probe's penalty (default ${DEFAULT-VALUE}).")
        int innerFolds;

        @Option(names = "--epochs", paramLabel = "N", description = "Most fine-tuning epochs (default 40).")
        Integer epochs;

        @Option(names = "--set", paramLabel = "NAME=VALUE",
                description = "Change a fine-tuning setting, e.g. --set backboneLearningRate=1e-4 --set patience=10 (repeatable).")
        List<String> settings;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default ${DEFAULT-VALUE}).")
        String device;

        @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Windows per batch when embedding (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--label-fractions", paramLabel = "LIST", split = ",",
                description = "Label-efficiency curves: shares of each fold's training subjects to train the heads on, e.g. 0.1,0.25,0.5,1 "
                        + "(drawn by subject, stratified for classification; the test subjects stay the same).")
        List<String> labelFractions;

        @Option(names = "--label-draws", defaultValue = "5", paramLabel = "N",
                description = "Draws of labelled subjects per fold at every share below 1 (default ${DEFAULT-VALUE}).")
        int labelDraws;

        private List<Double> fractions() {
            List<Double> out = new ArrayList<>();
            for (String f : labelFractions == null ? List.<String>of() : labelFractions) {
                try {
                    out.add(Double.parseDouble(f.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--label-fractions: '" + f.trim() + "' is not a number; give shares of the training "
                            + "subjects such as 0.1,0.25,0.5,1");
                }
            }
            return out;
        }

        /** Runs an evaluation of {@code kind} with {@code methodList} and returns what --json prints. */
        Map<String, Object> run(Workspace ws, String kind, String methodList, String protocolName, String command) throws Exception {
            TaskDefinition t = TaskCatalogue.withFile(taskFile).resolve(task, dataset, new Catalogue(ws));
            FinetuneParams f = FinetuneParams.defaults();
            if (epochs != null) {
                f = f.withEpochs(epochs, f.patience());
            }
            f = ParamOverrides.apply(f, settings, FinetuneParams::fromJson);
            // Embeddings files are stored absolute, so that the run's command repeats from any folder.
            EvaluationParams p = new EvaluationParams(EvaluationParams.VERSION, kind, t,
                    MethodSpec.parseList(methodList).stream().map(m -> m.withAbsoluteFile().spec()).toList(), protocolName, loso ? 0 : folds,
                    seed, innerFolds, bootstrap, f, device, batchSize, fractions(), labelDraws);
            EvaluationTask evaluation = new EvaluationTask(ws);
            RunInfo info = evaluation.create(p, command);
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

        String commandTail() {
            StringBuilder sb = new StringBuilder(" --task " + task);
            if (taskFile != null) {
                sb.append(" --task-file ").append(taskFile.toAbsolutePath());
            }
            if (dataset != null) {
                sb.append(" --dataset ").append(dataset);
            }
            sb.append(loso ? " --loso" : " --folds " + folds).append(" --seed ").append(seed).append(" --bootstrap ").append(bootstrap)
                    .append(" --inner-folds ").append(innerFolds).append(" --device ").append(device).append(" --batch-size ").append(batchSize);
            if (epochs != null) {
                sb.append(" --epochs ").append(epochs);
            }
            if (settings != null) {
                settings.forEach(s -> sb.append(" --set ").append(s));
            }
            if (labelFractions != null && !labelFractions.isEmpty()) {
                sb.append(" --label-fractions ").append(String.join(",", labelFractions)).append(" --label-draws ").append(labelDraws);
            }
            return sb.toString();
        }
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
        Workspace ws = common.openWorkspace();
        String command = "sigma-ppg evaluate --methods " + methods + " --protocol " + protocol + options.commandTail();
        return options.run(ws, EvaluationTask.KIND, methods, protocol.toLowerCase(Locale.ROOT), command);
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
