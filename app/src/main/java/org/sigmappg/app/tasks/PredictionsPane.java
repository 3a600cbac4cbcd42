package org.sigmappg.app.tasks;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.sigmappg.app.datasets.NaturalOrder;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.eval.EvaluationResult;
import org.sigmappg.eval.LabelSource;

/**
 * The dashboard's predictions: the tab with the out-of-fold predictions pooled per subject (per record for a
 * record-level task), sortable, and the menu that saves them as CSV, per window as stored or pooled.
 */
final class PredictionsPane {
    private final WorkbenchContext context;
    private final String run;
    private final TableView<PredictionTable.Row> table = new TableView<>();
    private TaskDashboardModel model;

    PredictionsPane(WorkbenchContext context, String run) {
        this.context = context;
        this.run = run;
    }

    /** Takes the results read; call before the tab and the menu are built. */
    void show(TaskDashboardModel m) {
        model = m;
    }

    TableView<PredictionTable.Row> table() {
        return table;
    }

    String tabName() {
        return "Per " + model.pooledUnit();
    }

    /** The menu that saves the predictions as CSV, per window as stored or pooled per subject (record). */
    MenuButton menu() {
        MenuItem windows = new MenuItem("Predictions per window, as stored\u2026");
        windows.setId("dashboard-export-windows");
        windows.setOnAction(e -> choosePredictionsFile(false));
        MenuItem pooled = new MenuItem("Predictions per " + model.pooledUnit() + "\u2026");
        pooled.setId("dashboard-export-pooled");
        pooled.setOnAction(e -> choosePredictionsFile(true));
        MenuButton menu = new MenuButton("Export CSV", null, windows, pooled);
        menu.setId("dashboard-export-predictions");
        menu.setDisable(model.predictions().isEmpty());
        menu.setTooltip(new Tooltip(model.predictions().isPresent() ? "Save the out-of-fold predictions as CSV: every window's as the run "
                + "stored them, or one row per " + model.pooledUnit() + " (the table of the " + tabName() + " tab)"
                : model.predictionsProblem()));
        return menu;
    }

    private void choosePredictionsFile(boolean pooled) {
        String grain = pooled ? "per " + model.pooledUnit() : "per window";
        context.files().save(context.window(), "Export the predictions " + grain, run + "-predictions-" + grain.replace(' ', '-') + ".csv",
                List.of(new FileChooser.ExtensionFilter("CSV file", "*.csv"))).ifPresent(f -> export(f, pooled, p -> { }));
    }

    /**
     * Writes the predictions to {@code file} in the background: {@code pooled}, one row per subject (record) as the table shows
     * them, else the run's per-window file as stored; {@code then} gets the file written.
     */
    void export(Path file, boolean pooled, Consumer<Path> then) {
        PredictionTable table = model.predictions().orElseThrow();
        LabelSource level = model.labelLevel();
        context.background().read(() -> {
            if (pooled) {
                table.writePooled(file, level);
            } else {
                table.writeWindows(file);
            }
            return file;
        }, written -> {
            context.showStatus("Saved " + written);
            then.accept(written);
        }, error -> context.showError("The predictions could not be written to " + file, error));
    }

    Node node() {
        Label about = new Label(model.predictions().isPresent() ? model.pooledDescription() : "No predictions to show: " + model.predictionsProblem());
        about.setWrapText(true);
        about.getStyleClass().add("view-subtitle");
        about.setId("dashboard-predictions-about");
        table.setId("dashboard-predictions");
        EvaluationResult r = model.result();
        List<PredictionTable.Row> rows = model.pooledPredictions();
        TableColumn<PredictionTable.Row, PredictionTable.Row> subject = TableTools.sortable(rows, "Subject", false, PredictionTable.Row::subject,
                Comparator.comparing(PredictionTable.Row::subject, NaturalOrder.INSTANCE));
        table.getColumns().add(subject);
        if (model.labelLevel() == LabelSource.RECORD) {
            table.getColumns().add(TableTools.sortable(rows, "Record", false, PredictionTable.Row::record,
                    Comparator.comparing(PredictionTable.Row::record, NaturalOrder.INSTANCE)));
        }
        table.getColumns().add(TableTools.sortable(rows, "Fold", true, row -> Integer.toString(row.fold()), Comparator.comparingInt(PredictionTable.Row::fold)));
        table.getColumns().add(TableTools.sortable(rows, "Windows", true, row -> Integer.toString(row.windows()),
                Comparator.comparingInt(PredictionTable.Row::windows)));
        boolean classes = r.task().isClassification();
        String unit = r.task().unit() == null || r.task().unit().isBlank() ? "" : " (" + r.task().unit().strip() + ")";
        table.getColumns().add(TableTools.sortable(rows, "True " + r.task().label() + unit, !classes, model::truthText, classes
                ? Comparator.comparing(model::truthText) : Comparator.comparingDouble(PredictionTable.Row::truth)));
        List<String> methods = model.methods();
        for (int i = 0; i < methods.size(); i++) {
            int m = i;
            table.getColumns().add(TableTools.sortable(rows, methods.get(m), !classes, row -> model.predictionText(row, m), classes
                    ? Comparator.<PredictionTable.Row>comparingInt(row -> row.predictedClass(m)).thenComparingDouble(row -> row.predictions()[m][row.predictedClass(m)])
                    : Comparator.comparingDouble(row -> row.predictions()[m][0])));
            table.getColumns().add(TableTools.sortable(rows, methods.get(m) + (classes ? " wrong" : " error"), true, row -> model.errorText(row, m),
                    classes ? Comparator.comparingInt(row -> row.wrong()[m]) : Comparator.comparingDouble(row -> row.error(m))));
        }
        table.getItems().setAll(rows);
        // Subjects in their natural order (S2 before S10), as the datasets view lists them, until a column is clicked.
        table.getSortOrder().setAll(List.of(subject));
        VBox box = new VBox(6, about, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return box;
    }
}
