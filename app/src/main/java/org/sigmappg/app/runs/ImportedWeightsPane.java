package org.sigmappg.app.runs;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Weights tab of an imported run's page: where the weights came from (file, SHA-256, the checkpoint's own
 * training arguments), the student they describe, and the import's table of the tensors loaded, ignored and missing.
 */
final class ImportedWeightsPane {
    private final GridPane source = facts("run-weights-source");
    private final GridPane architecture = facts("run-weights-architecture");
    private final TextArea args = new TextArea();
    private final Label summary = new Label();
    private final TableView<ImportedWeights.Row> table = new TableView<>();
    private final SplitPane root;
    private ImportedWeights shown;

    ImportedWeightsPane() {
        args.setId("run-weights-args");
        args.setEditable(false);
        args.setPrefRowCount(7);
        args.getStyleClass().add("command-line");
        HBox columns = new HBox(24, section("Source", source), section("Architecture (read off the tensors' shapes)", architecture));
        VBox top = new VBox(8, columns, section("The checkpoint's training arguments (args)", args));
        top.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(top);
        scroll.setFitToWidth(true);

        summary.setId("run-import-summary");
        summary.getStyleClass().add("section-title");
        Label about = new Label("Loaded: the tensor set our parameter (and how). Ignored: a duplicate the reference keeps twice (checked "
                + "equal), or a head its forward does not use. Missing: not in the file and not part of the backbone, left at its initial values.");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        about.getStyleClass().add("form-note");
        table.setId("run-import-report");
        TableColumn<ImportedWeights.Row, String> outcome = RunPageView.col("", 70, r -> r.outcome().word());
        outcome.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().remove("flagged");
                if (!empty && ImportedWeights.Outcome.MISSING.word().equals(item)) {
                    getStyleClass().add("flagged");
                }
            }
        });
        table.getColumns().add(outcome);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ImportedWeights.Row row, boolean empty) {
                super.updateItem(row, empty);
                // The notes are longer than their column.
                setTooltip(empty || row == null ? null : new Tooltip(row.reference() + "\n" + row.note()));
            }
        });
        table.getColumns().add(RunPageView.col("Tensor in the file", 330, ImportedWeights.Row::reference));
        table.getColumns().add(RunPageView.col("Our parameter", 220, ImportedWeights.Row::ours));
        table.getColumns().add(RunPageView.col("Shape", 120, ImportedWeights.Row::shape));
        table.getColumns().add(RunPageView.col("What was done, or why not", 560, ImportedWeights.Row::note));
        table.setPlaceholder(new Label("Reading the import report\u2026"));
        VBox report = new VBox(4, summary, about, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        report.setPadding(new Insets(6, 8, 8, 8));

        root = new SplitPane(scroll, report);
        root.setOrientation(Orientation.VERTICAL);
        root.setDividerPositions(0.5);
        root.setId("run-weights");
    }

    Node node() {
        return root;
    }

    /** Shows what the run's record and report say, or why they could not be read. */
    void show(ImportedWeights weights, String problem) {
        if (weights == null) {
            summary.setText("The import report could not be read: " + problem);
            summary.getStyleClass().add("error-text");
            table.setPlaceholder(new Label("No report."));
            return;
        }
        if (weights.equals(shown)) {
            return;
        }
        shown = weights;
        fill(source, weights.provenance());
        fill(architecture, weights.architecture());
        List<String> lines = weights.argumentLines();
        args.setText(lines.isEmpty() ? "The file kept no training arguments." : String.join("\n", lines));
        summary.setText(weights.summary());
        summary.getStyleClass().remove("error-text");
        table.getItems().setAll(weights.rows());
    }

    private static GridPane facts(String id) {
        GridPane g = new GridPane();
        g.setId(id);
        g.setHgap(10);
        g.setVgap(3);
        return g;
    }

    private static VBox section(String title, Node content) {
        Label l = new Label(title);
        l.getStyleClass().add("section-title");
        VBox box = new VBox(4, l, content);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    private static void fill(GridPane grid, List<ImportedWeights.Fact> facts) {
        grid.getChildren().clear();
        int row = 0;
        for (ImportedWeights.Fact f : facts) {
            Label k = new Label(f.label());
            k.setMinWidth(Region.USE_PREF_SIZE);
            TextField v = new TextField(f.value());
            v.setEditable(false);
            v.getStyleClass().add("plain-value");
            // The SHA-256 is 64 characters; the rest are short.
            v.setPrefColumnCount(Math.max(8, Math.min(66, f.value().length() + 2)));
            grid.addRow(row++, k, v);
        }
    }
}
