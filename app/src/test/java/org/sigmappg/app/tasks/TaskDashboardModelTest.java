package org.sigmappg.app.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.data.Catalogue;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.FinetuneParams;
import org.sigmappg.eval.LabelSource;
import org.sigmappg.eval.MethodSpec;
import org.sigmappg.eval.Metric;
import org.sigmappg.eval.TaskCatalogue;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

class TaskDashboardModelTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    /** An HR evaluation (window-level regression, bpm) of the trivial predictor and classic features on the sample data. */
    static TaskDashboardModel hr;

    @BeforeAll
    static void evaluate() throws IOException {
        workspace = TestWorkspaces.withSample(dir.resolve("ws"));
        EvaluationParams p = new EvaluationParams(EvaluationParams.VERSION, EvaluationTask.KIND,
                TaskCatalogue.builtIn().resolve("HR", "sample", new Catalogue(workspace)),
                MethodSpec.parseList("trivial,features").stream().map(MethodSpec::spec).toList(), EvaluationParams.PROBE, 3, 1, 3, 100,
                FinetuneParams.defaults(), "cpu", 16);
        EvaluationTask t = new EvaluationTask(workspace);
        String id = t.create(p, "sigma-ppg evaluate --task HR (test)").id();
        t.run(id, ProgressMonitor.NONE);
        hr = TaskDashboardModel.load(workspace, id);
    }

    /** The layout EvaluationFigures writes: a Bland-Altman plot with a null (non-finite) point, and a ROC plot of every method. */
    private static final String FIGURES = """
            {"format": "sigma-ppg-evaluation-figures/1", "run": "eval-0001", "task": "HR", "level": "window", "figures": [
              {"file": "bland_altman_features.png", "kind": "bland-altman", "method": "features", "title": "HR: features, Bland-Altman",
               "xLabel": "mean", "yLabel": "difference",
               "series": [{"name": "features (n = 3)", "style": "points", "color": "#0072B2", "x": [60.0, 70.5, null], "y": [1.0, -2.0, 3.0]}],
               "horizontalLines": [{"name": "bias", "y": -0.5, "style": "line", "color": "#000000"}],
               "identityLine": false, "range": null},
              {"file": "roc.png", "kind": "roc", "method": null, "title": "AF: ROC", "xLabel": "fpr", "yLabel": "tpr",
               "series": [{"name": "chance", "style": "dashed-line", "color": "#C0C0C0", "x": [0, 1], "y": [0, 1]}],
               "horizontalLines": [], "identityLine": false, "range": [0, 1]}]}
            """;

    @Test
    void theStoredFiguresAreReadPointForPoint() throws IOException {
        List<TaskDashboardModel.Figure> f = TaskDashboardModel.parseFigures(FIGURES, "figures.json");
        assertEquals(2, f.size());
        TaskDashboardModel.Figure ba = f.get(0);
        assertEquals("bland-altman", ba.kind());
        assertEquals("features", ba.method());
        assertArrayEquals(new double[] {60.0, 70.5, Double.NaN}, ba.series().get(0).x());
        assertEquals(3, ba.points());
        assertEquals(-0.5, ba.lines().get(0).y());
        assertFalse(ba.identity());
        assertNull(ba.range());
        TaskDashboardModel.Figure roc = f.get(1);
        assertNull(roc.method(), "one ROC plot shows every method");
        assertArrayEquals(new double[] {0, 1}, roc.range());
        assertEquals("dashed-line", roc.series().get(0).style());
    }

    @Test
    void unreadableFigureDataNamesItsFile() {
        IOException e = assertThrows(IOException.class, () -> TaskDashboardModel.parseFigures("{\"figures\": 3}", "runs/eval-0001/figures.json"));
        assertTrue(e.getMessage().startsWith("runs/eval-0001/figures.json is not readable figure data"), e.getMessage());
    }

    private static double stored(String method, String metric) {
        return hr.rows(hr.levels().get(0)).stream().filter(r -> r.method().equals(method) && r.metric().equals(metric)).findFirst()
                .orElseThrow().value();
    }

    @Test
    void theBlandAltmanLinesAreLabelledWithTheStoredBiasAndLimits() {
        for (String method : hr.methods()) {
            TaskDashboardModel.Figure f = hr.figure("bland-altman", method).orElseThrow();
            List<TaskDashboardModel.LineLabel> labels = hr.lineLabels(f);
            assertEquals(List.of("bias " + Metric.BA_BIAS.format(stored(method, "ba_bias")) + " bpm",
                    "+1.96 SD " + Metric.BA_LOA_HIGH.format(stored(method, "ba_loa_high")) + " bpm",
                    "-1.96 SD " + Metric.BA_LOA_LOW.format(stored(method, "ba_loa_low")) + " bpm"),
                    labels.stream().map(TaskDashboardModel.LineLabel::text).toList(), method);
            assertEquals(stored(method, "ba_bias"), labels.get(0).y(), 1e-9, "the label sits on the stored bias");
            assertEquals(stored(method, "ba_loa_high"), labels.get(1).y(), 1e-9);
            assertEquals(stored(method, "ba_loa_low"), labels.get(2).y(), 1e-9);
        }
        assertTrue(hr.lineLabels(hr.figure("predicted-vs-true", "features").orElseThrow()).isEmpty(), "nothing to label without lines");
    }

    /** The stored predictions.csv read by plain splitting (the sample's names hold no commas): per subject, label and predictions. */
    private static Map<String, List<double[]>> storedWindows() throws IOException {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(hr.directory().resolve(EvaluationTask.PREDICTIONS));
        assertEquals("window_id,subject,record,window_index,fold,target,trivial,features", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            out.computeIfAbsent(c[1], k -> new ArrayList<>()).add(new double[] {Double.parseDouble(c[5]), Double.parseDouble(c[6]),
                    Double.parseDouble(c[7])});
        }
        return out;
    }

    @Test
    void eachSubjectsRowHoldsTheMeansOfItsStoredWindows() throws IOException {
        Map<String, List<double[]>> windows = storedWindows();
        List<PredictionTable.Row> rows = hr.pooledPredictions();
        assertEquals("subject", hr.pooledUnit());
        assertEquals(LabelSource.WINDOW, hr.labelLevel());
        assertEquals(List.copyOf(windows.keySet()), rows.stream().map(PredictionTable.Row::subject).toList());
        int total = 0;
        double[] errorSum = new double[2];
        for (PredictionTable.Row r : rows) {
            List<double[]> w = windows.get(r.subject());
            assertEquals(w.size(), r.windows());
            for (int k = 0; k < 3; k++) {
                int column = k;
                double mean = w.stream().mapToDouble(x -> x[column]).average().orElseThrow();
                assertEquals(mean, k == 0 ? r.truth() : r.predictions()[k - 1][0], 1e-9, r.subject() + " column " + k);
            }
            assertEquals(Metric.MAE.format(r.truth()), hr.truthText(r));
            assertEquals((r.error(1) > 0 ? "+" : "") + Metric.MAE.format(r.error(1)), hr.errorText(r, 1));
            total += r.windows();
            for (int m = 0; m < 2; m++) {
                errorSum[m] += r.windows() * r.error(m);
            }
        }
        assertEquals(12, rows.size());
        // Weighted by their windows, the subjects' mean errors give back the stored per-window bias of each method.
        assertEquals(stored("trivial", "ba_bias"), errorSum[0] / total, 1e-9);
        assertEquals(stored("features", "ba_bias"), errorSum[1] / total, 1e-9);
    }

    @Test
    void theExportedCsvsAreTheStoredWindowsAndTheTablesRows() throws IOException {
        PredictionTable t = hr.predictions().orElseThrow();
        Path windows = dir.resolve("export/windows.csv");
        t.writeWindows(windows);
        assertEquals(Files.readAllLines(hr.directory().resolve(EvaluationTask.PREDICTIONS)), Files.readAllLines(windows));
        Path pooled = dir.resolve("export/subjects.csv");
        t.writePooled(pooled, hr.labelLevel());
        List<String> lines = Files.readAllLines(pooled);
        assertEquals("subject,fold,windows,target,trivial,trivial:error,features,features:error", lines.get(0));
        List<PredictionTable.Row> rows = hr.pooledPredictions();
        assertEquals(rows.size() + 1, lines.size());
        for (int i = 0; i < rows.size(); i++) {
            PredictionTable.Row r = rows.get(i);
            String[] c = lines.get(i + 1).split(",");
            assertEquals(r.subject(), c[0]);
            assertEquals(r.fold(), Integer.parseInt(c[1]));
            assertEquals(r.windows(), Integer.parseInt(c[2]));
            assertEquals(r.truth(), Double.parseDouble(c[3]));
            assertEquals(r.predictions()[0][0], Double.parseDouble(c[4]));
            assertEquals(r.error(0), Double.parseDouble(c[5]));
            assertEquals(r.predictions()[1][0], Double.parseDouble(c[6]));
            assertEquals(r.error(1), Double.parseDouble(c[7]));
        }
    }

    @Test
    void withoutStoredPredictionsTheDashboardStillReadsAndSaysWhy() throws IOException {
        Path file = hr.directory().resolve(EvaluationTask.PREDICTIONS);
        Path aside = dir.resolve("aside.csv");
        Files.move(file, aside);
        try {
            TaskDashboardModel m = TaskDashboardModel.load(workspace, hr.run().id());
            assertTrue(m.predictions().isEmpty());
            assertTrue(m.pooledPredictions().isEmpty());
            assertEquals(hr.run().id() + " stored no predictions.csv (it was made by an older version); re-run the evaluation to get them",
                    m.predictionsProblem());
            assertEquals(hr.figures("bland-altman").size(), m.figures("bland-altman").size(), "the figures are still there");
        } finally {
            Files.move(aside, file);
        }
    }

    @Test
    void metricsAreNamedAsTheReportNamesThem() {
        assertEquals("MAE", TaskDashboardModel.metricLabel("mae"));
        assertEquals("Balanced accuracy", TaskDashboardModel.metricLabel("balanced_accuracy"));
        assertEquals("custom_score", TaskDashboardModel.metricLabel("custom_score"));
        assertTrue(TaskDashboardTarget.hasDashboard("evaluate"));
        assertTrue(TaskDashboardTarget.hasDashboard("finetune"));
        assertFalse(TaskDashboardTarget.hasDashboard("pretrain"));
    }
}
