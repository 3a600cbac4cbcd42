package org.sigmappg.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.shell.EngineProbe;
import org.sigmappg.app.shell.NavNode;
import org.sigmappg.app.shell.NavigationSection;
import org.sigmappg.app.shell.ViewRegistry;
import org.sigmappg.app.shell.WindowState;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The first window shows its layout at once (menus, the tree's sections, the status bar) and fills in as the workspace
 * is read; the engine is loaded only after that, so its seconds of CPU do not hold up the first content.
 */
@ExtendWith(ApplicationExtension.class)
class FirstFrameFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    private final CountDownLatch slowSection = new CountDownLatch(1);
    private final AtomicInteger probes = new AtomicInteger();
    MainWindow window;

    @BeforeAll
    static void importSample() throws Exception {
        workspace = TestWorkspaces.withSample(dir);
    }

    /** A section that takes as long as the test wants, as a big workspace's catalogue does. */
    private final class SlowSection implements NavigationSection {
        @Override
        public String title() {
            return "Slow";
        }

        @Override
        public NavNode load(Workspace ws) throws IOException {
            try {
                slowSection.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new NavNode("Slow", null, "section", "section:slow", List.of(NavNode.leaf("read at last", null, "task", "slow:1")));
        }
    }

    @Start
    void start(Stage stage) {
        ViewRegistry registry = MainWindow.standardViews().addSection(new SlowSection());
        window = new MainWindow(stage, workspace, new WindowState(Double.NaN, Double.NaN, 1024, 700, false, 0.2, "light"), registry, () -> {
            probes.incrementAndGet();
            return FxTesting.NO_ENGINE.get();
        });
        window.show();
    }

    @AfterEach
    void release() {
        slowSection.countDown();
    }

    @Test
    void theSectionsShowAtOnceAndFillInAsTheyAreRead(FxRobot robot) {
        List<String> first = onFx(() -> window.navigationTree().getRoot().getChildren().stream().map(i -> i.getValue().text()).toList());
        assertEquals(List.of("Datasets", "Runs", "Tasks", "Slow"), first, "the sections are there before anything is read");
        assertTrue(onFx(() -> window.navigationTree().getRoot().getChildren().get(3).getChildren().get(0).getValue().text()).startsWith("reading"));
        assertTrue(onFx(() -> window.statusBar().isVisible() && window.statusBar().getHeight() > 0), "the status bar is laid out");

        // One section is slow: the window does not wait for it, and the engine waits for the workspace.
        waitUntil("the datasets view is filled", 30, () -> FxTesting.texts(robot, "#datasets-table .table-cell").contains("sample"));
        assertFalse(onFx(() -> window.treeRead()), "the tree is still being read");
        assertEquals(0, probes.get(), "the engine is not loaded while the workspace is being read");

        slowSection.countDown();
        waitUntil("the tree is read", 30, () -> window.treeRead());
        assertTrue(FxTesting.texts(robot, ".tree-cell").containsAll(List.of("sample  (12)", "read at last")));
        waitUntil("then the engine is probed", 30, () -> probes.get() == 1 && window.engineLabel().getText().startsWith("CPU x1"));
    }
}
