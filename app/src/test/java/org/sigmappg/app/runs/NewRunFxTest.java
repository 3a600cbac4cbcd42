package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.texts;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.navigation.NewRunTarget;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TokenizerTask;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A tokenizer run started from the new-run sheet goes through the queue, trains, can be cancelled and resumed. */
@ExtendWith(ApplicationExtension.class)
class NewRunFxTest {
    /** The tiny preset cut further, so that an epoch takes a fraction of a second on a CPU. */
    private static final Map<String, String> SMALL = Map.of("model.encoder.width", "32", "model.encoder.depth", "1",
            "model.decoder.width", "32", "model.decoder.depth", "1", "model.codebookSize", "32", "model.kmeansSamples", "256",
            "model.kmeansIterations", "3");
    @TempDir
    static Path dir;
    static Workspace workspace;
    MainWindow window;

    @BeforeAll
    static void sample() throws Exception {
        workspace = TestWorkspaces.withSample(dir);
        // A second dataset, so that which one a sheet chooses first says something.
        new org.sigmappg.data.ImportTask(workspace, org.sigmappg.data.ImportRequest.of(TestWorkspaces.sampleData(), "second"))
                .run(org.sigmappg.run.ProgressMonitor.NONE);
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
    }

    private NewRunView sheet(int epochs, int batch) {
        NewRunView view = onFx(() -> {
            window.open(new NewRunTarget(TokenizerTask.KIND, null), true);
            return (NewRunView) window.selectedView().orElseThrow();
        });
        waitUntil("the sheet is filled", 30, () -> view.sheet() != null);
        onFx(() -> {
            view.set(RunSheet.DATASET, "sample");
            SMALL.forEach(view::set);
            view.set("model.optimiser.epochs", Integer.toString(epochs));
            view.set("model.optimiser.batchSize", Integer.toString(batch));
            return null;
        });
        return view;
    }

    private RunPageView pageOfNewRun(String before) {
        waitUntil("the new run's page opens", 30, () -> window.selectedView().map(WorkbenchView::target)
                .filter(t -> t instanceof RunTarget r && !r.runId().equals(before)).isPresent());
        return onFx(() -> (RunPageView) window.selectedView().orElseThrow());
    }

    private static RunStatus status(String id) {
        try {
            return new RunStore(workspace).require(id).status();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRunStartedFromTheSheetIsQueuedTrainsAndAppearsFinishedInTheTable(FxRobot robot) throws Exception {
        NewRunView view = sheet(2, 50);
        // Typing a learning rate below zero is refused before anything starts.
        TextField lr = onFx(() -> robot.lookup("#sheet-model-optimiser-learningRate").queryAs(TextField.class));
        // The property sheet may have the field scrolled out of sight: set its text as typing would.
        onFx(() -> {
            lr.setText("-1");
            return null;
        });
        waitUntil("the sheet shows the problem", 10, () -> robot.lookup("#sheet-start").queryAs(Button.class).isDisabled()
                && robot.lookup("#sheet-model-optimiser-learningRate-problem").queryLabeled().isVisible());
        assertFalse(texts(robot, "#sheet-problems .label").isEmpty(), "the problem is listed under the sheet too");
        onFx(() -> {
            lr.setText("0.001");
            return null;
        });
        waitUntil("the sheet is valid again", 10, () -> !robot.lookup("#sheet-start").queryAs(Button.class).isDisabled());
        String command = onFx(() -> robot.lookup("#sheet-command").queryTextInputControl().getText());
        assertTrue(command.startsWith("sigma-ppg train-tokenizer"), command);
        assertTrue(command.contains("--dataset sample"), command);
        assertTrue(command.contains(" --epochs 2 "), command);

        robot.clickOn("#sheet-start");
        RunPageView page = pageOfNewRun("");
        String id = onFx(() -> ((RunTarget) page.target()).runId());
        waitUntil("the run finishes", 180, () -> status(id) == RunStatus.FINISHED && page.run() != null
                && page.run().status() == RunStatus.FINISHED);
        RunInfo run = new RunStore(workspace).require(id);
        assertEquals(command, run.command(), "the run keeps the command line that reproduces it");
        assertEquals(2, new RunStore(workspace).metrics(id).get("perplexity").size(), "an epoch's figures per epoch");
        // The page's loss curve has a point per epoch.
        MetricChartProbe.assertSomeSeriesHas(page.charts().get(0), 2);

        onFx(() -> {
            window.open(new RunsTarget(id), false);
            return null;
        });
        waitUntil("the runs table lists the run as finished", 30, () -> texts(robot, "#runs-table .table-cell").containsAll(List.of(id, "finished")));
    }

    @Test
    void aTrainingRunIsCancelledWithACheckpointAndResumedToTheEnd(FxRobot robot) throws Exception {
        NewRunView view = sheet(12, 10);
        onFx(() -> {
            view.start();
            return null;
        });
        RunPageView page = pageOfNewRun("");
        String id = onFx(() -> ((RunTarget) page.target()).runId());
        waitUntil("the run trains", 120, () -> status(id) == RunStatus.RUNNING
                && !robot.lookup("#run-cancel").queryAs(Button.class).isDisabled()
                && new RunStore(workspace).metrics(id).containsKey("perplexity"));
        robot.clickOn("#run-cancel");
        waitUntil("the run stops cancelled", 120, () -> status(id) == RunStatus.CANCELLED
                && !robot.lookup("#run-resume").queryAs(Button.class).isDisabled());
        int epochsBefore = new RunStore(workspace).metrics(id).get("perplexity").size();
        assertTrue(epochsBefore < 12, "cancelled before the end: " + epochsBefore + " epochs");
        assertTrue(java.nio.file.Files.isRegularFile(workspace.runsDirectory().resolve(id).resolve(org.sigmappg.train.TokenizerTask.CHECKPOINT)),
                "a checkpoint was kept");

        robot.clickOn("#run-resume");
        waitUntil("the resumed run finishes", 240, () -> status(id) == RunStatus.FINISHED);
        List<RunStore.Metric> perplexity = new RunStore(workspace).metrics(id).get("perplexity");
        assertEquals(12, perplexity.size(), "every epoch once, whether interrupted or not");
        assertNotEquals(RunStatus.CANCELLED, onFx(() -> page.run().status()));
    }

    @Test
    void anEvaluationStartedFromItsSheetRunsInTheQueueAndOpensItsDashboard(FxRobot robot) throws Exception {
        onFx(() -> {
            window.open(new RunsTarget(null), false);
            return null;
        });
        waitUntil("the runs view shows", 30, () -> robot.lookup("#new-evaluation").tryQuery().isPresent());
        robot.clickOn("#new-evaluation");
        waitUntil("the sheet is filled", 30, () -> window.selectedView().filter(v -> v instanceof NewEvaluationView e && e.sheet() != null)
                .isPresent());
        NewEvaluationView view = onFx(() -> (NewEvaluationView) window.selectedView().orElseThrow());
        onFx(() -> {
            view.set("dataset", "sample");
            view.set("task", "HR");
            view.set("methods", "trivial,features");
            view.set("folds", "3");
            view.set("bootstrap", "50");
            return null;
        });
        waitUntil("the sheet refuses 50 resamples", 10, () -> robot.lookup("#evaluation-start").queryAs(Button.class).isDisabled()
                && robot.lookup("#evaluation-bootstrap-problem").queryLabeled().isVisible());
        onFx(() -> {
            view.set("bootstrap", "100");
            return null;
        });
        waitUntil("the sheet is valid", 10, () -> !robot.lookup("#evaluation-start").queryAs(Button.class).isDisabled());
        String command = onFx(() -> robot.lookup("#evaluation-command").queryTextInputControl().getText());
        robot.clickOn("#evaluation-start");
        RunPageView page = pageOfNewRun("");
        String id = onFx(() -> ((RunTarget) page.target()).runId());
        assertTrue(id.startsWith("eval-"), id);
        waitUntil("the evaluation finishes and offers its dashboard", 180, () -> status(id) == RunStatus.FINISHED
                && !robot.lookup("#run-results").queryAs(Button.class).isDisabled());
        assertEquals(command, new RunStore(workspace).require(id).command());
        robot.clickOn("#run-results");
        waitUntil("the dashboard shows the run's bars", 30, () -> window.selectedView()
                .filter(v -> v instanceof org.sigmappg.app.tasks.TaskDashboardView d && d.model() != null
                        && d.barDataSet().getDataCount() == 2).isPresent());

        // Re-run with the same recipe: a new run with the same parameters and command, through the queue.
        onFx(() -> {
            window.open(new RunTarget(id), false);
            return null;
        });
        waitUntil("the run's page offers Re-run", 30, () -> !robot.lookup("#run-rerun").queryAs(Button.class).isDisabled());
        robot.clickOn("#run-rerun");
        RunPageView again = pageOfNewRun(id);
        String second = onFx(() -> ((RunTarget) again.target()).runId());
        waitUntil("the re-run finishes", 180, () -> status(second) == RunStatus.FINISHED);
        RunInfo a = new RunStore(workspace).require(id);
        RunInfo b = new RunStore(workspace).require(second);
        assertNotEquals(id, second);
        assertEquals(a.params(), b.params(), "the same recipe");
        assertEquals(a.command(), b.command());
    }

    @Test
    void theSheetChoosesTheDatasetInViewAndShowsChangesInBold(FxRobot robot) {
        onFx(() -> {
            window.open(new org.sigmappg.app.navigation.DatasetsTarget("second", null), false);
            return null;
        });
        waitUntil("the dataset is shown", 30, () -> window.selectedView().map(v -> v.target().title()).orElse("").contains("second"));
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.N).release(javafx.scene.input.KeyCode.N,
                javafx.scene.input.KeyCode.CONTROL);
        waitUntil("the sheet is filled", 30, () -> window.selectedView().filter(v -> v instanceof NewRunView n && n.sheet() != null).isPresent());
        NewRunView view = onFx(() -> (NewRunView) window.selectedView().orElseThrow());
        assertEquals("second", onFx(() -> view.sheet().value(RunSheet.DATASET)), "the dataset in view, of two");

        onFx(() -> {
            view.set("model.optimiser.epochs", "40");
            return null;
        });
        TextField epochs = onFx(() -> robot.lookup("#sheet-model-optimiser-epochs").queryAs(TextField.class));
        TextField batch = onFx(() -> robot.lookup("#sheet-model-optimiser-batchSize").queryAs(TextField.class));
        waitUntil("the changed setting is in bold", 10, () -> epochs.getFont().getStyle().toLowerCase(java.util.Locale.ROOT).contains("bold"));
        assertFalse(onFx(() -> batch.getFont().getStyle().toLowerCase(java.util.Locale.ROOT).contains("bold")), "an unchanged one is not");
    }

    /** Looks into a metric chart's drawn data. */
    static final class MetricChartProbe {
        private MetricChartProbe() {
        }

        static void assertSomeSeriesHas(MetricChart chart, int points) {
            List<Integer> counts = onFx(() -> chart.names().stream().map(n -> chart.dataSet(n).getDataCount()).toList());
            assertTrue(counts.contains(points), "a line with " + points + " points in " + chart.names() + ": " + counts);
        }
    }
}
