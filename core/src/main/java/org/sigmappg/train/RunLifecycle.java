package org.sigmappg.train;

import java.io.IOException;
import java.util.function.Function;
import org.sigmappg.data.Catalogue;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * The part every training task shares: which runs may start, marking them RUNNING, and ending them as
 * FINISHED, CANCELLED (with the summary so far) or FAILED (with the reason) whatever happens inside.
 */
final class RunLifecycle {
    private RunLifecycle() {
    }

    /** Thrown inside a training loop when the user cancels; carries the summary so far. */
    static final class Cancelled extends RuntimeException {
        final transient Object summary;

        Cancelled(String message, Object summary) {
            super(message);
            this.summary = summary;
        }
    }

    /** The training body of a run. */
    @FunctionalInterface
    interface Body<S> {
        S train() throws IOException;
    }

    /** The run, if it is of {@code kind} and may start or resume now. */
    static RunInfo checkStartable(RunStore runs, String runId, String kind) throws IOException {
        RunInfo info = runs.require(runId);
        if (!info.kind().equals(kind)) {
            throw new IllegalArgumentException(runId + " is a " + info.kind() + " run, not a " + kind + " run");
        }
        if (info.status() == RunStatus.FINISHED) {
            throw new IllegalArgumentException(runId + " has already finished; start a new run to train further");
        }
        if (info.status() == RunStatus.RUNNING) {
            throw new IllegalArgumentException(runId + " is running in process " + info.pid() + " on " + info.host());
        }
        return info;
    }

    /** Refuses to continue a run on a dataset that was re-imported since the run started. */
    static void checkDatasetUnchanged(Workspace workspace, RunInfo info, String dataset) throws IOException {
        String hash = new Catalogue(workspace).requireDataset(dataset).manifestHash();
        if (info.datasetHash() != null && !info.datasetHash().equals(hash)) {
            throw new IllegalArgumentException("dataset " + dataset + " changed since " + info.id()
                    + " started (it was re-imported); start a new run");
        }
    }

    /** Marks the run RUNNING, trains, and records how it ended. */
    @SuppressWarnings("unchecked")
    static <S> S execute(RunStore runs, String runId, Body<S> body, Function<S, String> json, Function<S, String> headline)
            throws IOException {
        runs.markRunning(runId);
        try {
            S summary = body.train();
            runs.finish(runId, RunStatus.FINISHED, headline.apply(summary), json.apply(summary));
            return summary;
        } catch (Cancelled c) {
            S summary = (S) c.summary;
            runs.finish(runId, RunStatus.CANCELLED, c.getMessage(), json.apply(summary));
            return summary;
        } catch (IOException | RuntimeException | Error e) {
            try {
                runs.finish(runId, RunStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(), null);
            } catch (IOException | RuntimeException notRecorded) {
                // A full disk can refuse this write too; the failure itself is what the user must see, and the
                // next process to open the workspace marks the run INTERRUPTED.
                e.addSuppressed(notRecorded);
            }
            throw e;
        }
    }
}
