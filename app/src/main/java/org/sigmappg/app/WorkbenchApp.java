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
import org.sigmappg.app.shell.OpenFailureDialog;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WindowState;
import org.sigmappg.app.shell.WorkbenchSettings;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.run.Workspace;

/**
 * The JavaFX workbench: one main window over a workspace, given as {@code --workspace DIR}, else by the
 * {@code sigmappg.workspace} system property, else {@link Workspace#defaultDirectory()}. The workspace is
 * opened (and its database migrated) on the launcher thread before the window appears, so the JavaFX thread
 * never waits for it. With {@value ScreenshotTour#PROPERTY} set it shows each view, saves a PNG of it and exits.
 */
public class WorkbenchApp extends Application {
    /** The workbench's settings as read at the start, and the intra-op threads they gave the engine. */
    private static WorkbenchSettings settings;
    private static int threads;
    private Path directory;
    private Workspace workspace;
    private WindowState state;
    private IOException openFailure;
    private MainWindow window;

    /** A workspace opened with the window state saved in it. */
    private record Opened(Workspace workspace, WindowState state) {
        static Opened open(Path directory) throws IOException {
            Workspace ws = Workspace.open(directory);
            return new Opened(ws, WindowState.load(ws.directory().resolve(WindowState.FILE)));
        }
    }

    @Override
    public void init() {
        directory = workspaceDirectory(getParameters().getRaw());
        try {
            Opened opened = Opened.open(directory);
            workspace = opened.workspace();
            state = opened.state();
        } catch (IOException e) {
            openFailure = e;
        }
    }

    @Override
    public void start(Stage stage) {
        if (openFailure != null) {
            // No window shows while a restore runs; the application must outlive the dialog meanwhile.
            Platform.setImplicitExit(false);
            OpenFailureDialog.show(directory, Theme.LIGHT, openFailure, () -> Opened.open(directory), opened -> {
                Platform.setImplicitExit(true);
                workspace = opened.workspace();
                state = opened.state();
                showMainWindow(stage);
            }, Platform::exit);
            return;
        }
        showMainWindow(stage);
    }

    private void showMainWindow(Stage stage) {
        window = new MainWindow(stage, workspace, state, MainWindow.standardViews(), EngineProbe::probe);
        Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> {
            // The trace goes to the console for a bug report; the user gets the readable dialog.
            error.printStackTrace();
            window.showError("Something went wrong in the workbench", error);
        });
        window.show();
        sayStartNotes();
        String shots = System.getProperty(ScreenshotTour.PROPERTY);
        if (shots != null && !shots.isBlank()) {
            new ScreenshotTour(window, Path.of(shots)).start();
        }
    }

    /**
     * Says in the status bar (and on standard error) what the start found worth saying: an unreadable settings file, more
     * threads than idle cores. Read off the JavaFX thread after the window shows: the load average takes the JVM's
     * management classes, a second on a busy machine.
     */
    private void sayStartNotes() {
        if (settings == null) {
            // Started without main (a test): nothing was read.
            return;
        }
        WorkbenchSettings read = settings;
        int asked = threads;
        window.background().read(() -> {
            List<String> notes = new java.util.ArrayList<>();
            read.fileProblem().ifPresent(notes::add);
            DeviceChoice.threadAdvice(asked).ifPresent(n -> notes.add(n + " (Help > Engine sets the threads for training)"));
            notes.forEach(n -> System.err.println("note: " + n));
            return notes;
        }, notes -> {
            if (!notes.isEmpty()) {
                window.showStatus("Note: " + String.join("; ", notes));
            }
        }, error -> { });
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
        // Before the engine probe loads the engine (javafx:run starts here too): the workbench's thread setting, then the
        // thread count it asks PyTorch for, with a note when that exceeds the cores other work leaves idle.
        settings = WorkbenchSettings.load(WorkbenchSettings.defaultFile());
        settings.applyThreads();
        threads = DeviceChoice.configureThreads();
        Optional<String> noDisplay = DisplayCheck.problem();
        if (noDisplay.isPresent()) {
            System.err.println("error: the workbench cannot start: " + noDisplay.get()
                    + "; the headless commands work anywhere (sigma-ppg --help)");
            System.exit(1);
        }
        launch(WorkbenchApp.class, args);
    }
}
