package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.TinyRuns;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A run's status as the workbench shows it follows the run store without a refresh (a run started by another process
 * shows as running while it runs, and as ended once it ended); each status has its own icon; the run log shows a
 * resume; and the Runs table's duration is the time spent running, not the time the run sat cancelled.
 */
@ExtendWith(ApplicationExtension.class)
class RunStatusFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    static RunStore store;
    MainWindow window;

    @BeforeAll
    static void workspace() throws Exception {
        workspace = TestWorkspaces.withSample(dir);
        store = new RunStore(workspace);
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
    }

    /**
     * Each test's window stops reading the workspace when the test ends: a run left queued keeps the tree and the run
     * page polling, and a read while the workspace folder is deleted after the last test left the folder undeletable.
     */
    @AfterEach
    void closeWindow() {
        onFx(() -> {
            window.shutdown();
            return null;
        });
    }

    private static String newRun() throws Exception {
        return store.create(new RunStore.NewRun("tokenizer", "tok", "sample", null, TinyRuns.tokenizer(4).toJson(), 1L, "h", null, "cpu()",
                "sigma-ppg train-tokenizer --dataset sample")).id();
    }

    /** The tree cell of a run, once it shows {@code status}. */
    private Optional<TreeCell<?>> cell(FxRobot robot, String id, String status) {
        return onFx(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> (id + "  " + status).equals(c.getText())).<TreeCell<?>>map(c -> c).findFirst());
    }

    private String icon(FxRobot robot, String id, String status) {
        return onFx(() -> cell(robot, id, status).orElseThrow().getGraphic().getStyleClass().stream()
                .filter(c -> c.startsWith("icon-")).findFirst().orElse(""));
    }

    @Test
    void theTreeFollowsARunStartedElsewhereAndGivesEachStatusItsIcon(FxRobot robot) throws Exception {
        String run = newRun();
        String done = newRun();
        store.markRunning(done);
        store.finish(done, RunStatus.FINISHED, "ICR 0.8", null);
        onFx(() -> {
            window.workspaceChanged();
            return null;
        });
        waitUntil("the tree shows the run queued", 30, () -> cell(robot, run, "queued").isPresent());
        // Another process (the command line) starts it: no one refreshes the workbench.
        store.markRunning(run);
        waitUntil("the tree shows it running", 30, () -> cell(robot, run, "running").isPresent());
        store.finish(run, RunStatus.CANCELLED, "cancelled after epoch 1", null);
        waitUntil("the tree shows it cancelled", 30, () -> cell(robot, run, "cancelled").isPresent());
        String cancelled = icon(robot, run, "cancelled");
        String finished = icon(robot, done, "finished");
        assertEquals("icon-run-cancelled", cancelled);
        assertEquals("icon-run-finished", finished);
        assertNotEquals(cancelled, finished, "cancelled and finished runs look different");
    }

    @Test
    void theButtonsStayPutWhenARunStartsAndTheThemeKeyWorksOnThePage(FxRobot robot) throws Exception {
        String run = newRun();
        RunPageView page = onFx(() -> {
            window.open(new RunTarget(run), true);
            return (RunPageView) window.selectedView().orElseThrow();
        });
        waitUntil("the page shows the run", 30, () -> page.run() != null && robot.lookup("#run-cancel").tryQuery().isPresent());
        javafx.scene.Node cancel = onFx(() -> robot.lookup("#run-cancel").query());
        double before = onFx(() -> cancel.localToScene(cancel.getBoundsInLocal()).getMinY());
        store.markRunning(run);
        store.heartbeat(run, "epoch 1/4: masked accuracy 0.123, loss 4.567 (random masks 4.321); a message long enough to take a second "
                + "line on a narrow window, as progress messages of other runs do, and more words to be sure of it");
        waitUntil("the page shows the run training", 30, () -> page.run().status() == RunStatus.RUNNING
                && robot.lookup("#run-progress").query().isVisible());
        assertEquals(before, onFx(() -> cancel.localToScene(cancel.getBoundsInLocal()).getMinY()), 0.5,
                "Cancel does not move when the progress row and a longer message appear");

        // The theme key works wherever the focus is on the page.
        for (String focus : List.of("#run-log", "#run-command", "#run-tabs")) {
            org.sigmappg.app.shell.Theme was = onFx(() -> window.themeProperty().get());
            robot.clickOn(focus);
            robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.T)
                    .release(javafx.scene.input.KeyCode.T, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.CONTROL);
            waitUntil("Ctrl+Shift+T switches the theme with the focus in " + focus, 10, () -> window.themeProperty().get() != was);
        }
        store.finish(run, RunStatus.CANCELLED, "stopped by the test", null);
    }

    @Test
    void theFiguresOfAPretrainingRunLinkToTheGlossary(FxRobot robot) throws Exception {
        String run = store.create(new RunStore.NewRun("pretrain", "pre", "sample", null, "{}", 1L, "h", null, "cpu()", "cmd")).id();
        onFx(() -> {
            window.open(new RunTarget(run), true);
            return null;
        });
        waitUntil("the curves offer the glossary", 30, () -> robot.lookup("#glossary-link-mask-entropy").tryQuery().isPresent());
        robot.clickOn("#glossary-link-mask-entropy");
        waitUntil("the glossary opens at the term", 30, () -> window.selectedView()
                .filter(v -> v instanceof org.sigmappg.app.help.GlossaryView g && "mask entropy".equals(g.marked())).isPresent());
        assertTrue(FxTesting.texts(robot, "#glossary-mask-entropy .label").stream().anyMatch(t -> t.contains("teacher")));
    }

    @Test
    void theLogShowsTheResumeAndTheDurationLeavesOutTheTimeCancelled(FxRobot robot) throws Exception {
        String run = newRun();
        store.markRunning(run);
        store.finish(run, RunStatus.CANCELLED, "cancelled after epoch 1", null);
        store.markRunning(run);
        store.finish(run, RunStatus.FINISHED, "ICR 0.80", "{\"icr\":0.8,\"unusedCodes\":0.0}");
        // Ran 5 min, sat cancelled for 2 hours, resumed and ran 3 min more.
        Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
        workspace.write(c -> {
            for (String[] e : List.of(new String[] {"started", "0"}, new String[] {"cancelled", "300"}, new String[] {"resumed", "7200"},
                    new String[] {"finished", "7380"})) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE run_events SET time=? WHERE run_id=? AND event=?")) {
                    ps.setString(1, t0.plusSeconds(Long.parseLong(e[1])).toString());
                    ps.setString(2, run);
                    ps.setString(3, e[0]);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET started=?, ended=? WHERE id=?")) {
                ps.setString(1, t0.toString());
                ps.setString(2, t0.plusSeconds(7380).toString());
                ps.setString(3, run);
                ps.executeUpdate();
            }
            return null;
        });

        RunPageView page = onFx(() -> {
            window.open(new RunTarget(run), true);
            return (RunPageView) window.selectedView().orElseThrow();
        });
        waitUntil("the page shows the run finished", 30, () -> page.run() != null && page.run().status() == RunStatus.FINISHED);
        List<String> log = onFx(() -> robot.lookup("#run-log").queryAs(TextArea.class).getText().lines()
                .map(l -> l.substring(l.indexOf("  ") + 2)).toList());
        assertEquals(List.of("created", "started", "cancelled: cancelled after epoch 1", "resumed", "finished: ICR 0.80"), log);

        RunsView runs = onFx(() -> {
            window.open(new RunsTarget(run), true);
            return (RunsView) window.selectedView().orElseThrow();
        });
        waitUntil("the table lists the run", 30, () -> runs.rows().stream().anyMatch(r -> r.id().equals(run)));
        RunRow row = onFx(() -> runs.rows().stream().filter(r -> r.id().equals(run)).findFirst().orElseThrow());
        assertEquals("8 min 00 s", row.duration(), "5 + 3 minutes running, not the 2 h 03 min from start to end");
        assertEquals("CPU", row.device());
        assertTrue(FxTesting.texts(robot, "#runs-table .table-cell").contains("8 min 00 s"));
    }
}
