package org.sigmappg.app.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.shell.EngineProbe;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Clicking the engine in the menu bar opens the engine panel, which shows the real engine and how to switch to CUDA. */
@ExtendWith(ApplicationExtension.class)
class EngineViewFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    MainWindow window;

    @BeforeAll
    static void sample() throws Exception {
        workspace = TestWorkspaces.withSample(dir);
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, EngineProbe::probe);
    }

    @Test
    void theEnginePanelShowsEngineVersionDeviceAndTheCudaSteps(FxRobot robot) {
        waitUntil("the engine is probed", 60, () -> !window.engineLabel().getText().contains("loading"));
        robot.clickOn("#engine-label");
        waitUntil("the panel shows the engine", 60, () -> window.selectedView().filter(v -> v instanceof EngineView)
                .map(v -> ((EngineView) v).report() != null).orElse(false));
        String engine = onFx(() -> robot.lookup("#engine-engine").queryAs(TextField.class).getText());
        String device = onFx(() -> robot.lookup("#engine-device").queryAs(TextField.class).getText());
        String library = onFx(() -> robot.lookup("#engine-native-library").queryAs(TextField.class).getText());
        assertTrue(engine.startsWith("PyTorch 2."), engine);
        assertTrue(window.engineLabel().getText().endsWith(engine), window.engineLabel().getText() + " vs " + engine);
        assertTrue(device.startsWith("CPU") || device.startsWith("GPU "), "the device in words, not cpu(): " + device);
        assertTrue(library.contains("pytorch-native-") || library.contains("PYTORCH_LIBRARY_PATH"), library);
        assertTrue(onFx(() -> robot.lookup("#engine-env-line").queryAs(TextField.class).getText()).contains("PYTORCH_FLAVOR=cu128"));
    }
}
