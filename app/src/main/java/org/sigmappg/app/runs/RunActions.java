package org.sigmappg.app.runs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.ChoiceDialog;
import org.sigmappg.app.navigation.CompareTarget;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * What the Runs table and a run's page can do with a run: start one from the sheet, cancel, resume, re-run
 * with the same recipe, compare with another. Creating a run goes through the core tasks' {@code create}
 * with the parameter record and the command line that reproduces it, exactly as the command line does.
 */
final class RunActions {
    private RunActions() {
    }

    /** Whether this workbench can stop the run: it waits in the queue or trains now. */
    static boolean canCancel(WorkbenchContext context, RunInfo run) {
        return context.training().isWaiting(run.id()) || context.training().isRunning(run.id());
    }

    /**
     * Whether the run can be (re)started: a stopped training run continues from its checkpoint, a stopped evaluation
     * starts again (it is deterministic for its seed), a run queued by an earlier session starts.
     */
    static boolean canResume(WorkbenchContext context, RunInfo run) {
        return !canCancel(context, run) && (run.status().resumable() || run.status() == RunStatus.QUEUED)
                && isQueueable(run);
    }

    /** Runs with a new-run sheet of the model's settings: tokenizer and pre-training. */
    static boolean isTrainable(RunInfo run) {
        return RunKinds.find(run.kind()).map(RunKinds.RunKind::trainable).orElse(false);
    }

    /** Runs the workbench's queue can run: training runs and evaluations. */
    static boolean isQueueable(RunInfo run) {
        return RunKinds.find(run.kind()).map(RunKinds.RunKind::queueable).orElse(false);
    }

    static void cancel(WorkbenchContext context, RunInfo run) {
        if (!context.training().cancel(run.id())) {
            context.showStatus(run.id() + " is not training in this workbench"
                    + (run.status() == RunStatus.RUNNING ? " (it runs in process " + run.pid() + " on " + run.host() + "; stop it there)" : ""));
        }
    }

    static void resume(WorkbenchContext context, RunInfo run) {
        context.training().enqueue(run.id());
        context.showStatus(queued(context, run.id()));
    }

    private static String queued(WorkbenchContext context, String id) {
        int ahead = context.training().waiting().indexOf(id) + (context.training().running() == null ? 0 : 1);
        return context.training().isRunning(id) ? id + " is training" : id + " queued, " + ahead + " run(s) before it";
    }

    /** Creates the run the sheet describes, queues it and hands it to {@code then} (on the JavaFX thread). */
    static void start(WorkbenchContext context, RunSheet sheet, Consumer<RunInfo> then) {
        create(context, sheet.kind().runKind(), sheet.params(), sheet.commandLine(), then, () -> { });
    }

    /** Creates an evaluation run, queues it and hands it to {@code then}; {@code failed} runs when it could not be created. */
    static void start(WorkbenchContext context, EvaluationParams params, String command, Consumer<RunInfo> then, Runnable failed) {
        create(context, params.kind(), params, command, then, failed);
    }

    /** A new run with the parameters and command of {@code run}; queued and opened. */
    static void rerun(WorkbenchContext context, RunInfo run) {
        Record params = RunKinds.of(run.kind()).recipe().parse(run.params());
        create(context, run.kind(), params, run.command(), created -> context.open(new RunTarget(created.id()), true), () -> { });
    }

    private static void create(WorkbenchContext context, String kind, Record params, String command, Consumer<RunInfo> then,
                               Runnable failed) {
        Workspace ws = context.workspace();
        context.background().read(() -> RunKinds.of(kind).creator().create(ws, params, command),
                created -> {
                    context.training().enqueue(created.id());
                    context.showStatus(queued(context, created.id()));
                    context.workspaceChanged();
                    then.accept(created);
                },
                error -> {
                    failed.run();
                    context.showError("The run could not be created", error);
                });
    }

    /** Asks which run to compare {@code run} with (runs of its kind first) and opens the comparison. */
    static void compare(WorkbenchContext context, RunInfo run) {
        context.background().read(() -> others(context.workspace(), run), choices -> {
            if (choices.isEmpty()) {
                context.showStatus("There is no other run to compare " + run.id() + " with");
                return;
            }
            ChoiceDialog<String> d = new ChoiceDialog<>(choices.get(0), choices);
            d.setTitle("Compare runs");
            d.setHeaderText("Compare " + run.id() + " with");
            d.setContentText("Run:");
            d.getDialogPane().setId("compare-dialog");
            context.prepare(d);
            d.showAndWait().ifPresent(other -> context.open(new CompareTarget(run.id(), other.split(" ")[0]), true));
        }, error -> context.showError("The runs could not be read", error));
    }

    private static List<String> others(Workspace ws, RunInfo run) throws IOException {
        List<RunInfo> all = new ArrayList<>(new RunStore(ws).list());
        all.removeIf(r -> r.id().equals(run.id()));
        // Runs of the same kind first, newest first within each.
        all.sort(Comparator.comparing((RunInfo r) -> !r.kind().equals(run.kind())).thenComparing(RunInfo::created, Comparator.reverseOrder()));
        return all.stream().map(r -> r.id() + "  (" + r.kind() + " on " + r.dataset() + ", " + r.status().name().toLowerCase(java.util.Locale.ROOT) + ")")
                .toList();
    }
}
