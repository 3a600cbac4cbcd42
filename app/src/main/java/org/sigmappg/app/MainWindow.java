package org.sigmappg.app;

import java.io.IOException;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.Workspace;

/** The main window: navigation tree on the left, the selected view in the centre, status bar below. */
public final class MainWindow {
    private final Workspace workspace;
    private final BorderPane root = new BorderPane();

    public MainWindow(Workspace workspace) throws IOException {
        this.workspace = workspace;
        TreeItem<String> top = new TreeItem<>("Workspace");
        TreeItem<String> datasets = new TreeItem<>("Datasets");
        for (DatasetInfo d : new Catalogue(workspace).datasets()) {
            datasets.getChildren().add(new TreeItem<>(d.name()));
        }
        datasets.setExpanded(true);
        top.getChildren().add(datasets);
        top.setExpanded(true);
        TreeView<String> tree = new TreeView<>(top);
        tree.setShowRoot(false);
        root.setLeft(tree);
        root.setBottom(new Label("workspace: " + workspace.directory()));
    }

    public void show(Stage stage) {
        stage.setTitle("SIGMA-PPG Workbench");
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }
}
