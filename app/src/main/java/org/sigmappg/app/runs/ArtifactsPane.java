package org.sigmappg.app.runs;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.run.RunStore;

/** The Artifacts tab of a run's page: the files the run wrote (checkpoints, codes, inspection data) with their hashes. */
final class ArtifactsPane {
    private final WorkbenchContext context;
    private final TableView<RunStore.Artifact> table = new TableView<>();

    ArtifactsPane(WorkbenchContext context) {
        this.context = context;
    }

    void show(List<RunStore.Artifact> artifacts) {
        table.getItems().setAll(artifacts);
    }

    Node node() {
        table.setId("run-artifacts");
        table.getColumns().add(RunPageView.col("Name", 150, RunStore.Artifact::name));
        table.getColumns().add(RunPageView.col("Kind", 90, RunStore.Artifact::kind));
        table.getColumns().add(RunPageView.col("Size", 90, a -> bytes(a.bytes())));
        table.getColumns().add(RunPageView.col("SHA-256", 160, a -> a.sha256() == null ? "" : a.sha256().substring(0, Math.min(16, a.sha256().length())) + "\u2026"));
        table.getColumns().add(RunPageView.col("Created", 150, a -> RunRow.when(a.created(), ZoneId.systemDefault())));
        table.getColumns().add(RunPageView.col("File", 420, a -> a.path().toString()));
        table.setPlaceholder(new Label("No artifacts yet: checkpoints, codes and inspection data are listed here once written."));
        Button copyPath = new Button("Copy path");
        copyPath.setId("run-copy-artifact");
        copyPath.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        copyPath.setOnAction(e -> RunPageView.copy(context, table.getSelectionModel().getSelectedItem().path().toString(), "path"));
        VBox box = new VBox(4, table, copyPath);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(4));
        return box;
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
}
