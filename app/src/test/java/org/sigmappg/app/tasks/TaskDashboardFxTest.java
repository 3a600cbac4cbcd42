package org.sigmappg.app.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.texts;
import static org.sigmappg.app.FxTesting.waitUntil;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.app.navigation.TasksTarget;
import org.sigmappg.app.shell.FileChoosers;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.eval.BloodPressureCriteria;
import org.sigmappg.eval.EvaluationResult;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.FinetuneParams;
import org.sigmappg.eval.MethodSpec;
import org.sigmappg.eval.Metric;
import org.sigmappg.eval.TaskCatalogue;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Task dashboards of evaluation runs on the sample data show the run's stored numbers and figures. */
@ExtendWith(ApplicationExtension.class)
class TaskDashboardFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    static String regression;
    static String binary;
    MainWindow window;
    /** What the choosers answer, as a user picking these would, and the titles and names they were opened with. */
    Path toSave;
    Path folder;
    final List<String> chooserTitles = new ArrayList<>();

    @BeforeAll
    static void evaluate() throws Exception {
        workspace = TestWorkspaces.withSample(dir.resolve("ws"));
        regression = evaluation("HR");
        binary = evaluation("AF");
    }

    /** Classic features against the trivial predictor, 3 subject folds, a small bootstrap: seconds. */
    private static String evaluation(String task) throws IOException {
        EvaluationParams p = new EvaluationParams(EvaluationParams.VERSION, EvaluationTask.KIND,
                TaskCatalogue.builtIn().resolve(task, "sample", new Catalogue(workspace)),
                MethodSpec.parseList("trivial,features").stream().map(MethodSpec::spec).toList(), EvaluationParams.PROBE, 3, 1, 3, 100,
                FinetuneParams.defaults(), "cpu", 16);
        EvaluationTask t = new EvaluationTask(workspace);
        String id = t.create(p, "sigma-ppg evaluate --task " + task + " (test)").id();
        t.run(id, ProgressMonitor.NONE);
        return id;
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
        window.setFileChoosers(new FileChoosers() {
            @Override
            public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> filters) {
                chooserTitles.add(title);
                return Optional.empty();
            }

            @Override
            public Optional<Path> save(Window owner, String title, String initialName, List<FileChooser.ExtensionFilter> filters) {
                chooserTitles.add(title + " " + initialName);
                return Optional.ofNullable(toSave);
            }

            @Override
            public Optional<Path> folder(Window owner, String title) {
                chooserTitles.add(title);
                return Optional.ofNullable(folder);
            }
        });
    }

    private TaskDashboardView open(String run) {
        TaskDashboardView view = onFx(() -> {
            window.open(new TaskDashboardTarget(run), true);
            return (TaskDashboardView) window.selectedView().orElseThrow();
        });
        waitUntil("the results are read", 30, () -> view.model() != null);
        return view;
    }

    private static JsonObject stored(String run, String file) throws IOException {
        return JsonParser.parseString(Files.readString(workspace.runsDirectory().resolve(run).resolve(file))).getAsJsonObject();
    }

    @Test
    void regressionDashboardDrawsTheStoredFiguresAndExports(FxRobot robot) throws Exception {
        waitUntil("the tree lists the dashboards", 30, () -> texts(robot, ".tree-cell").contains("HR \u00b7 sample \u00b7 " + regression));
        TaskDashboardView view = open(regression);
        JsonObject results = stored(regression, EvaluationTask.RESULTS);
        // Bars: one per method, the stored value with its stored interval, for the metric chosen.
        onFx(() -> {
            view.chooseMetric("mae");
            return null;
        });
        List<String> methods = List.of("trivial", "features");
        for (int i = 0; i < methods.size(); i++) {
            JsonObject row = row(results, methods.get(i), "window", "mae");
            int index = i;
            double[] drawn = onFx(() -> new double[] {view.barDataSet().get(0, index), view.barDataSet().get(1, index),
                    view.barDataSet().getErrorNegative(1, index), view.barDataSet().getErrorPositive(1, index)});
            assertEquals(i + 1, drawn[0]);
            assertEquals(row.get("value").getAsDouble(), drawn[1], 1e-12, methods.get(i));
            assertEquals(row.get("ciLow").getAsDouble(), drawn[1] - drawn[2], 1e-9);
            assertEquals(row.get("ciHigh").getAsDouble(), drawn[1] + drawn[3], 1e-9);
        }
        assertEquals(2, (int) onFx(() -> view.barDataSet().getDataCount()));

        // Predicted vs true and Bland-Altman of the features method, point for point from figures.json.
        JsonObject figures = stored(regression, TaskDashboardModel.FIGURES);
        for (String kind : List.of("predicted-vs-true", "bland-altman")) {
            onFx(() -> {
                view.showFigure(kind, "features");
                return null;
            });
            JsonObject f = figure(figures, kind, "features");
            JsonObject series = f.getAsJsonArray("series").get(0).getAsJsonObject();
            int points = 0;
            for (JsonElement e : series.getAsJsonArray("y")) {
                points += e.isJsonNull() ? 0 : 1;
            }
            String name = series.get("name").getAsString();
            int drawn = onFx(() -> view.figureDataSet(kind, name).getDataCount());
            assertTrue(points > 10, kind + " has " + points + " points");
            assertEquals(points, drawn, kind);
        }
        JsonObject ba = figure(figures, "bland-altman", "features");
        double bias = ba.getAsJsonArray("horizontalLines").get(0).getAsJsonObject().get("y").getAsDouble();
        assertEquals(bias, onFx(() -> view.figureDataSet("bland-altman", "bias").get(1, 0)), 1e-12);
        assertTrue(onFx(() -> view.figureSeries("predicted-vs-true")).contains("identity"));
        // Every method's Bland-Altman plot carries its stored bias and limits, written on the lines, with the task's unit.
        for (String method : methods) {
            onFx(() -> {
                view.showFigure("bland-altman", method);
                return null;
            });
            assertEquals(List.of("bias " + Metric.BA_BIAS.format(row(results, method, "window", "ba_bias").get("value").getAsDouble()) + " bpm",
                    "+1.96 SD " + Metric.BA_LOA_HIGH.format(row(results, method, "window", "ba_loa_high").get("value").getAsDouble()) + " bpm",
                    "-1.96 SD " + Metric.BA_LOA_LOW.format(row(results, method, "window", "ba_loa_low").get("value").getAsDouble()) + " bpm"),
                    onFx(() -> view.figureLineLabels("bland-altman")), method);
        }
        waitUntil("the texts are on the plot", 30, () -> texts(robot, "#dashboard-figure-bland-altman .line-label").size() == 3);
        // Item 5: the redrawn figures' titles carry their unit once, without empty brackets.
        assertEquals("predicted - reference (bpm)", onFx(() -> view.figureChart("bland-altman").getYAxis().getName()));
        assertEquals(null, onFx(() -> view.figureChart("bland-altman").getYAxis().getUnit()));

        // Per fold: every method on each of the 3 folds.
        assertEquals(6, (int) onFx(() -> view.foldTable().getItems().size()));

        // Export the chart in view and the report.
        Path png = dir.resolve("export/pred.png");
        AtomicReference<Path> written = new AtomicReference<>();
        onFx(() -> {
            view.exportPng(png, written::set);
            return null;
        });
        waitUntil("the PNG is written", 30, () -> written.get() != null);
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 200);
        AtomicReference<List<Path>> report = new AtomicReference<>();
        onFx(() -> {
            view.saveReport(dir.resolve("report"), report::set);
            return null;
        });
        waitUntil("the report is saved", 30, () -> report.get() != null);
        assertTrue(Files.readString(dir.resolve("report").resolve(EvaluationTask.REPORT_HTML)).contains("features"));
        assertEquals(2 + results.getAsJsonArray("figures").size(), report.get().size(), "report, Markdown and every figure");

        // Through the buttons: the PNG and the report go where the choosers say (they start in the last folder or home, never
        // the working directory).
        toSave = dir.resolve("chosen/bars.png");
        robot.clickOn("Metrics");
        robot.clickOn("#dashboard-export-png");
        waitUntil("the chosen PNG is written", 30, () -> Files.isRegularFile(toSave));
        assertTrue(ImageIO.read(toSave.toFile()).getWidth() > 200);
        assertTrue(chooserTitles.contains("Export the chart as PNG " + regression + "-metrics.png"), chooserTitles.toString());
        folder = dir.resolve("chosen");
        robot.clickOn("#dashboard-save-report");
        waitUntil("the report is saved in the chosen folder", 30, () -> Files.isRegularFile(folder.resolve(regression + "-report")
                .resolve(EvaluationTask.REPORT_HTML)));

        // The runs table's headline of the evaluation: its first figure per method, as stored.
        String headline = org.sigmappg.app.runs.RunRow.of(new org.sigmappg.run.RunStore(workspace).require(regression), null,
                java.time.Instant.now(), java.time.ZoneOffset.UTC).headline();
        assertEquals(String.format(java.util.Locale.ROOT, "HR MAE: trivial %.2f, features %.2f",
                row(results, "trivial", "window", "mae").get("value").getAsDouble(),
                row(results, "features", "window", "mae").get("value").getAsDouble()), headline);
    }

    @Test
    void thePerSubjectTableShowsThePooledPredictionsAndExportsThem(FxRobot robot) throws Exception {
        TaskDashboardView view = open(regression);
        TaskDashboardModel model = view.model();
        robot.clickOn("Per subject");
        waitUntil("the table shows the subjects", 30, () -> texts(robot, "#dashboard-predictions .table-cell").contains("S12"));
        List<PredictionTable.Row> rows = onFx(() -> List.copyOf(view.predictionTable().getItems()));
        assertEquals(12, rows.size());
        assertEquals(model.pooledPredictions().stream().map(PredictionTable.Row::subject).sorted().toList(),
                rows.stream().map(PredictionTable.Row::subject).toList(), "subjects in their natural order");
        List<String> cells = texts(robot, "#dashboard-predictions .table-cell");
        PredictionTable.Row first = rows.get(0);
        for (String text : List.of(model.truthText(first), model.predictionText(first, 0), model.predictionText(first, 1),
                model.errorText(first, 1))) {
            assertTrue(cells.contains(text), text + " in " + cells);
        }
        // Sorting by an error column sorts by the number, not by its text.
        robot.clickOn("features error");
        List<Double> errors = onFx(() -> view.predictionTable().getItems().stream().map(r -> r.error(1)).toList());
        assertEquals(errors.stream().sorted().toList(), errors);
        assertTrue(onFx(() -> view.predictionTable().getSortOrder().get(0).getText()).equals("features error"));

        // Export as CSV through the menu and the save chooser: per subject the table's rows, per window the stored file.
        toSave = dir.resolve("chosen/subjects.csv");
        robot.clickOn("#dashboard-export-predictions");
        robot.clickOn("Predictions per subject\u2026");
        waitUntil("the per-subject CSV is written", 30, () -> Files.isRegularFile(toSave));
        assertEquals(model.predictions().orElseThrow().pooledCsv(model.labelLevel()), Files.readString(toSave));
        assertEquals(13, Files.readAllLines(toSave).size(), "a header and a row per subject");
        assertTrue(chooserTitles.contains("Export the predictions per subject " + regression + "-predictions-per-subject.csv"),
                chooserTitles.toString());
        toSave = dir.resolve("chosen/windows.csv");
        robot.clickOn("#dashboard-export-predictions");
        robot.clickOn("Predictions per window, as stored\u2026");
        waitUntil("the per-window CSV is written", 30, () -> Files.isRegularFile(toSave));
        assertEquals(Files.readString(workspace.runsDirectory().resolve(regression).resolve(EvaluationTask.PREDICTIONS)), Files.readString(toSave));
    }

    @Test
    void aTaskListsItsEvaluationsAndOpensTheirDashboard(FxRobot robot) {
        TasksView tasks = onFx(() -> {
            window.open(new TasksTarget("HR"), false);
            return (TasksView) window.selectedView().orElseThrow();
        });
        waitUntil("the HR evaluation is listed", 30, () -> tasks.shownEvaluations().size() == 1);
        assertEquals(regression, tasks.shownEvaluations().get(0).run(), "only the task's own evaluations");
        assertEquals("trivial, features", tasks.shownEvaluations().get(0).methods());
        javafx.scene.Node firstRow = onFx(() -> robot.lookup("#tasks-evaluations .table-row-cell").nth(0).query());
        robot.doubleClickOn(firstRow);
        waitUntil("its dashboard opens", 30, () -> window.selectedView().filter(v -> v instanceof TaskDashboardView d
                && d.target().equals(new TaskDashboardTarget(regression))).isPresent());
    }

    @Test
    void binaryDashboardDrawsTheRocCurvesOfEveryMethod(FxRobot robot) throws Exception {
        TaskDashboardView view = open(binary);
        JsonObject figures = stored(binary, TaskDashboardModel.FIGURES);
        JsonObject roc = figure(figures, "roc", null);
        onFx(() -> {
            view.showFigure("roc", null);
            return null;
        });
        for (JsonElement e : roc.getAsJsonArray("series")) {
            JsonObject s = e.getAsJsonObject();
            int drawn = onFx(() -> view.figureDataSet("roc", s.get("name").getAsString()).getDataCount());
            assertEquals(s.getAsJsonArray("x").size(), drawn, s.get("name").getAsString());
        }
        assertEquals(3, roc.getAsJsonArray("series").size(), "trivial, features and chance");
        assertTrue(onFx(() -> view.tabs().getTabs().stream().map(t -> t.getText()).toList()).contains("ROC"));
    }

    @Test
    void bloodPressureDashboardDrawsLabelEfficiencyCurvesAndTheAamiTable(FxRobot robot) throws Exception {
        Path ppgBp = Path.of(System.getProperty("sigmappg.shared.data", "../../shared/data"), "ppg_bp");
        assumeTrue(Files.isDirectory(ppgBp), "the shared PPG-BP recordings are not here");
        new ImportTask(workspace, ImportRequest.of(ppgBp, "ppgbp")).run(ProgressMonitor.NONE);
        // 219 subjects in 3 folds: about 146 training subjects each, 10 % of them about 15.
        EvaluationParams p = new EvaluationParams(EvaluationParams.VERSION, EvaluationTask.KIND,
                TaskCatalogue.builtIn().resolve("SBP", "ppgbp", new Catalogue(workspace)),
                MethodSpec.parseList("trivial,features").stream().map(MethodSpec::spec).toList(), EvaluationParams.PROBE, 3, 1, 3, 100,
                FinetuneParams.defaults(), "cpu", 16, List.of(0.1, 0.25, 0.5, 1.0), 2);
        EvaluationTask t = new EvaluationTask(workspace);
        String run = t.create(p, "sigma-ppg evaluate --task SBP --label-fractions 0.1,0.25,0.5,1 (test)").id();
        t.run(run, ProgressMonitor.NONE);
        EvaluationResult stored = new com.google.gson.Gson().fromJson(Files.readString(workspace.runsDirectory().resolve(run)
                .resolve(EvaluationTask.RESULTS)), EvaluationResult.class);

        TaskDashboardView view = open(run);
        List<String> tabs = onFx(() -> view.tabs().getTabs().stream().map(javafx.scene.control.Tab::getText).toList());
        assertTrue(tabs.containsAll(List.of("Metrics", "Label efficiency", "Blood pressure")), tabs.toString());
        // The curves: per method, a point per share at the stored labelled subjects (moved by one small dodge per method), figure
        // and interval.
        double most = stored.curve("trivial", "mae").stream().mapToDouble(EvaluationResult.LabelEfficiencyRow::labelledSubjects).max()
                .orElseThrow();
        for (String metric : List.of("mae", "within_10")) {
            onFx(() -> {
                view.chooseMetric(metric);
                view.showTab("Label efficiency");
                return null;
            });
            assertTrue(onFx(view::curveTitle).startsWith(TaskDashboardModel.metricLabel(metric) + " per subject against labelled subjects"));
            for (String method : List.of("trivial", "features")) {
                List<EvaluationResult.LabelEfficiencyRow> points = stored.curve(method, metric);
                assertEquals(4, points.size(), method + " " + metric);
                for (int i = 0; i < points.size(); i++) {
                    EvaluationResult.LabelEfficiencyRow x = points.get(i);
                    int index = i;
                    double[] drawn = onFx(() -> new double[] {view.curveDataSet(method).get(0, index), view.curveDataSet(method).get(1, index),
                            view.curveDataSet(method).getErrorNegative(1, index), view.curveDataSet(method).getErrorPositive(1, index)});
                    double dodge = (method.equals("trivial") ? -0.5 : 0.5) * LabelEfficiencyPane.DODGE * most;
                    assertEquals(x.labelledSubjects() + dodge, drawn[0], 1e-9, method + " share " + x.labelFraction());
                    assertEquals(x.value(), drawn[1], 1e-12);
                    assertEquals(x.ciLow(), drawn[1] - drawn[2], 1e-9);
                    assertEquals(x.ciHigh(), drawn[1] + drawn[3], 1e-9);
                }
            }
        }
        assertTrue(stored.curve("features", "mae").get(0).labelledSubjects() < 20, "10 % of about 146 subjects");

        // The blood-pressure table repeats the stored criteria, method by method.
        onFx(() -> {
            view.showTab("Blood pressure");
            return null;
        });
        List<BloodPressureCriteria.Summary> shown = onFx(() -> List.copyOf(view.bloodPressureTable().getItems()));
        assertEquals(stored.bloodPressure(), shown);
        assertEquals(List.of("trivial", "features"), shown.stream().map(BloodPressureCriteria.Summary::method).toList());
        List<String> cells = texts(robot, "#dashboard-blood-pressure .table-cell");
        BloodPressureCriteria.Summary features = shown.get(1);
        assertTrue(cells.contains(BloodPressureCriteria.meanErrorAndSd(features.meanError(), features.errorSd())), cells.toString());
        assertTrue(cells.contains(features.aami().text()), cells.toString());

        // Per subject, each subject's mean prediction as the evaluation pooled it: their errors give back the stored per-subject bias
        // and limits of agreement, which the Bland-Altman plot writes on its lines.
        List<PredictionTable.Row> subjects = view.model().pooledPredictions();
        assertEquals(219, subjects.size());
        double[] errors = subjects.stream().mapToDouble(x -> x.error(1)).toArray();
        double bias = java.util.Arrays.stream(errors).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(errors).map(e -> (e - bias) * (e - bias)).sum() / (errors.length - 1));
        EvaluationResult.MetricRow storedBias = stored.rowsOf("features", "subject").stream().filter(x -> x.metric().equals("ba_bias"))
                .findFirst().orElseThrow();
        EvaluationResult.MetricRow storedHigh = stored.rowsOf("features", "subject").stream().filter(x -> x.metric().equals("ba_loa_high"))
                .findFirst().orElseThrow();
        assertEquals(storedBias.value(), bias, 1e-9);
        assertEquals(storedHigh.value(), bias + 1.96 * sd, 1e-9);
        onFx(() -> {
            view.showFigure("bland-altman", "features");
            return null;
        });
        assertEquals("bias " + Metric.BA_BIAS.format(storedBias.value()) + " mmHg", onFx(() -> view.figureLineLabels("bland-altman")).get(0));
        assertEquals("+1.96 SD " + Metric.BA_LOA_HIGH.format(storedHigh.value()) + " mmHg", onFx(() -> view.figureLineLabels("bland-altman")).get(1));

        onFx(() -> {
            view.showTab("Label efficiency");
            view.chooseMetric("mae");
            return null;
        });
        Path png = dir.resolve("export/curves.png");
        AtomicReference<Path> written = new AtomicReference<>();
        onFx(() -> {
            view.exportPng(png, written::set);
            return null;
        });
        waitUntil("the PNG is written", 30, () -> written.get() != null);
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 200);
    }

    private static JsonObject row(JsonObject results, String method, String level, String metric) {
        for (JsonElement e : results.getAsJsonArray("rows")) {
            JsonObject r = e.getAsJsonObject();
            if (r.get("method").getAsString().equals(method) && r.get("level").getAsString().equals(level)
                    && r.get("metric").getAsString().equals(metric)) {
                return r;
            }
        }
        throw new AssertionError("no stored row " + method + "/" + level + "/" + metric);
    }

    private static JsonObject figure(JsonObject figures, String kind, String method) {
        JsonArray all = figures.getAsJsonArray("figures");
        for (JsonElement e : all) {
            JsonObject f = e.getAsJsonObject();
            boolean sameMethod = method == null ? f.get("method").isJsonNull() : !f.get("method").isJsonNull()
                    && f.get("method").getAsString().equals(method);
            if (f.get("kind").getAsString().equals(kind) && sameMethod) {
                return f;
            }
        }
        throw new AssertionError("no stored figure " + kind + " of " + method);
    }
}
