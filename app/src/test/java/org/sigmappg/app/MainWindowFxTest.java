package org.sigmappg.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.datasets.DatasetsView;
import org.sigmappg.app.shell.EngineProbe;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WindowState;
import org.sigmappg.app.signal.SignalExplorerView;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The main window on the sample data: navigation tree, tabs, engine line, shortcuts, remembered state. */
@ExtendWith(ApplicationExtension.class)
class MainWindowFxTest {
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
        // The real engine probe: the status line must say what DJL found, without blocking the window.
        window = FxTesting.show(stage, workspace, EngineProbe::probe);
    }

    private TabPane tabs(FxRobot robot) {
        return robot.lookup("#views").queryAs(TabPane.class);
    }

    private TreeItem<NavNode> node(String... path) {
        return onFx(() -> {
            TreeItem<NavNode> item = window.navigationTree().getRoot();
            for (String text : path) {
                item = item.getChildren().stream().filter(c -> c.getValue().text().startsWith(text)).findFirst()
                        .orElseThrow(() -> new AssertionError("no tree node " + text));
                item.setExpanded(true);
            }
            return item;
        });
    }

    private TreeCell<?> cell(FxRobot robot, TreeItem<NavNode> item) {
        return onFx(() -> {
            window.navigationTree().scrollTo(window.navigationTree().getRow(item));
            return robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream().filter(c -> c.getTreeItem() == item)
                    .findFirst().orElseThrow(() -> new AssertionError("no visible cell for " + item.getValue().text()));
        });
    }

    @Test
    void theWindowShowsTheSectionsTheDatasetAndTheEngine(FxRobot robot) {
        waitUntil("the tree is read", 30, () -> window.treeRead());
        List<String> sections = onFx(() -> window.navigationTree().getRoot().getChildren().stream().map(i -> i.getValue().text()).toList());
        assertEquals(List.of("Datasets", "Runs", "Tasks"), sections);
        assertTrue(FxTesting.texts(robot, ".tree-cell").contains("sample  (12)"), FxTesting.texts(robot, ".tree-cell").toString());
        assertTrue(FxTesting.texts(robot, ".tree-cell").containsAll(List.of("HR", "SpO2")), "task labels of the sample set");
        waitUntil("the catalogue is listed", 30, () -> robot.lookup("#datasets-table").queryAs(TableView.class).getItems().size() == 1);
        assertTrue(FxTesting.texts(robot, "#datasets-table .table-cell").contains("sample"));
        assertEquals("Datasets", onFx(() -> tabs(robot).getTabs().get(0).getText()));
        waitUntil("the engine is probed", 120, () -> !window.engineLabel().getText().startsWith("engine:"));
        String engine = window.engineLabel().getText();
        assertTrue(engine.matches("CPU x\\d+ \u00b7 PyTorch \\d+\\.\\d+.*"), engine);
    }

    @Test
    void selectingUsesThePreviewTabAndDoubleClickOpensATabOfItsOwn(FxRobot robot) {
        waitUntil("the tree is read", 30, () -> window.treeRead());
        TreeItem<NavNode> s03 = node("Datasets", "sample", "S03", "S03");
        robot.clickOn(cell(robot, s03));
        waitUntil("the preview tab shows S03", 30, () -> tabs(robot).getTabs().size() == 1
                && tabs(robot).getTabs().get(0).getText().equals("S03 \u00b7 sample"));
        Tab preview = onFx(() -> tabs(robot).getTabs().get(0));
        assertTrue(preview.getStyleClass().contains("preview-tab"));
        assertInstanceOf(SignalExplorerView.class, preview.getUserData());

        TreeItem<NavNode> s05 = node("Datasets", "sample", "S05", "S05");
        robot.doubleClickOn(cell(robot, s05));
        waitUntil("S05 opens in a tab of its own", 30, () -> tabs(robot).getTabs().stream().anyMatch(t -> t.getText().equals("S05 \u00b7 sample")));
        List<Tab> all = onFx(() -> List.copyOf(tabs(robot).getTabs()));
        Tab s05Tab = all.stream().filter(t -> t.getText().equals("S05 \u00b7 sample")).findFirst().orElseThrow();
        assertFalse(s05Tab.getStyleClass().contains("preview-tab"), "a double-clicked view is pinned");
        assertEquals(s05Tab, onFx(() -> tabs(robot).getSelectionModel().getSelectedItem()));

        robot.clickOn(cell(robot, node("Datasets", "sample")));
        waitUntil("the preview tab now shows the dataset", 30, () -> tabs(robot).getTabs().stream()
                .anyMatch(t -> t.getUserData() instanceof DatasetsView && t.getText().equals("sample")));
        assertEquals(2, onFx(() -> tabs(robot).getTabs().size()), "the preview tab was reused, not added");
    }

    @Test
    void keyboardShortcutsSwitchTheThemeAndCloseTabs(FxRobot robot) {
        waitUntil("the catalogue is listed", 30, () -> robot.lookup("#datasets-table").queryAs(TableView.class).getItems().size() == 1);
        robot.clickOn("#datasets-table");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("the dark theme is on", 20, () -> window.themeProperty().get() == Theme.DARK);
        assertTrue(onFx(() -> window.scene().getStylesheets().stream().anyMatch(s -> s.endsWith("/dark.css"))));
        assertFalse(onFx(() -> window.scene().getStylesheets().stream().anyMatch(s -> s.endsWith("/light.css"))));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("the light theme is back", 20, () -> window.themeProperty().get() == Theme.LIGHT);

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        waitUntil("Ctrl+2 shows the runs", 20, () -> tabs(robot).getSelectionModel().getSelectedItem().getText().equals("Runs"));
        robot.press(KeyCode.CONTROL, KeyCode.W).release(KeyCode.W, KeyCode.CONTROL);
        waitUntil("Ctrl+W closes the tab", 20, () -> tabs(robot).getTabs().isEmpty());
        assertTrue(FxTesting.texts(robot, ".empty-title").contains("Select a dataset, a record, a run or a task on the left."));
    }

    @Test
    void theWindowLayoutAndThemeAreRememberedInTheWorkspace() {
        onFx(() -> {
            window.setTheme(Theme.DARK);
            window.shutdown();
            return null;
        });
        Path file = workspace.directory().resolve(WindowState.FILE);
        assertTrue(Files.isRegularFile(file));
        WindowState saved = WindowState.load(file);
        assertEquals("dark", saved.theme());
        assertEquals(1400, saved.width(), 1);
        assertEquals(0.2, saved.divider(), 0.02);
    }
}
