package org.sigmappg.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.sigmappg.app.shell.DisplayCheck;
import org.sigmappg.app.shell.EngineProbe;
import org.sigmappg.app.shell.ErrorDialogs;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WindowState;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.run.Workspace;

/**
 * The JavaFX workbench: one main window over a workspace, given as {@code --workspace DIR}, else by the
 * {@code sigmappg.workspace} system property, else {@link Workspace#defaultDirectory()}. The workspace is
 * opened (and its database migrated) on the launcher thread before the window appears, so the JavaFX thread
 * never waits for it. With {@value ScreenshotTour#PROPERTY} set it shows each view, saves a PNG of it and exits.
 */
public class WorkbenchApp extends Application {
    private Path directory;
    private Workspace workspace;
    private WindowState state;
    private IOException openFailure;
    private MainWindow window;

    @Override
    public void init() {
        directory = workspaceDirectory(getParameters().getRaw());
        try {
            workspace = Workspace.open(directory);
            state = WindowState.load(workspace.directory().resolve(WindowState.FILE));
        } catch (IOException e) {
            openFailure = e;
        }
    }

    @Override
    public void start(Stage stage) {
        if (openFailure != null) {
            ErrorDialogs.show(null, Theme.LIGHT, "The workspace " + directory + " could not be opened", openFailure)
                    .setOnHidden(e -> Platform.exit());
            return;
        }
        window = new MainWindow(stage, workspace, state, MainWindow.standardViews(), EngineProbe::probe);
        Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> {
            // The trace goes to the console for a bug report; the user gets the readable dialog.
            error.printStackTrace();
            window.showError("Something went wrong in the workbench", error);
        });
        window.show();
        String shots = System.getProperty(ScreenshotTour.PROPERTY);
        if (shots != null && !shots.isBlank()) {
            new ScreenshotTour(window, Path.of(shots)).start();
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
    }

    /** The workspace folder named by the arguments ({@code --workspace DIR} or {@code --workspace=DIR}), else the default. */
    static Path workspaceDirectory(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--workspace") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (a.startsWith("--workspace=")) {
                return Path.of(a.substring("--workspace=".length()));
            }
        }
        return Workspace.defaultDirectory();
    }

    public static void main(String[] args) {
        // Before the engine probe loads the engine (javafx:run starts here, not in the Launcher).
        DeviceChoice.configureThreads();
        Optional<String> noDisplay = DisplayCheck.problem();
        if (noDisplay.isPresent()) {
            System.err.println("error: the workbench cannot start: " + noDisplay.get()
                    + "; the headless commands work anywhere (sigma-ppg --help)");
            System.exit(1);
        }
        launch(WorkbenchApp.class, args);
    }
}
