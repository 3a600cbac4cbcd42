package org.sigmappg.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.navigation.CodesTarget;
import org.sigmappg.app.codes.CodesView;
import org.sigmappg.app.navigation.MasksTarget;
import org.sigmappg.app.masks.MasksView;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.shell.WindowState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** At 1024 x 700 the buttons and labels keep their words and the Codes view's charts keep a plot: what gives way is text that can. */
@ExtendWith(ApplicationExtension.class)
class NarrowWindowFxTest {
    @TempDir
    static Path dir;
    static TinyRuns.Trained trained;
    MainWindow window;

    @BeforeAll
    static void train() throws Exception {
        trained = TinyRuns.train(dir);
    }

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, trained.workspace(), new WindowState(0, 0, 1024, 700, false, 0.2, "light"), MainWindow.standardViews(),
                FxTesting.NO_ENGINE);
        window.show();
    }

    /** Whether a labelled control shows its whole text: as wide as it wants to be. */
    private static boolean whole(FxRobot robot, String query) {
        return onFx(() -> {
            Labeled l = robot.lookup(query).queryAs(Labeled.class);
            return l.isVisible() && l.getWidth() + 0.5 >= l.prefWidth(-1);
        });
    }

    @Test
    void theStatusBarKeepsCancelWhole(FxRobot robot) {
        CountDownLatch release = new CountDownLatch(1);
        onFx(() -> window.background().start("Pre-training pre-0001 with a title long enough to crowd the status bar", true, monitor -> {
            monitor.message("epoch 5/100 loss 0.5182 recon 0.5151 codes in use 32/32, and more words of progress");
            release.await();
            return null;
        }, new BackgroundWork.Outcome<Object>() {
            @Override
            public void succeeded(Object result) {
            }

            @Override
            public void failed(Throwable error) {
            }
        }));
        try {
            waitUntil("the job shows", 30, () -> robot.lookup("#job-cancel").query().isVisible());
            assertTrue(whole(robot, "#job-cancel"), "Cancel is not cut to '...'");
        } finally {
            release.countDown();
        }
    }

    @Test
    void theMasksControlsKeepTheirWords(FxRobot robot) {
        onFx(() -> {
            window.open(new MasksTarget(trained.pretrain()), true);
            return null;
        });
        waitUntil("the masks are shown", 60, () -> window.selectedView().filter(v -> v instanceof MasksView m && !m.rows().isEmpty()).isPresent()
                && robot.lookup("#masks-play").tryQuery().isPresent());
        for (String control : new String[] {"#masks-play", "#masks-epoch-label", "#masks-cross"}) {
            assertTrue(whole(robot, control), control + " keeps its words");
        }
        Node epoch = onFx(() -> robot.lookup(".label").queryAllAs(Labeled.class).stream().filter(l -> "Epoch".equals(l.getText())).findFirst()
                .orElseThrow());
        assertTrue(onFx(() -> ((Labeled) epoch).getWidth() + 0.5 >= ((Labeled) epoch).prefWidth(-1)), "the Epoch label is not cut");
    }

    @Test
    void theCodesChartsKeepAPlot(FxRobot robot) {
        onFx(() -> {
            window.open(new CodesTarget(trained.tokenizer(), "sample"), true);
            return null;
        });
        waitUntil("the codes are shown", 60, () -> window.selectedView().filter(v -> v instanceof CodesView c && c.usage() != null).isPresent()
                && robot.lookup("#codes-health").tryQuery().isPresent());
        double health = onFx(() -> robot.lookup("#codes-health").query().getLayoutBounds().getHeight());
        assertTrue(health >= 180, "the 'Unused codes and ICR' chart is not squashed flat: " + health + " px high");
    }
}
