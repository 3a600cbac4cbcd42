package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.run.Workspace;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** An empty datasets table says "no datasets" only once the catalogue has been read, never while it is being read. */
@ExtendWith(ApplicationExtension.class)
class EmptyCatalogueFxTest {
    @TempDir
    static Path dir;
    MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = FxTesting.show(stage, Workspace.open(dir.resolve("ws")), FxTesting.NO_ENGINE);
    }

    private static String placeholderTitle(TableView<?> table) {
        Node p = table.getPlaceholder();
        Node first = p instanceof VBox box ? box.getChildren().get(0) : p;
        return ((Label) first).getText();
    }

    @Test
    void theTableSaysItIsReadingUntilTheCatalogueHasBeenRead() {
        // Made and looked at in one go on the JavaFX thread: the catalogue's read cannot have answered yet.
        DatasetsView[] view = new DatasetsView[1];
        String first = onFx(() -> {
            view[0] = new DatasetsView(new DatasetsTarget(null, null), window);
            return placeholderTitle(view[0].catalogueTable());
        });
        TableView<?> table = view[0].catalogueTable();
        assertEquals("Reading the workspace\u2026", first);
        waitUntil("the empty catalogue is said", 30, () -> placeholderTitle(table).equals("No datasets in this workspace yet."));
    }
}
