package org.sigmappg.app;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;
import org.sigmappg.run.Workspace;

/** The JavaFX workbench: one main window over a workspace. */
public class WorkbenchApp extends Application {
    @Override
    public void start(Stage stage) throws Exception {
        Path dir = Workspace.defaultDirectory();
        MainWindow window = new MainWindow(Workspace.open(dir));
        window.show(stage);
    }

    public static void main(String[] args) {
        launch(WorkbenchApp.class, args);
    }
}
