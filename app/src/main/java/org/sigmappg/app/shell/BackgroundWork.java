package org.sigmappg.app.shell;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.sigmappg.run.CancelledException;
import org.sigmappg.run.ProgressMonitor;

/**
 * Runs the workbench's slow work (imports, reading a record, listing the catalogue) on named daemon threads,
 * never on the JavaFX thread, and reports back on the JavaFX thread. Long work becomes a {@link Job} that the
 * status bar shows with its progress and a Cancel button; short reads run without one.
 */
public final class BackgroundWork {
    /** Work that reports progress and checks for cancellation. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressMonitor monitor) throws Exception;
    }

    /** What became of a job, for its caller. */
    public interface Outcome<T> {
        void succeeded(T result);

        void failed(Throwable error);

        /** The user cancelled the job; nothing was changed. */
        default void cancelled() {
        }
    }

    private static final long PROGRESS_INTERVAL_MS = 100;

    private final ExecutorService pool = Executors.newCachedThreadPool(named("workbench-work"));
    // One thread for training, at a lower priority (ThreadPriority); it does nothing else, since it cannot be raised again.
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> named("workbench-training").newThread(() -> {
        ThreadPriority.lowerCurrentThread(ThreadPriority.TRAINING_NICE);
        r.run();
    }));
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("workbench-progress"));
    private final ObservableList<Job> jobs = FXCollections.observableArrayList();
    // One read-only view, kept: a view listens to the list only weakly, so a listener added to a fresh view
    // each call is lost as soon as that view is garbage-collected (the status bar then stopped updating).
    private final ObservableList<Job> jobsView = FXCollections.unmodifiableObservableList(jobs);
    private final ReadOnlyIntegerWrapper busy = new ReadOnlyIntegerWrapper(this, "busy", 0);

    public BackgroundWork() {
        // Started here, on the JavaFX thread: a thread inherits its creator's priority, and the training thread, whose
        // progress it delivers, would otherwise start it at that thread's lowered one.
        timer.prestartAllCoreThreads();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The jobs running now, oldest first (JavaFX thread only). */
    public ObservableList<Job> jobs() {
        return jobsView;
    }

    /** Number of jobs and reads under way; 0 when the workbench is idle (JavaFX thread only). */
    public ReadOnlyIntegerProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Starts a job shown in the status bar. Call on the JavaFX thread; {@code outcome} is called on it. */
    public <T> Job start(String title, boolean cancellable, Work<T> work, Outcome<T> outcome) {
        return start(title, cancellable, work, outcome, pool);
    }

    /**
     * Starts a training job as {@link #start} does, on the one training thread, whose priority is lowered so that the
     * window stays responsive while it trains; jobs started while another trains wait for it.
     */
    public <T> Job startTraining(String title, Work<T> work, Outcome<T> outcome) {
        return start(title, true, work, outcome, training);
    }

    private <T> Job start(String title, boolean cancellable, Work<T> work, Outcome<T> outcome, ExecutorService executor) {
        Job job = new Job(title, cancellable, new ThrottledProgress.Snapshot("", -1, 0, "starting"),
                j -> new ThrottledProgress(PROGRESS_INTERVAL_MS, timer, Platform::runLater, s -> {
                    if (jobs.contains(j)) {
                        j.show(s);
                    }
                }));
        jobs.add(job);
        busy.set(busy.get() + 1);
        executor.execute(() -> {
            try {
                T result = work.run(job.monitor());
                Platform.runLater(() -> {
                    finish(job);
                    outcome.succeeded(result);
                });
            } catch (CancelledException e) {
                Platform.runLater(() -> {
                    finish(job);
                    outcome.cancelled();
                });
            } catch (Throwable e) {
                Platform.runLater(() -> {
                    finish(job);
                    if (job.isCancelled()) {
                        outcome.cancelled();
                    } else {
                        outcome.failed(e);
                    }
                });
            }
        });
        return job;
    }

    private void finish(Job job) {
        jobs.remove(job);
        busy.set(busy.get() - 1);
    }

    /** Reads something without a status bar entry; {@code then} or {@code failed} runs on the JavaFX thread. */
    public <T> void read(Callable<T> read, Consumer<T> then, Consumer<Throwable> failed) {
        busy.set(busy.get() + 1);
        pool.execute(() -> {
            try {
                T result = read.call();
                Platform.runLater(() -> {
                    busy.set(busy.get() - 1);
                    then.accept(result);
                });
            } catch (Throwable e) {
                Platform.runLater(() -> {
                    busy.set(busy.get() - 1);
                    failed.accept(e);
                });
            }
        });
    }

    /** Cancels every job and stops the threads (when the window closes). */
    public void shutdown() {
        jobs.forEach(Job::cancel);
        pool.shutdownNow();
        training.shutdownNow();
        timer.shutdownNow();
    }
}
