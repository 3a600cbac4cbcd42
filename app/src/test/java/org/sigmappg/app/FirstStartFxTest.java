package org.sigmappg.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.shell.SampleData;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** On an empty workspace the workbench imports the bundled sample data in the background and opens on it. */
@ExtendWith(ApplicationExtension.class)
class FirstStartFxTest {
    @TempDir
    static Path dir;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        System.setProperty(SampleData.PROPERTY, TestWorkspaces.sampleData().toString());
        window = FxTesting.show(stage, Workspace.open(dir.resolve("empty")), FxTesting.NO_ENGINE);
    }

    @AfterAll
    static void clear() {
        System.clearProperty(SampleData.PROPERTY);
    }

    @Test
    void theSampleDataIsImportedAndShown(FxRobot robot) {
        waitUntil("the sample import shows in the status bar", 30,
                () -> !window.background().jobs().isEmpty() || robot.lookup("#records-table").tryQuery().isPresent()
                        && robot.lookup("#records-table").queryAs(TableView.class).getItems().size() == 12);
        waitUntil("the sample dataset is listed with its records", 90,
                () -> robot.lookup("#records-table").queryAs(TableView.class).getItems().size() == 12);
        assertTrue(window.statusBar().message().startsWith("Imported sample (sample): 12 records, 12 subjects, 120 windows"),
                window.statusBar().message());
        waitUntil("the tree lists it", 30, () -> FxTesting.texts(robot, ".tree-cell").contains("sample  (12)"));
    }
}
