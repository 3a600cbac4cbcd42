package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.texts;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.app.signal.SignalExplorerView;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The datasets view on the sample set: its records and subjects, the filter, and opening a record. */
@ExtendWith(ApplicationExtension.class)
class DatasetsViewFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    MainWindow window;

    @BeforeAll
    static void importSample() throws Exception {
        workspace = TestWorkspaces.withSample(dir);
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
        window.open(new DatasetsTarget("sample", null), false);
    }

    private static int rows(FxRobot robot, String table) {
        return onFx(() -> robot.lookup(table).queryAs(TableView.class).getItems().size());
    }

    private static String tab(FxRobot robot, int i) {
        return onFx(() -> robot.lookup("#dataset-tabs").queryAs(TabPane.class).getTabs().get(i).getText());
    }

    @Test
    void theSampleSetsTwelveRecordsAreListed(FxRobot robot) {
        waitUntil("the records are read", 30, () -> rows(robot, "#records-table") == 12);
        List<String> cells = texts(robot, "#records-table .table-cell");
        for (int i = 1; i <= 12; i++) {
            assertTrue(cells.contains(String.format("S%02d", i)), "record S" + i + " is on screen: " + cells);
        }
        assertTrue(cells.containsAll(List.of("2413", "831", "8.4 %")), "S08's flat and clipped counts are shown");
        assertEquals("Records (12)", tab(robot, 0));
        assertEquals("Subjects (12)", tab(robot, 1));
        assertTrue(texts(robot, "#records-table .column-header .label").containsAll(List.of("Record", "Subject", "Flat", "Clipped", "mean SpO2")));
        assertTrue(texts(robot, "#dataset-info").get(0).startsWith("sample layout, 12 records of 12 subjects, 120 windows"));
    }

    @Test
    void typingInTheFilterNarrowsTheTable(FxRobot robot) {
        waitUntil("the records are read", 30, () -> rows(robot, "#records-table") == 12);
        robot.clickOn("#dataset-search").write("S0");
        waitUntil("nine records match S0", 20, () -> rows(robot, "#records-table") == 9);
        List<String> cells = texts(robot, "#records-table .table-cell");
        assertTrue(cells.contains("S09") && !cells.contains("S10") && !cells.contains("S12"), cells.toString());
        assertEquals("Records (9 of 12)", tab(robot, 0));
        robot.write("8");
        waitUntil("one record matches S08", 20, () -> rows(robot, "#records-table") == 1);
        assertEquals("Subjects (1 of 12)", tab(robot, 1));

        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).type(KeyCode.BACK_SPACE);
        waitUntil("all records are back", 20, () -> rows(robot, "#records-table") == 12);
        robot.clickOn("#dataset-qc-only");
        waitUntil("only flagged records", 20, () -> rows(robot, "#records-table") == 2);
        List<String> flagged = texts(robot, "#records-table .table-cell");
        assertTrue(flagged.contains("S08") && flagged.contains("S09") && !flagged.contains("S01"), flagged.toString());
    }

    @Test
    void doubleClickingARecordOpensItInTheSignalExplorer(FxRobot robot) {
        waitUntil("the records are read", 30, () -> rows(robot, "#records-table") == 12);
        robot.doubleClickOn(robot.lookup("#records-table .table-cell").match(n -> "S08".equals(((javafx.scene.control.Labeled) n).getText()))
                .<javafx.scene.Node>query());
        waitUntil("S08 opens", 30, () -> window.selectedView().filter(SignalExplorerView.class::isInstance).isPresent());
        assertEquals("S08 \u00b7 sample", onFx(() -> window.selectedView().orElseThrow().titleProperty().get()));
        assertFalse(texts(robot, ".tab .tab-label").isEmpty());
    }
}
