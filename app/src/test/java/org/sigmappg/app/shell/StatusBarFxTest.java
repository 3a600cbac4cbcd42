package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sigmappg.run.CancelledException;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Background work in the status bar: its title, message and progress while it runs, and Cancel stopping it. */
@ExtendWith(ApplicationExtension.class)
class StatusBarFxTest {
    BackgroundWork work;
    StatusBar bar;

    @Start
    void start(Stage stage) {
        work = new BackgroundWork();
        bar = new StatusBar(work, "/tmp/workspace");
        stage.setScene(new Scene(bar, 1000, 40));
        stage.show();
    }

    @Test
    void aJobShowsItsProgressAndCancelStopsIt(FxRobot robot) {
        AtomicReference<String> outcome = new AtomicReference<>("running");
        // A listener that hangs on a garbage-collectable view of the job list is lost here.
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        onFx(() -> work.start("Import ward3", true, monitor -> {
            monitor.begin("importing ward3", 1000);
            for (int i = 0; i < 1000; i++) {
                if (monitor.isCancelled()) {
                    throw new CancelledException("import of ward3");
                }
                monitor.message("bed" + i + ".csv");
                monitor.worked(1);
                Thread.sleep(i < 100 ? 5 : 50);
            }
            return "done";
        }, new BackgroundWork.Outcome<String>() {
            @Override
            public void succeeded(String result) {
                outcome.set(result);
            }

            @Override
            public void failed(Throwable error) {
                outcome.set("failed");
            }

            @Override
            public void cancelled() {
                outcome.set("cancelled");
            }
        }));
        waitUntil("the job's progress shows", 20, () -> robot.lookup("#job-progress").queryAs(ProgressBar.class).getProgress() > 0.05);
        assertEquals("Import ward3", robot.lookup("#job-title").queryAs(Label.class).getText());
        String message = onFx(() -> robot.lookup("#job-message").queryAs(Label.class).getText());
        assertTrue(message.matches("importing ward3: bed\\d+\\.csv \\(\\d+/1000\\)"), message);
        assertTrue(onFx(() -> robot.lookup("#job").query().isVisible()));
        robot.clickOn("#job-cancel");
        assertEquals("cancelling\u2026", onFx(() -> robot.lookup("#job-message").queryAs(Label.class).getText()));
        waitUntil("the job stops", 20, () -> "cancelled".equals(outcome.get()));
        waitUntil("the job leaves the status bar", 20, () -> !robot.lookup("#job").query().isVisible());
        assertFalse(onFx(() -> robot.lookup("#job").query().isManaged()));
        assertEquals(0, (int) onFx(() -> work.busyProperty().get()));
    }
}
