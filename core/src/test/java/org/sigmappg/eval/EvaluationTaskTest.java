package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Evaluation end to end on a small synthetic set whose heart rate is known: the plumbing from import to
 * report gives a small error with classic features, the report shows the stored numbers, subject labels
 * are aggregated per subject, and backbones run through both protocols.
 */
class EvaluationTaskTest {
    private static final int SUBJECTS = 10;
    @TempDir
    static Path tmp;
    static Workspace ws;
    static Path taskFile;

    @BeforeAll
    static void dataset() throws IOException {
        // 10 subjects at 50-120 bpm, 2 min each in 20 s windows: 60 windows.
        ws = EvalTestData.workspace(tmp, SUBJECTS, 120, 20);
        taskFile = tmp.resolve("tasks.json");
        Files.writeString(taskFile, """
                [{"name": "tachycardia", "label": "Group", "source": "subject", "kind": "binary",
                  "classes": [{"name": "normal", "values": ["normal"]}, {"name": "tachycardic", "values": ["tachycardic"]}]},
                 {"name": "meanHR", "label": "MeanHR", "source": "subject", "kind": "regression", "unit": "bpm"},
                 {"name": "systolic", "label": "SBP", "source": "subject", "kind": "regression", "unit": "mmHg"}]
                """);
    }

    private static EvaluationParams params(String kind, String task, String methods, String protocol, int folds) throws IOException {
        TaskDefinition t = TaskCatalogue.withFile(taskFile).resolve(task, EvalTestData.DATASET, new Catalogue(ws));
        return new EvaluationParams(EvaluationParams.VERSION, kind, t, MethodSpec.parseList(methods).stream().map(MethodSpec::spec).toList(),
                protocol, folds, 3, 3, 300, FinetuneParams.defaults().withEpochs(2, 1), "cpu", 16);
    }

    private static EvaluationResult run(EvaluationParams p) throws IOException {
        return run(p, ProgressMonitor.NONE);
    }

    private static EvaluationResult run(EvaluationParams p, ProgressMonitor monitor) throws IOException {
        EvaluationTask task = new EvaluationTask(ws);
        RunInfo info = task.create(p, "test");
        return task.run(info.id(), monitor);
    }

    /** Keeps the messages a task reports. */
    private static final class Messages implements ProgressMonitor {
        final List<String> texts = new ArrayList<>();

        @Override
        public void begin(String phase, long totalWork) {
        }

        @Override
        public void worked(long units) {
        }

        @Override
        public void message(String text) {
            texts.add(text);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    private static EvaluationResult.MetricRow row(EvaluationResult r, String method, String level, Metric m) {
        return r.rows().stream().filter(x -> x.method().equals(method) && x.level().equals(level) && x.metric().equals(m.key()))
                .findFirst().orElseThrow();
    }

    @Test
    void classicFeaturesRecoverAKnownHeartRate() throws IOException {
        EvaluationResult r = run(params(EvaluationTask.KIND, "HR", "features,trivial", EvaluationParams.PROBE, 5));
        double features = row(r, "features", "window", Metric.MAE).value();
        double trivial = row(r, "trivial", "window", Metric.MAE).value();
        assertTrue(features < 5, "features MAE " + features + " bpm");
        assertTrue(features < trivial / 3, "features " + features + " vs trivial " + trivial);
        assertEquals(List.of("trivial", "features"), r.methods().stream().map(EvaluationResult.MethodInfo::method).toList(), "trivial first");
        assertEquals(60, r.windows());
        assertEquals(5, row(r, "features", "window", Metric.MAE).folds());
        assertEquals(List.of("window"), r.levels(), "a window label has one level");

        RunStore runs = new RunStore(ws);
        RunInfo info = runs.require(r.run());
        assertEquals(RunStatus.FINISHED, info.status());
        assertEquals(EvaluationTask.KIND, info.kind());
        Path dir = ws.runsDirectory().resolve(r.run());
        String markdown = Files.readString(dir.resolve(EvaluationTask.REPORT_MARKDOWN));
        String html = Files.readString(dir.resolve(EvaluationTask.REPORT_HTML));
        EvaluationResult stored = new Gson().fromJson(info.summary(), EvaluationResult.class);
        assertReportShowsStoredNumbers(stored, markdown, html);
        for (EvaluationResult.Figure f : stored.figures()) {
            assertTrue(Files.size(dir.resolve(f.file())) > 10_000, f.file());
            assertTrue(runs.artifact(r.run(), "figure:" + f.file()).isPresent());
        }
        assertEquals(4, stored.figures().size(), "predicted-vs-true and Bland-Altman for two methods");
        for (String artifact : List.of("results", "report", "report-html", "figures", "predictions")) {
            assertTrue(runs.artifact(r.run(), artifact).isPresent(), artifact);
        }
        assertTrue(runs.metrics(r.run()).containsKey("features/window/mae"));
        assertTrue(runs.metrics(r.run()).containsKey("fold/features/window/mae"));
        assertPredictionsNeverLeak(dir.resolve(EvaluationTask.PREDICTIONS));
    }

    /**
     * Every figure of the stored summary appears, formatted, in its method's row of the Markdown and HTML reports: the results
     * table of its level, or for blood-pressure figures the AAMI/BHS table of the primary level.
     */
    static void assertReportShowsStoredNumbers(EvaluationResult stored, String markdown, String html) {
        for (EvaluationResult.MetricRow row : stored.rows()) {
            Metric m = Metric.ofKey(row.metric());
            String cell = EvaluationReport.cell(m, row.value(), row.ciLow(), row.ciHigh());
            String heading = "## Results per " + row.level();
            int section = markdown.indexOf(heading);
            assertTrue(section >= 0, heading);
            boolean bloodPressure = Metric.BLOOD_PRESSURE.contains(m);
            if (bloodPressure && !row.level().equals(stored.primaryLevel())) {
                continue;
            }
            String table = bloodPressure ? "### Blood pressure" : heading;
            String line = markdown.substring(markdown.indexOf(table, section)).lines().filter(l -> l.startsWith("| " + row.method() + " |"))
                    .findFirst().orElseThrow();
            assertTrue(line.contains(cell), row.method() + " " + row.metric() + ": '" + cell + "' not in: " + line);
            assertTrue(bloodPressure || line.contains("| " + row.folds() + " |"), "fold count in: " + line);
            assertTrue(html.contains("<td>" + cell + "</td>"), cell);
        }
    }

    /** The lines of predictions.csv after its header, split into cells (the synthetic set has no commas in its names). */
    private static List<String[]> predictions(EvaluationResult r) throws IOException {
        List<String> lines = Files.readAllLines(ws.runsDirectory().resolve(r.run()).resolve(EvaluationTask.PREDICTIONS));
        List<String[]> out = new ArrayList<>();
        out.add(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            out.add(line.split(","));
        }
        return out;
    }

    private static int column(List<String[]> predictions, String name) {
        int c = List.of(predictions.get(0)).indexOf(name);
        assertTrue(c >= 0, name + " in " + List.of(predictions.get(0)));
        return c;
    }

    @Test
    void trivialTakesTheClassFrequenciesOfTheTrainingFoldOnly() throws IOException {
        EvaluationResult r = run(params(EvaluationTask.KIND, "tachycardia", "trivial,features", EvaluationParams.PROBE, 5));
        List<String[]> p = predictions(r);
        int fold = column(p, "fold");
        int target = column(p, "target");
        int positive = column(p, "trivial:p_tachycardic");
        List<String[]> windows = p.subList(1, p.size());
        double overall = windows.stream().filter(w -> w[target].equals("tachycardic")).count() / (double) windows.size();
        int differing = 0;
        for (String[] w : windows) {
            long train = windows.stream().filter(o -> !o[fold].equals(w[fold])).count();
            long trainPositive = windows.stream().filter(o -> !o[fold].equals(w[fold]) && o[target].equals("tachycardic")).count();
            assertEquals(trainPositive / (double) train, Double.parseDouble(w[positive]), 1e-12, "fold " + w[fold] + " window " + w[0]);
            differing += Math.abs(Double.parseDouble(w[positive]) - overall) > 1e-9 ? 1 : 0;
        }
        assertTrue(differing > 0, "some fold's training frequencies differ from those of all windows (" + overall + ")");
        // Its frequencies differ by fold, yet it ranks no unit above another.
        assertEquals(0.5, row(r, "trivial", "subject", Metric.AUROC).value(), 1e-12);
        assertEquals(0.3, row(r, "trivial", "subject", Metric.AUPRC).value(), 1e-12, "3 of 10 subjects are tachycardic");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("trivial gives every unit of a test fold the class frequencies of that "
                + "fold's training windows")), r.notes().toString());
    }

    @Test
    void bloodPressureGetsTheAamiAndBhsFiguresOfItsErrors() throws IOException {
        EvaluationResult r = run(params(EvaluationTask.KIND, "systolic", "trivial,features", EvaluationParams.PROBE, 5));
        for (String level : List.of("subject", "window")) {
            for (Metric m : Metric.BLOOD_PRESSURE) {
                row(r, "features", level, m);
            }
        }
        // The subject's prediction is the mean of its windows' predictions; its errors give the shares, their SD the SD.
        List<String[]> p = predictions(r);
        int subject = column(p, "subject");
        int target = column(p, "target");
        int features = column(p, "features");
        Map<String, double[]> bySubject = new java.util.TreeMap<>();
        for (String[] w : p.subList(1, p.size())) {
            double[] sum = bySubject.computeIfAbsent(w[subject], k -> new double[3]);
            sum[0] += Double.parseDouble(w[features]);
            sum[1]++;
            sum[2] = Double.parseDouble(w[target]);
        }
        double[] errors = bySubject.values().stream().mapToDouble(v -> v[0] / v[1] - v[2]).toArray();
        assertEquals(SUBJECTS, errors.length);
        double[] within = BloodPressureCriteria.withinBands(errors);
        assertEquals(within[0], row(r, "features", "subject", Metric.WITHIN_5).value(), 1e-9);
        assertEquals(within[1], row(r, "features", "subject", Metric.WITHIN_10).value(), 1e-9);
        assertEquals(within[2], row(r, "features", "subject", Metric.WITHIN_15).value(), 1e-9);
        assertEquals(RegressionMetrics.blandAltman(new double[SUBJECTS], errors).sd(), row(r, "features", "subject", Metric.ERROR_SD).value(),
                1e-9);
        assertEquals(BloodPressureCriteria.grade(within[0], within[1], within[2]), row(r, "features", "subject", Metric.BHS_GRADE).value());

        assertEquals(List.of("trivial", "features"), r.bloodPressure().stream().map(BloodPressureCriteria.Summary::method).toList());
        BloodPressureCriteria.Summary s = r.bloodPressure().get(1);
        EvaluationResult.MetricRow me = row(r, "features", "subject", Metric.BA_BIAS);
        EvaluationResult.MetricRow sd = row(r, "features", "subject", Metric.ERROR_SD);
        assertEquals(me.value(), s.meanError());
        assertEquals(BloodPressureCriteria.verdict(me.value(), me.ciLow(), me.ciHigh(), sd.value(), sd.ciHigh()), s.aami());
        assertEquals(BloodPressureCriteria.gradeLetter(row(r, "features", "subject", Metric.BHS_GRADE).value()), s.grade());
        // The synthetic pressure is a function of the heart rate, which the features measure: far better than the training mean.
        assertTrue(s.within10() > r.bloodPressure().get(0).within10(), s + " vs " + r.bloodPressure().get(0));

        Path dir = ws.runsDirectory().resolve(r.run());
        String markdown = Files.readString(dir.resolve(EvaluationTask.REPORT_MARKDOWN));
        assertReportShowsStoredNumbers(r, markdown, Files.readString(dir.resolve(EvaluationTask.REPORT_HTML)));
        String line = markdown.substring(markdown.indexOf("### Blood pressure: AAMI/ISO 81060-2 and BHS (per subject)")).lines()
                .filter(l -> l.startsWith("| features |")).findFirst().orElseThrow();
        assertTrue(line.contains("| " + BloodPressureCriteria.meanErrorAndSd(s.meanError(), s.errorSd()) + " |") && line.contains(s.aami().text()),
                line);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Blood pressure: ")), r.notes().toString());
    }

    @Test
    void labelEfficiencyTrainsOnSharesOfTheTrainingSubjectsAndTestsOnTheSameSubjects() throws IOException {
        EvaluationResult r = run(params(EvaluationTask.KIND, "meanHR", "trivial,features", EvaluationParams.PROBE, 5)
                .withLabelFractions(List.of(0.5, 1.0), 2));
        List<Metric> metrics = Metric.of(TaskKind.REGRESSION);
        assertEquals(2 * 2 * metrics.size(), r.labelEfficiency().size(), "two methods, two shares, every figure");
        for (EvaluationResult.LabelEfficiencyRow x : r.labelEfficiency()) {
            assertEquals("subject", x.level());
            EvaluationResult.MetricRow main = row(r, x.method(), "subject", Metric.ofKey(x.metric()));
            if (x.labelFraction() == 1) {
                // Share 1 is the main evaluation, interval included.
                assertEquals(main.value(), x.value(), x.method() + " " + x.metric());
                assertEquals(main.ciLow(), x.ciLow());
                assertEquals(main.ciHigh(), x.ciHigh());
                assertEquals(8, x.labelledSubjects(), 1e-12, "8 training subjects in each of 5 folds of 10");
                assertEquals(1, x.draws());
                assertEquals(null, x.drawSd());
            } else {
                assertEquals(4, x.labelledSubjects(), 1e-12, "half of 8");
                assertEquals(2, x.draws());
            }
        }
        assertEquals(2 * 5, r.labelDraws().size(), "two draws of five folds");
        // trivial at share 0.5, worked out again from the labelled subjects: each test subject gets the mean label of the drawn
        // subjects' windows; the figure is the mean over the draws of the subjects' MAE.
        List<String[]> p = predictions(r);
        int subject = column(p, "subject");
        int fold = column(p, "fold");
        int target = column(p, "target");
        List<String[]> windows = p.subList(1, p.size());
        double mae = 0;
        for (int d = 0; d < 2; d++) {
            Map<String, Double> errors = new java.util.TreeMap<>();
            for (String[] w : windows) {
                int draw = d;
                EvaluationResult.LabelDraw labelled = r.labelDraws().stream()
                        .filter(x -> x.draw() == draw && x.fold() == Integer.parseInt(w[fold])).findFirst().orElseThrow();
                assertEquals(4, labelled.subjects().size());
                assertTrue(!labelled.subjects().contains(w[subject]), "a test subject is never labelled");
                double mean = windows.stream().filter(o -> labelled.subjects().contains(o[subject])).mapToDouble(o -> Double.parseDouble(o[target]))
                        .average().orElseThrow();
                errors.put(w[subject], Math.abs(mean - Double.parseDouble(w[target])));
            }
            mae += errors.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow() / 2;
        }
        EvaluationResult.LabelEfficiencyRow half = r.curve("trivial", "mae").get(0);
        assertEquals(0.5, half.labelFraction());
        assertEquals(mae, half.value(), 1e-9);
        assertTrue(half.drawSd() != null && half.ciLow() < half.value() && half.value() < half.ciHigh(), half.toString());

        EvaluationResult.Figure curve = r.figures().stream().filter(f -> f.kind().equals("label-efficiency")).findFirst().orElseThrow();
        Path dir = ws.runsDirectory().resolve(r.run());
        assertTrue(Files.size(dir.resolve(curve.file())) > 10_000);
        assertTrue(Files.readString(dir.resolve(EvaluationFigures.DATA_FILE)).contains("\"yLow\""), "intervals in the figure data");
        String markdown = Files.readString(dir.resolve(EvaluationTask.REPORT_MARKDOWN));
        String line = markdown.substring(markdown.indexOf("## Label efficiency (per subject)")).lines()
                .filter(l -> l.startsWith("| trivial | 50 %")).findFirst().orElseThrow();
        assertTrue(line.contains(EvaluationReport.cell(Metric.MAE, half.value(), half.ciLow(), half.ciHigh()) + " \u00b1 "
                + Metric.MAE.format(half.drawSd())), line);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Label efficiency: ")), r.notes().toString());
    }

    @Test
    void embeddingsFromOutsideGiveTheFiguresOfTheBackboneThatMadeThem() throws IOException {
        String backbone = EvalTestData.fakePretrainRun(ws, MaskingParams.Strategy.RANDOM, 9);
        Path file = tmp.resolve("outside").resolve("student.npy");
        Files.createDirectories(file.getParent());
        EmbeddingExport.export(ws, backbone, EvalTestData.DATASET, file, "cpu");
        EvaluationResult r = run(params(EvaluationTask.KIND, "tachycardia", "pretrained:" + backbone + ",embeddings:" + file,
                EvaluationParams.PROBE, 5));
        assertEquals(List.of("trivial", "pretrained:" + backbone, "embeddings:student.npy"),
                r.methods().stream().map(EvaluationResult.MethodInfo::method).toList());
        assertEquals(FileTools.sha256(file), r.methods().get(2).checkpointSha256());
        for (EvaluationResult.MetricRow x : r.rows()) {
            if (x.method().equals("embeddings:student.npy")) {
                EvaluationResult.MetricRow same = row(r, "pretrained:" + backbone, x.level(), Metric.ofKey(x.metric()));
                assertEquals(same.value(), x.value(), 1e-9, x.level() + " " + x.metric());
                assertEquals(same.ciLow(), x.ciLow(), 1e-9);
                assertEquals(same.ciHigh(), x.ciHigh(), 1e-9);
            }
        }
        assertEquals(r.methods().get(1).lambdas(), r.methods().get(2).lambdas(), "the same penalties chosen in every fold");
    }


    private static void assertPredictionsNeverLeak(Path predictions) throws IOException {
        Map<String, String> foldOfSubject = new HashMap<>();
        List<String> lines = Files.readAllLines(predictions);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            String previous = foldOfSubject.putIfAbsent(c[1], c[4]);
            assertTrue(previous == null || previous.equals(c[4]), "subject " + c[1] + " is in test folds " + previous + " and " + c[4]);
        }
        assertEquals(SUBJECTS, foldOfSubject.size());
    }

    @Test
    void subjectLabelsAreAggregatedPerSubjectAndBackbonesRunInTheProbe() throws IOException {
        String adversarial = EvalTestData.fakePretrainRun(ws, MaskingParams.Strategy.ADVERSARIAL, 5);
        EvaluationResult r = run(params(EvaluationTask.KIND, "tachycardia", "trivial,features,scratch,sigma:" + adversarial,
                EvaluationParams.PROBE, 5));
        assertEquals(List.of("subject", "window"), r.levels());
        assertEquals(SUBJECTS, row(r, "features", "subject", Metric.AUROC).units());
        assertEquals(60, row(r, "features", "window", Metric.AUROC).units());
        assertEquals(SUBJECTS, row(r, "features", "window", Metric.AUROC).subjects(), "windows are resampled by subject");
        assertTrue(row(r, "features", "subject", Metric.AUROC).value() > 0.9, "heart rate separates tachycardia");
        assertEquals(0.5, row(r, "trivial", "subject", Metric.AUROC).value(), 1e-12, "a constant score ranks nothing");
        assertTrue(row(r, "features", "subject", Metric.AUROC).deltaVsTrivial() > 0.3);
        assertEquals(1, r.figures().size(), "one ROC figure with every method");
        assertEquals(adversarial, r.methods().get(3).run());
        assertEquals(5, r.methods().get(3).lambdas().size());
        assertTrue(r.methods().get(3).checkpointSha256().matches("[0-9a-f]{64}"));
        assertTrue(r.methods().get(2).description().contains("same architecture as the pre-trained backbones"));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("mean over its windows")), r.notes().toString());
        EvaluationResult.Figure roc = r.figures().get(0);
        String figures = Files.readString(ws.runsDirectory().resolve(r.run()).resolve(EvaluationFigures.DATA_FILE));
        assertTrue(figures.contains("\"file\": \"" + roc.file() + "\"") && figures.contains("\"series\""), "figure data stored");
    }

    @Test
    void fineTuningTrainsTheBackbonePerFoldWithEarlyStopping() throws IOException {
        String random = EvalTestData.fakePretrainRun(ws, MaskingParams.Strategy.RANDOM, 6);
        Messages messages = new Messages();
        EvaluationResult r = run(params(EvaluationTask.FINETUNE_KIND, "meanHR", "pretrained:" + random, EvaluationParams.FINETUNE, 3)
                .withLabelFractions(List.of(0.5), 1), messages);
        assertEquals(List.of("trivial", "pretrained:" + random), r.methods().stream().map(EvaluationResult.MethodInfo::method).toList());
        EvaluationResult.MethodInfo backbone = r.methods().get(1);
        assertEquals(3, backbone.epochs().size());
        backbone.epochs().forEach(e -> assertTrue(e >= 1 && e <= 2, "best epoch " + e));
        long epochMessages = messages.texts.stream().filter(t -> t.startsWith("pretrained:" + random + ": fold ") && t.contains(" epoch ")
                && t.contains("validation loss")).count();
        assertTrue(epochMessages >= 3 && epochMessages <= 6, "one progress message per fold and epoch: " + messages.texts);
        // Label efficiency fine-tunes again on half of each fold's training subjects (3 of 6 or 7).
        assertTrue(messages.texts.stream().anyMatch(t -> t.startsWith("pretrained:" + random + ": labels of 50 % of the training subjects, draw 1/1, fold 3/3")),
                messages.texts.toString());
        EvaluationResult.LabelEfficiencyRow half = r.curve("pretrained:" + random, "mae").get(0);
        assertEquals(0.5, half.labelFraction());
        assertTrue(half.labelledSubjectsMin() >= 3 && half.labelledSubjectsMax() <= 4 && Double.isFinite(half.value()), half.toString());
        assertTrue(backbone.lambdas().isEmpty(), "no probe head for a fine-tuned backbone");
        assertTrue(Double.isFinite(row(r, "pretrained:" + random, "subject", Metric.MAE).value()));
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Fine-tuning: ")), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("transductive")), "the fake run pre-trained on the evaluated dataset");
        assertTrue(r.run().startsWith("ft-"));
    }

    @Test
    void wrongBackbonesAndImpossibleSplitsAreRefusedBeforeARunIsCreated() throws IOException {
        String random = EvalTestData.fakePretrainRun(ws, MaskingParams.Strategy.RANDOM, 7);
        int before = new RunStore(ws).list().size();
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> new EvaluationTask(ws).create(params(EvaluationTask.KIND, "HR", "sigma:" + random, EvaluationParams.PROBE, 5), "test"));
        assertTrue(wrong.getMessage().contains(random) && wrong.getMessage().contains("--masking adversarial"), wrong.getMessage());
        IllegalArgumentException folds = assertThrows(IllegalArgumentException.class,
                () -> new EvaluationTask(ws).create(params(EvaluationTask.KIND, "HR", "features", EvaluationParams.PROBE, 20), "test"));
        assertTrue(folds.getMessage().contains("10 subject(s)") && folds.getMessage().contains("--loso"), folds.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> TaskData.load(new Catalogue(ws),
                TaskDefinition.regression("x", null, null, "DBP", LabelSource.SUBJECT, "mmHg").withDataset(EvalTestData.DATASET)));
        assertTrue(label.getMessage().contains("Group, MeanHR, SBP"), label.getMessage());
        assertEquals(before, new RunStore(ws).list().size(), "no run rows for refused evaluations");
    }
}
