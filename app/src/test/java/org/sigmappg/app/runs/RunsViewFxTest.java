package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.texts;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A run recorded in the workspace shows in the Runs section and its view, with the command that reproduces it. */
@ExtendWith(ApplicationExtension.class)
class RunsViewFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    static RunInfo run;
    MainWindow window;

    @BeforeAll
    static void recordARun() throws Exception {
        workspace = TestWorkspaces.withSample(dir);
        RunStore store = new RunStore(workspace);
        run = store.create(new RunStore.NewRun("tokenizer", "tok", "sample", null, "{\"codebook\":4096}", 7L, "abc",
                "PyTorch 2.7.1", "cpu()", "sigma-ppg train tokenizer --dataset sample --seed 7"));
        store.finish(run.id(), RunStatus.FINISHED, "done in 3 epochs", null);
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
    }

    @Test
    void theRunIsListedInTheTreeAndItsView(FxRobot robot) {
        waitUntil("the tree lists the run", 30, () -> texts(robot, ".tree-cell").contains(run.id() + "  finished"));
        onFx(() -> {
            window.open(new RunsTarget(run.id()), true);
            return null;
        });
        waitUntil("the run is selected in the table", 30, () -> robot.lookup("#runs-table").tryQueryAs(TableView.class)
                .map(t -> t.getSelectionModel().getSelectedItem() != null).orElse(false));
        assertTrue(texts(robot, "#runs-table .table-cell").containsAll(java.util.List.of(run.id(), "tokenizer", "sample", "finished",
                "done in 3 epochs")));
        String details = onFx(() -> robot.lookup("#run-details").queryAs(TextArea.class).getText());
        assertTrue(details.startsWith("command: sigma-ppg train tokenizer --dataset sample --seed 7"), details);
        assertTrue(details.contains("{\"codebook\":4096}"), details);
    }
}
