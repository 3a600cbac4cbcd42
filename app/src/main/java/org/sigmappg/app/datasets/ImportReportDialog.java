package org.sigmappg.app.datasets;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import org.sigmappg.app.shell.WorkbenchContext;

/**
 * The outcome of an import: the headline, the files that were skipped or that stopped it (file, place,
 * problem; long texts wrap, so every message can be read whole) and the warnings. After a successful import it
 * offers to open the new dataset.
 */
public final class ImportReportDialog extends Dialog<ButtonType> {
    public static final ButtonType OPEN = new ButtonType("Open dataset", ButtonBar.ButtonData.OK_DONE);

    public ImportReportDialog(WorkbenchContext context, ImportReport report) {
        setTitle(report.succeeded() ? "Import finished" : "Import failed");
        context.prepare(this);
        getDialogPane().setId("import-report");
        setHeaderText(report.headline());
        setResizable(true);
        VBox box = new VBox(8);
        box.setPrefWidth(900);
        if (report.hint() != null) {
            Label hint = new Label(report.hint());
            hint.setId("import-report-hint");
            hint.setWrapText(true);
            box.getChildren().add(hint);
        }
        if (!report.problems().isEmpty()) {
            Label title = new Label(report.succeeded() ? "Skipped files" : "Problem");
            title.getStyleClass().add("section-title");
            TableView<ImportReport.Problem> table = new TableView<>();
            table.setId("import-report-problems");
            table.getColumns().add(column("File", 250, ImportReport.Problem::file));
            if (report.hasPlaces()) {
                table.getColumns().add(column("Where", 180, ImportReport.Problem::where));
            }
            TableColumn<ImportReport.Problem, String> what = column("Problem", 450, ImportReport.Problem::what);
            table.getColumns().add(what);
            table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            table.getItems().setAll(report.problems());
            // Rows grow with their wrapped text; room for a few lines each before the table scrolls.
            table.setPrefHeight(Math.min(320, 40 + 80 * report.problems().size()));
            VBox.setVgrow(table, Priority.ALWAYS);
            box.getChildren().addAll(title, table);
        }
        if (!report.warnings().isEmpty()) {
            Label title = new Label("Warnings (" + report.warnings().size() + ")");
            title.getStyleClass().add("section-title");
            ListView<String> warnings = new ListView<>();
            warnings.setId("import-report-warnings");
            warnings.getItems().setAll(report.warnings());
            warnings.setPrefHeight(Math.min(200, 30 + 24 * report.warnings().size()));
            box.getChildren().addAll(title, warnings);
        }
        getDialogPane().setContent(box);
        if (report.succeeded()) {
            getDialogPane().getButtonTypes().setAll(OPEN, ButtonType.CLOSE);
        } else {
            getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        }
    }

    private static TableColumn<ImportReport.Problem, String> column(String title, double width,
                                                                   java.util.function.Function<ImportReport.Problem, String> value) {
        TableColumn<ImportReport.Problem, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setCellFactory(col -> new WrappingCell(col));
        return c;
    }

    /** A cell whose text wraps at the column's width (a plain cell cuts a long message off with "..."). */
    private static final class WrappingCell extends TableCell<ImportReport.Problem, String> {
        private final Text text = new Text();

        WrappingCell(TableColumn<ImportReport.Problem, String> column) {
            text.wrappingWidthProperty().bind(column.widthProperty().subtract(14));
            text.fillProperty().bind(textFillProperty());
            text.fontProperty().bind(fontProperty());
            getStyleClass().add("wrapping-cell");
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            text.setText(empty || item == null ? "" : item);
            // Lookups and tests read a cell's text; the Text node draws it.
            setText(empty ? null : item);
            setGraphic(empty ? null : text);
        }
    }
}
