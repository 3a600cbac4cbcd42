package org.sigmappg.app;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCombination;
import org.sigmappg.app.datasets.ImportAction;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.app.navigation.EngineTarget;
import org.sigmappg.app.navigation.GlossaryTarget;
import org.sigmappg.app.navigation.NewEvaluationTarget;
import org.sigmappg.app.navigation.NewRunTarget;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.app.navigation.TasksTarget;
import org.sigmappg.app.runs.WeightsAction;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.run.BuildInfo;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;

/**
 * The main window's menu bar (File, Data, Train, Evaluate, View, Help) with its shortcuts, and the two dialogs the
 * Help menu opens: the keyboard and mouse shortcuts, and About.
 */
final class WorkbenchMenus {
    private final MainWindow window;
    private final MenuBar bar;

    WorkbenchMenus(MainWindow window) {
        this.window = window;
        this.bar = build();
    }

    MenuBar bar() {
        return bar;
    }

    private MenuBar build() {
        MainWindow w = window;
        Menu file = new Menu("_File");
        file.getItems().addAll(
                item("Import recordings\u2026", "Shortcut+I", () -> ImportAction.open(w, null)),
                item("Import pretrained weights\u2026", null, () -> WeightsAction.chooseAndImport(w)),
                item("Refresh", "F5", w::workspaceChanged),
                new SeparatorMenuItem(),
                item("Close tab", "Shortcut+W", w::closeSelectedTab),
                item("Close all tabs", "Shortcut+Shift+W", w::closeAllTabs),
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", w::quit));
        Menu data = new Menu("_Data");
        data.getItems().addAll(
                item("Datasets", "Shortcut+1", () -> w.open(DatasetsTarget.catalogue(), false)),
                item("Import recordings\u2026", null, () -> ImportAction.open(w, null)),
                item("Import the sample data", null, w::importSampleData),
                new SeparatorMenuItem(),
                item("Export windows (.npy)\u2026", null, w::exportWindows));
        Menu train = new Menu("_Train");
        train.getItems().addAll(
                item("Runs", "Shortcut+2", () -> w.open(new RunsTarget(null), false)),
                new SeparatorMenuItem(),
                item("New tokenizer run\u2026", "Shortcut+N", () -> w.open(new NewRunTarget(TokenizerTask.KIND, null, w.datasetInView()), true)),
                item("New pre-training run\u2026", "Shortcut+Shift+N",
                        () -> w.open(new NewRunTarget(PretrainTask.KIND, null, w.datasetInView()), true)));
        Menu evaluate = new Menu("_Evaluate");
        evaluate.getItems().addAll(item("Tasks", "Shortcut+3", () -> w.open(new TasksTarget(null), false)),
                new SeparatorMenuItem(),
                item("New evaluation\u2026", "Shortcut+E", () -> w.open(new NewEvaluationTarget(EvaluationTask.KIND), true)),
                item("New fine-tuning run\u2026", "Shortcut+Shift+E", () -> w.open(new NewEvaluationTarget(EvaluationTask.FINETUNE_KIND), true)));
        Menu view = new Menu("_View");
        view.getItems().addAll(
                item("Switch light/dark theme", "Shortcut+Shift+T", () -> w.setTheme(w.themeProperty().get().other())),
                new SeparatorMenuItem(),
                item("Zoom in", "Shortcut+Equals", () -> onView("zoom in", WorkbenchView::zoomIn)),
                item("Zoom out", "Shortcut+Minus", () -> onView("zoom out", WorkbenchView::zoomOut)),
                item("Reset zoom", "Shortcut+0", () -> onView("reset the zoom", WorkbenchView::resetZoom)),
                item("Find", "Shortcut+F", () -> onView("search", WorkbenchView::focusSearch)),
                new SeparatorMenuItem(),
                item("Next tab", "Shortcut+Page Down", () -> w.tabs().getSelectionModel().selectNext()),
                item("Previous tab", "Shortcut+Page Up", () -> w.tabs().getSelectionModel().selectPrevious()),
                item("Navigation tree", "F6", () -> w.navigationTree().requestFocus()));
        Menu help = new Menu("_Help");
        help.getItems().addAll(
                item("Keyboard and mouse", "F1", this::showShortcuts),
                item("Glossary", null, () -> w.open(new GlossaryTarget(null), false)),
                item("Engine and GPU\u2026", null, () -> w.open(new EngineTarget(), false)),
                item("About SIGMA-PPG Workbench", null, this::showAbout));
        MenuBar menus = new MenuBar(file, data, train, evaluate, view, help);
        menus.setId("menu-bar");
        return menus;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.valueOf(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private void onView(String what, Predicate<WorkbenchView> command) {
        Optional<WorkbenchView> v = window.selectedView();
        if (v.isEmpty() || !command.test(v.get())) {
            window.showStatus("This view has nothing to " + what + ".");
        }
    }

    private void showShortcuts() {
        TableView<String[]> table = new TableView<>();
        TableColumn<String[], String> keys = new TableColumn<>("Keys");
        keys.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue()[0]));
        keys.setPrefWidth(190);
        TableColumn<String[], String> what = new TableColumn<>("Does");
        what.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue()[1]));
        what.setPrefWidth(380);
        table.getColumns().add(keys);
        table.getColumns().add(what);
        for (Menu m : bar.getMenus()) {
            for (MenuItem i : m.getItems()) {
                if (i.getAccelerator() != null) {
                    table.getItems().add(new String[] {i.getAccelerator().getDisplayText(), m.getText().replace("_", "") + " > " + i.getText()});
                }
            }
        }
        table.getItems().addAll(List.of(
                new String[] {"Click / double-click", "Navigation: open in the preview tab / in a tab of its own"},
                new String[] {"Enter", "Navigation or records table: open in a tab of its own"},
                new String[] {"Mouse wheel", "Signal explorer: zoom about the mouse"},
                new String[] {"Drag", "Signal explorer: pan"},
                new String[] {"Double-click", "Signal explorer: whole record"},
                new String[] {"\u2190 \u2192 + \u2212 Home", "Signal explorer: pan, zoom, whole record"},
                new String[] {"Click a tile or a bar", "Codes: list every place of the code"},
                new String[] {"Double-click a place, Enter", "Codes: open the place in the explorer with the code marked"},
                new String[] {"Click / double-click a window", "Masks: compare its masks / open it in the explorer"},
                new String[] {"\u2190 \u2192 on the epoch slider", "Masks: previous / next epoch"}));
        table.setPrefHeight(480);
        Alert a = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        a.setTitle("Keyboard and mouse");
        a.setHeaderText("Keyboard and mouse");
        window.prepare(a);
        a.getDialogPane().setContent(table);
        a.show();
    }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        a.setTitle("About");
        a.setHeaderText("SIGMA-PPG Workbench " + BuildInfo.version());
        Label text = new Label("A workbench for PPG foundation models: bring recordings, look at them, train and fine-tune "
                + "SIGMA-PPG, inspect what it learned.\n\nWorkspace: " + window.workspace().directory() + "\nEngine: " + window.engineLabel().getText()
                + "\nJava " + System.getProperty("java.version") + ", JavaFX " + System.getProperty("javafx.runtime.version"));
        text.setWrapText(true);
        text.setMaxWidth(520);
        a.getDialogPane().setContent(text);
        window.prepare(a);
        a.show();
    }
}
