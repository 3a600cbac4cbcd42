package org.sigmappg.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.sigmappg.app.datasets.DatasetsTarget;
import org.sigmappg.app.datasets.ImportAction;
import org.sigmappg.app.runs.RunsTarget;
import org.sigmappg.app.shell.SampleData;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.signal.RecordTarget;
import org.sigmappg.app.signal.SignalExplorerView;
import org.sigmappg.app.tasks.TasksTarget;
import org.sigmappg.data.ImportRequest;

/**
 * The screenshot mode behind {@code scripts/screenshots.sh}: with the system property {@value #PROPERTY} set
 * to a folder, the workbench opens each view in turn on the workspace's data, waits until it has loaded and
 * drawn, writes a PNG of the window (or of the dialog on top) through JavaFX's own snapshot, and exits.
 */
final class ScreenshotTour {
    static final String PROPERTY = "sigmappg.screenshots";
    private static final long TIMEOUT_MS = 60_000;

    private final MainWindow window;
    private final Path out;
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private int failures;

    ScreenshotTour(MainWindow window, Path out) {
        this.window = window;
        this.out = out;
    }

    void start() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            System.err.println("screenshots: cannot create " + out + ": " + e.getMessage());
            Platform.exit();
            return;
        }
        step("01-datasets", () -> window.open(new DatasetsTarget("sample", null), false), () -> rows("#records-table") == 12);
        step("02-subject-labels", () -> {
            window.open(new DatasetsTarget("ppgbp", null), false);
            ((TabPane) window.scene().lookup("#dataset-tabs")).getSelectionModel().select(1);
        }, () -> rows("#subjects-table") > 0);
        step("03-explorer-S08", () -> window.open(new RecordTarget("sample", "S08"), true), this::explorerDrawn);
        step("04-explorer-S08-zoomed", () -> explorer().ifPresent(v -> {
            v.showRange(172, 212);
            v.hoverAt(203.5);
        }), this::explorerDrawn);
        step("05-explorer-S10-spo2", () -> window.open(new RecordTarget("sample", "S10"), true), this::explorerDrawn);
        shot("06-import-dialog", () -> ImportAction.open(window, SampleData.locate().orElse(null)), () -> dialog() != null, true);
        shot("07-import-failed", this::importBrokenFile, () -> dialog() != null, true);
        step("08-tasks", () -> window.open(new TasksTarget(null), true), () -> rows("#tasks-table") > 0);
        step("09-runs", () -> window.open(new RunsTarget(null), true), () -> window.scene().lookup("#runs-table") != null);
        step("10-explorer-dark", () -> {
            window.setTheme(Theme.DARK);
            window.open(new RecordTarget("sample", "S08"), true);
            explorer().ifPresent(SignalExplorerView::resetZoom);
        }, this::explorerDrawn);
        step("11-datasets-dark", () -> window.open(new DatasetsTarget("sample", null), true), () -> rows("#records-table") == 12);
        steps.add(() -> {
            window.setTheme(Theme.LIGHT);
            System.out.println("screenshots: done, " + failures + " problem(s)");
            window.shutdown();
            Platform.exit();
        });
        // Let the first import (an empty workspace imports the sample data) finish before the tour begins.
        window.whenIdle(this::next);
    }

    private void step(String name, Runnable action, BooleanSupplier ready) {
        shot(name, action, ready, false);
    }

    private void shot(String name, Runnable action, BooleanSupplier ready, boolean ofDialog) {
        steps.add(() -> {
            action.run();
            waitUntil(ready, System.currentTimeMillis(), () -> window.whenIdle(() -> settle(() -> {
                save(name, ofDialog);
                next();
            })));
        });
    }

    private void next() {
        Runnable s = steps.poll();
        if (s != null) {
            s.run();
        }
    }

    private void waitUntil(BooleanSupplier ready, long since, Runnable then) {
        if (ready.getAsBoolean()) {
            then.run();
            return;
        }
        if (System.currentTimeMillis() - since > TIMEOUT_MS) {
            failures++;
            System.err.println("screenshots: a view did not become ready in " + TIMEOUT_MS / 1000 + " s; saving it as it is");
            then.run();
            return;
        }
        PauseTransition p = new PauseTransition(Duration.millis(100));
        p.setOnFinished(e -> waitUntil(ready, since, then));
        p.play();
    }

    /** Gives layout, CSS and the chart's render pulse time to finish (software rendering is slow). */
    private static void settle(Runnable then) {
        PauseTransition p = new PauseTransition(Duration.millis(700));
        p.setOnFinished(e -> then.run());
        p.play();
    }

    private void save(String name, boolean ofDialog) {
        Stage dialog = ofDialog ? dialog() : null;
        Scene scene = dialog != null ? dialog.getScene() : window.scene();
        WritableImage image = scene.snapshot(null);
        Path file = out.resolve(name + ".png");
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            System.out.println("screenshots: " + file);
        } catch (IOException e) {
            failures++;
            System.err.println("screenshots: cannot write " + file + ": " + e.getMessage());
        }
        if (dialog != null) {
            dialog.close();
        }
    }

    private Stage dialog() {
        for (Window w : Window.getWindows()) {
            if (w instanceof Stage s && w != window.stage() && w.isShowing()) {
                return s;
            }
        }
        return null;
    }

    private int rows(String id) {
        return window.scene().lookup(id) instanceof TableView<?> t ? t.getItems().size() : -1;
    }

    private java.util.Optional<SignalExplorerView> explorer() {
        return window.selectedView().filter(SignalExplorerView.class::isInstance).map(SignalExplorerView.class::cast);
    }

    private boolean explorerDrawn() {
        return explorer().map(v -> v.model() != null && v.patchRenderer().renders() > 0 && v.waveformDataSet().getDataCount() > 0)
                .orElse(false);
    }

    private void importBrokenFile() {
        try {
            Path dir = Files.createTempDirectory("sigma-ppg-broken");
            Path bad = dir.resolve("ward3_bed12.csv");
            Files.writeString(bad, "time,pleth\n0.00,512\n0.01,not-a-number\n0.02,515\n", StandardCharsets.UTF_8);
            bad.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            ImportAction.run(window, ImportRequest.of(bad, "ward3"), true);
        } catch (IOException e) {
            failures++;
            System.err.println("screenshots: cannot write the broken example file: " + e.getMessage());
        }
    }
}
