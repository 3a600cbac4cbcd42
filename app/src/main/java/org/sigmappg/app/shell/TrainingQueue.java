package org.sigmappg.app.shell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * The workbench's training queue: runs wait in the order they were started and train one at a time on a
 * background thread, through the same core tasks as the command line (each kind's, as {@link RunKinds} names them), with their progress and Cancel in the status bar. A run waiting in the queue is
 * QUEUED in the run store, so every view shows it; cancelling it there marks it CANCELLED, and cancelling the
 * running one lets the task finish its step, save a checkpoint and end CANCELLED. Used on the JavaFX thread.
 */
public final class TrainingQueue {
    private final Workspace workspace;
    private final BackgroundWork background;
    private final WorkbenchContext context;
    private final Deque<String> waiting = new ArrayDeque<>();
    private final ReadOnlyLongWrapper changes = new ReadOnlyLongWrapper(this, "changes", 0);
    private String running;
    private Job job;
    private Runnable whenStopped;

    public TrainingQueue(WorkbenchContext context) {
        this.workspace = context.workspace();
        this.background = context.background();
        this.context = context;
    }

    /**
     * Puts a QUEUED run (new, or left queued by an earlier session) or a resumable one at the end of the queue;
     * it starts when the runs before it have ended.
     */
    public void enqueue(String runId) {
        if (waiting.contains(runId) || runId.equals(running)) {
            return;
        }
        waiting.add(runId);
        changed();
        startNext();
    }

    /** Whether the run waits in this workbench's queue. */
    public boolean isWaiting(String runId) {
        return waiting.contains(runId);
    }

    /** Whether the run trains in this workbench now. */
    public boolean isRunning(String runId) {
        return runId.equals(running);
    }

    /** The runs waiting, first to start first. */
    public List<String> waiting() {
        return List.copyOf(waiting);
    }

    /** The job of the run training now, for its progress, if {@code runId} is it. */
    public Optional<Job> job(String runId) {
        return isRunning(runId) ? Optional.ofNullable(job) : Optional.empty();
    }

    /** Whether a run trains or waits. */
    public boolean busy() {
        return running != null || !waiting.isEmpty();
    }

    /** The run training now, or null. */
    public String running() {
        return running;
    }

    /** Counts the changes of the queue (a run queued, started, ended), so views can listen for them. */
    public ReadOnlyLongProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    /**
     * Cancels a run: one waiting leaves the queue and is marked CANCELLED; the one training stops after its
     * current step with a checkpoint. Returns false when this workbench is not training the run.
     */
    public boolean cancel(String runId) {
        if (waiting.remove(runId)) {
            changed();
            background.read(() -> {
                new RunStore(workspace).finish(runId, RunStatus.CANCELLED,
                        "cancelled before it started; Resume starts it from the beginning", null);
                return null;
            }, done -> {
                context.showStatus(runId + " cancelled before it started");
                context.workspaceChanged();
            }, error -> context.showError("The run " + runId + " could not be marked cancelled", error));
            return true;
        }
        if (isRunning(runId) && job != null) {
            job.cancel();
            context.showStatus("Stopping " + runId + " after its current step\u2026");
            changed();
            return true;
        }
        return false;
    }

    /**
     * Empties the queue and stops the training run (it saves a checkpoint), then calls {@code then} once it has
     * ended, so quitting never leaves half a checkpoint. Runs left waiting stay QUEUED for the next session.
     */
    public void stopAll(Runnable then) {
        waiting.clear();
        if (running == null) {
            then.run();
            return;
        }
        whenStopped = then;
        job.cancel();
    }

    private void startNext() {
        if (running != null || waiting.isEmpty()) {
            return;
        }
        String id = waiting.poll();
        running = id;
        String title = (id.startsWith("pre-") ? "Pre-training " : id.startsWith("eval-") || id.startsWith("ft-") ? "Evaluating " : "Training ") + id;
        job = background.startTraining(title, monitor -> {
            RunStore runs = new RunStore(workspace);
            RunInfo info = runs.require(id);
            RunKinds.RunKind kind = RunKinds.find(info.kind()).filter(RunKinds.RunKind::queueable)
                    .orElseThrow(() -> new IllegalArgumentException(id + " is a " + info.kind() + " run, which the workbench does not run"));
            kind.runner().run(workspace, id, monitor);
            return runs.require(id);
        }, new BackgroundWork.Outcome<RunInfo>() {
            @Override
            public void succeeded(RunInfo ended) {
                context.showStatus(ended.id() + " " + ended.status().name().toLowerCase(java.util.Locale.ROOT)
                        + (ended.message() == null ? "" : ": " + ended.message()));
                ended();
            }

            @Override
            public void failed(Throwable error) {
                ended();
                context.showError("The run " + id + " failed", error);
            }

            @Override
            public void cancelled() {
                context.showStatus(id + " cancelled");
                ended();
            }
        });
        changed();
        context.workspaceChanged();
    }

    private void ended() {
        running = null;
        job = null;
        changed();
        context.workspaceChanged();
        if (whenStopped != null) {
            Runnable then = whenStopped;
            whenStopped = null;
            then.run();
            return;
        }
        startNext();
    }

    private void changed() {
        changes.set(changes.get() + 1);
    }
}
