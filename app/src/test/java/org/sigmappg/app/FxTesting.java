package org.sigmappg.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.sigmappg.app.shell.EngineProbe;
import org.sigmappg.app.shell.WindowState;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for the headless GUI tests: a real main window over a test workspace, and waiting on the JavaFX thread. */
public final class FxTesting {
    /** An engine line that costs nothing; one test probes the real engine. */
    public static final Supplier<EngineProbe.EngineInfo> NO_ENGINE =
            () -> new EngineProbe.EngineInfo("CPU x1 \u00b7 test engine", "not probed in this test", true);

    private FxTesting() {
    }

    /** Opens the real main window on {@code stage} (call from a TestFX {@code @Start} method). */
    public static MainWindow show(Stage stage, Workspace workspace, Supplier<EngineProbe.EngineInfo> engine) {
        MainWindow w = new MainWindow(stage, workspace, new WindowState(Double.NaN, Double.NaN, 1400, 900, false, 0.2, "light"),
                MainWindow.standardViews(), engine);
        w.show();
        return w;
    }

    /** Waits until {@code condition}, evaluated on the JavaFX thread, holds; a node not on screen yet counts as not yet. */
    public static void waitUntil(String what, long seconds, Callable<Boolean> condition) {
        Callable<Boolean> lenient = () -> {
            try {
                return condition.call();
            } catch (org.testfx.service.query.EmptyNodeQueryException notYet) {
                return false;
            }
        };
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(lenient).get());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting until " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Runs {@code work} on the JavaFX thread and returns its result. */
    public static <T> T onFx(Callable<T> work) {
        try {
            return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("failed on the JavaFX thread", e);
        }
    }

    /** The texts of the showing labeled nodes (cells, labels, buttons) matching {@code query}. */
    public static List<String> texts(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).queryAll().stream().filter(Node::isVisible)
                .filter(n -> n instanceof Labeled).map(n -> ((Labeled) n).getText()).filter(t -> t != null && !t.isEmpty()).toList());
    }

    /** A temporary file path's text, for typing into a field. */
    public static String text(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
