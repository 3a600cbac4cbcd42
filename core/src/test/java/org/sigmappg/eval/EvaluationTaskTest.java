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
                 {"name": "meanHR", "label": "MeanHR", "source": "subject", "kind": "regression", "unit": "bpm"}]
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

    /** Every figure of the stored summary appears, formatted, in its method's row of the Markdown and HTML reports. */
    static void assertReportShowsStoredNumbers(EvaluationResult stored, String markdown, String html) {
        for (EvaluationResult.MetricRow row : stored.rows()) {
            Metric m = Metric.ofKey(row.metric());
            String cell = EvaluationReport.cell(m, row.value(), row.ciLow(), row.ciHigh());
            String heading = "## Results per " + row.level();
            int section = markdown.indexOf(heading);
            assertTrue(section >= 0, heading);
            String line = markdown.substring(section).lines().filter(l -> l.startsWith("| " + row.method() + " |")).findFirst().orElseThrow();
            assertTrue(line.contains(cell), row.method() + " " + row.metric() + ": '" + cell + "' not in: " + line);
            assertTrue(line.contains("| " + row.folds() + " |"), "fold count in: " + line);
            assertTrue(html.contains("<td>" + cell + "</td>"), cell);
        }
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
        EvaluationResult r = run(params(EvaluationTask.FINETUNE_KIND, "meanHR", "pretrained:" + random, EvaluationParams.FINETUNE, 3), messages);
        assertEquals(List.of("trivial", "pretrained:" + random), r.methods().stream().map(EvaluationResult.MethodInfo::method).toList());
        EvaluationResult.MethodInfo backbone = r.methods().get(1);
        assertEquals(3, backbone.epochs().size());
        backbone.epochs().forEach(e -> assertTrue(e >= 1 && e <= 2, "best epoch " + e));
        long epochMessages = messages.texts.stream().filter(t -> t.startsWith("pretrained:" + random + ": fold ") && t.contains(" epoch ")
                && t.contains("validation loss")).count();
        assertTrue(epochMessages >= 3 && epochMessages <= 6, "one progress message per fold and epoch: " + messages.texts);
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
                TaskDefinition.regression("x", null, null, "SBP", LabelSource.SUBJECT, "mmHg").withDataset(EvalTestData.DATASET)));
        assertTrue(label.getMessage().contains("Group, MeanHR"), label.getMessage());
        assertEquals(before, new RunStore(ws).list().size(), "no run rows for refused evaluations");
    }
}
