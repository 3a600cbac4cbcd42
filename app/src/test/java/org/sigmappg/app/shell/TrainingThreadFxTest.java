package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Training jobs run at the training priority; other background work, and the progress timer, at the window's. */
@ExtendWith(ApplicationExtension.class)
class TrainingThreadFxTest {
    BackgroundWork work;

    @Start
    void start(Stage stage) {
        work = new BackgroundWork();
    }

    private OptionalInt niceOf(boolean training) {
        AtomicReference<OptionalInt> seen = new AtomicReference<>();
        BackgroundWork.Work<Object> w = monitor -> {
            // Progress reported from the job starts the timer thread if nothing did before.
            monitor.message("working");
            seen.set(ThreadPriority.currentNice());
            return null;
        };
        BackgroundWork.Outcome<Object> ignore = new BackgroundWork.Outcome<>() {
            @Override
            public void succeeded(Object result) {
            }

            @Override
            public void failed(Throwable error) {
            }
        };
        onFx(() -> training ? work.startTraining("train", w, ignore) : work.start("read", true, w, ignore));
        waitUntil("the job ran", 30, () -> seen.get() != null);
        return seen.get();
    }

    @Test
    void trainingIsLoweredAndNothingElse() throws Exception {
        OptionalInt window = onFx(ThreadPriority::currentNice);
        assumeTrue(window.isPresent(), "Linux only");
        assertEquals(OptionalInt.of(Math.max(window.getAsInt(), ThreadPriority.TRAINING_NICE)), niceOf(true));
        assertEquals(window, niceOf(false), "an import or a read runs at the window's priority");
        // The progress timer delivers the window's updates: it must not have inherited the training thread's priority.
        Thread progress = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("workbench-progress")).findFirst()
                .orElseThrow();
        assertEquals(window, niceOfThread(progress));
        work.shutdown();
    }

    private static OptionalInt niceOfThread(Thread t) throws Exception {
        // The kernel's thread of a Java thread, by its name (the kernel keeps the first 15 characters).
        String comm = t.getName().substring(0, Math.min(15, t.getName().length()));
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                if (java.nio.file.Files.readString(task.resolve("comm")).trim().equals(comm)) {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    return OptionalInt.of(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
                }
            }
        }
        return OptionalInt.empty();
    }
}
