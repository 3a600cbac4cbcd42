package org.sigmappg.app.runs;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.navigation.NewEvaluationTarget;
import org.sigmappg.app.navigation.NewRunTarget;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.app.shell.Reread;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.eval.RunOverview;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;

/**
 * The runs of the workspace as a table (id, kind, dataset, size, status, started, duration, device and the
 * headline figure), read from the run store and read again while any run is queued or training; with the
 * buttons that start new runs and act on the selected one, and the selected run's command line and parameters.
 * Enter or a double-click opens the run's page.
 */
public final class RunsView implements WorkbenchView {
    /** How often the table is read again while a run is queued or training. */
    private static final Duration POLL = Duration.seconds(2);

    private final WorkbenchContext context;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final TableView<RunRow> table = new TableView<>();
    private final TextArea details = new TextArea();
    private final Button open = new Button("Open");
    private final Button cancel = new Button("Cancel");
    private final Button resume = new Button("Resume");
    private final Button rerun = new Button("Re-run");
    private final Button compare = new Button("Compare with\u2026");
    private final Timeline poll = new Timeline(new KeyFrame(POLL, e -> refreshIfActive()));
    private final ChangeListener<Number> queueChanged = (o, a, b) -> refresh();
    private final Reread<List<RunRow>> reads;
    private RunsTarget target;

    public RunsView(RunsTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        this.reads = new Reread<>(context.background(), () -> read(new RunStore(context.workspace())), this::show, error -> {
            poll.stop();
            context.showError("The runs could not be read", error);
        });
        table.setId("runs-table");
        table.getColumns().add(column("Run", 90, RunRow::id));
        table.getColumns().add(column("Kind", 80, r -> r.info().kind()));
        table.getColumns().add(column("Dataset", 90, r -> r.info().dataset()));
        table.getColumns().add(column("Size", 55, RunRow::size));
        TableColumn<RunRow, String> status = column("Status", 85, RunRow::status);
        status.setId("runs-status");
        table.getColumns().add(status);
        table.getColumns().add(column("Started", 130, RunRow::started));
        table.getColumns().add(column("Progress", 195, RunRow::progress));
        TableColumn<RunRow, String> duration = column("Duration", 85, RunRow::duration);
        duration.setId("runs-duration");
        table.getColumns().add(duration);
        table.getColumns().add(column("Device", 60, RunRow::device));
        table.getColumns().add(column("Headline", 300, RunRow::headline));
        table.getColumns().add(column("Message", 380, r -> r.info().message()));
        table.setRowFactory(t -> {
            TableRow<RunRow> row = new TableRow<>() {
                @Override
                protected void updateItem(RunRow item, boolean empty) {
                    super.updateItem(item, empty);
                    getStyleClass().removeIf(c -> c.startsWith("run-status-"));
                    if (!empty && item != null) {
                        getStyleClass().add("run-status-" + item.status());
                    }
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    context.open(new RunTarget(row.getItem().id()), true);
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && selected() != null) {
                context.open(new RunTarget(selected().id()), true);
                e.consume();
            }
        });
        Label empty = new Label("No runs in this workspace yet. Start one with New tokenizer run; runs started from the command "
                + "line appear here too, with their parameters and the command that reproduces them.");
        empty.setWrapText(true);
        empty.setMaxWidth(520);
        table.setPlaceholder(empty);
        details.setEditable(false);
        details.setWrapText(true);
        details.setId("run-details");
        details.setPromptText("Select a run to see its parameters and command line.");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> showSelected());

        Label heading = new Label("Runs");
        heading.getStyleClass().add("view-title");
        VBox top = new VBox(2, heading, toolbar());
        top.setPadding(new Insets(6, 8, 0, 8));
        SplitPane split = new SplitPane(table, details);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        root.setTop(top);
        root.setCenter(split);
        context.training().changesProperty().addListener(queueChanged);
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
        refresh();
    }

    private Node toolbar() {
        Button newTokenizer = button(new Button("New tokenizer run\u2026"), "new-tokenizer-run",
                "Train a VQ tokenizer (stage 1) on a dataset (Ctrl+N)", () -> context.open(new NewRunTarget(TokenizerTask.KIND, null, selectedDataset()), true));
        Button newPretrain = button(new Button("New pre-training run\u2026"), "new-pretrain-run",
                "Pre-train the student (stage 2) against a tokenizer's codes (Ctrl+Shift+N)",
                () -> context.open(new NewRunTarget(PretrainTask.KIND, null, selectedDataset()), true));
        Button newEvaluation = button(new Button("New evaluation\u2026"), "new-evaluation",
                "Compare methods on a downstream task, or fine-tune a backbone (Ctrl+E, Ctrl+Shift+E)",
                () -> context.open(new NewEvaluationTarget(org.sigmappg.eval.EvaluationTask.KIND), true));
        Button importWeights = button(new Button("Import weights\u2026"), "runs-import-weights",
                "Import pre-trained SIGMA-PPG weights (the authors' sigma.pth, or a .safetensors file) as a run to evaluate and fine-tune",
                () -> WeightsAction.chooseAndImport(context));
        button(open, "runs-open", "Open the run's page: progress, curves, log, artifacts (Enter, double-click)",
                () -> context.open(new RunTarget(selected().id()), true));
        button(cancel, "runs-cancel", "Stop the run: a queued run leaves the queue; a training run stops after its step, "
                + "with a checkpoint", () -> RunActions.cancel(context, selected().info()));
        button(resume, "runs-resume", "Continue a stopped run from its last checkpoint, or start a run left queued",
                () -> RunActions.resume(context, selected().info()));
        button(rerun, "runs-rerun", "Start a new run with the same parameters", () -> RunActions.rerun(context, selected().info()));
        button(compare, "runs-compare", "Parameters side by side and curves overlaid", () -> RunActions.compare(context, selected().info()));
        Button reload = button(new Button("Refresh"), "runs-refresh", "Read the runs again (F5)", this::refresh);
        ToolBar bar = new ToolBar(newTokenizer, newPretrain, newEvaluation, importWeights, new Separator(), open, cancel, resume, rerun, compare, new Separator(), reload);
        updateButtons();
        return bar;
    }

    private static Button button(Button b, String id, String tip, Runnable action) {
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    /** The dataset of the selected run, which a new run's sheet chooses first; or null. */
    private String selectedDataset() {
        return selected() == null ? null : selected().info().dataset();
    }

    private RunRow selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    private void showSelected() {
        RunRow r = selected();
        details.setText(r == null ? "" : "command: " + nz(r.info().command()) + "\nmessage: " + nz(r.info().message())
                + "\nparameters (" + nz(r.info().paramsHash()) + "):\n" + nz(r.info().params())
                + "\nengine: " + nz(r.info().engine()) + "   code: " + nz(r.info().codeVersion()) + "   dataset hash: " + nz(r.info().datasetHash()));
        updateButtons();
    }

    private void updateButtons() {
        RunRow r = selected();
        open.setDisable(r == null);
        cancel.setDisable(r == null || !RunActions.canCancel(context, r.info()));
        resume.setDisable(r == null || !RunActions.canResume(context, r.info()));
        rerun.setDisable(r == null || !RunActions.isQueueable(r.info()));
        compare.setDisable(r == null);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static TableColumn<RunRow, String> column(String name, double width, Function<RunRow, String> value) {
        TableColumn<RunRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(nz(value.apply(cd.getValue()))));
        return c;
    }

    private void selectTarget() {
        if (target.runId() == null) {
            return;
        }
        table.getItems().stream().filter(r -> r.id().equals(target.runId())).findFirst().ifPresent(r -> {
            table.getSelectionModel().select(r);
            table.scrollTo(r);
        });
    }

    private void refreshIfActive() {
        boolean active = context.training().busy() || table.getItems().stream()
                .anyMatch(r -> r.info().status() == RunStatus.RUNNING || r.info().status() == RunStatus.QUEUED);
        if (active && !reads.reading()) {
            refresh();
        }
    }

    /** The rows, newest first (the run just started is the one a user looks for), as the {@code runs} command lists them. */
    static List<RunRow> read(RunStore store) throws IOException {
        return RunOverview.list(store, Instant.now()).stream().map(o -> RunRow.of(o, ZoneId.systemDefault())).toList();
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    @Override
    public NavTarget target() {
        return target;
    }

    @Override
    public boolean navigate(NavTarget newTarget) {
        if (!(newTarget instanceof RunsTarget t)) {
            return false;
        }
        target = t;
        title.set(t.title());
        selectTarget();
        return true;
    }

    @Override
    public void refresh() {
        reads.request();
    }

    private void show(List<RunRow> rows) {
        String keep = selected() == null ? null : selected().id();
        table.getItems().setAll(rows);
        if (keep != null) {
            rows.stream().filter(r -> r.id().equals(keep)).findFirst().ifPresent(r -> table.getSelectionModel().select(r));
        } else {
            selectTarget();
        }
        showSelected();
    }

    @Override
    public void close() {
        poll.stop();
        context.training().changesProperty().removeListener(queueChanged);
    }

    /** The rows shown (for tests). */
    public List<RunRow> rows() {
        return List.copyOf(table.getItems());
    }
}
