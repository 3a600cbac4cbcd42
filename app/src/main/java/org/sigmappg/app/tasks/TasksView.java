package org.sigmappg.app.tasks;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.app.navigation.TasksTarget;
import org.sigmappg.app.runs.RunRow;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * The downstream tasks: which labels the workspace's datasets hold (per subject like SBP, or per window like
 * HR), with how many usable and flagged values: where a researcher sees what can be predicted from which
 * dataset; below, the finished evaluation and fine-tuning runs of those tasks, each opening its dashboard
 * ({@link TaskDashboardView}), as the Tasks section of the navigation also does.
 */
public final class TasksView implements WorkbenchView {
    private final WorkbenchContext context;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final ObservableList<TaskLabels.Entry> entries = FXCollections.observableArrayList();
    private final FilteredList<TaskLabels.Entry> shown = new FilteredList<>(entries);
    private final TableView<TaskLabels.Entry> table = new TableView<>(shown);
    private final Label subtitle = new Label();
    private final ObservableList<Evaluation> evaluations = FXCollections.observableArrayList();
    private final FilteredList<Evaluation> shownEvaluations = new FilteredList<>(evaluations);
    private final TableView<Evaluation> evaluationTable = new TableView<>(shownEvaluations);
    private TasksTarget target;

    /** A finished evaluation or fine-tuning run: which task of which label it evaluated, with which methods. */
    public record Evaluation(String run, String kind, String task, String label, String dataset, String methods, String protocol, String ended) {
    }

    public TasksView(TasksTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        table.setId("tasks-table");
        table.getColumns().add(column("Label", 120, TaskLabels.Entry::label));
        table.getColumns().add(column("Dataset", 120, TaskLabels.Entry::dataset));
        table.getColumns().add(column("Given per", 90, TaskLabels.Entry::level));
        table.getColumns().add(column("Kind", 100, e -> e.categorical() ? "classes" : "numbers"));
        table.getColumns().add(column("Usable values", 110, TaskLabels.Entry::count));
        table.getColumns().add(column("Flagged", 80, TaskLabels.Entry::flagged));
        table.setPlaceholder(new Label("No dataset in this workspace has labels yet."));
        evaluationTable.setId("tasks-evaluations");
        evaluationTable.getColumns().add(evaluationColumn("Task", 100, Evaluation::task));
        evaluationTable.getColumns().add(evaluationColumn("Dataset", 100, Evaluation::dataset));
        evaluationTable.getColumns().add(evaluationColumn("Methods", 260, Evaluation::methods));
        evaluationTable.getColumns().add(evaluationColumn("Protocol", 80, Evaluation::protocol));
        evaluationTable.getColumns().add(evaluationColumn("Run", 90, Evaluation::run));
        evaluationTable.getColumns().add(evaluationColumn("Ended", 140, Evaluation::ended));
        evaluationTable.setPlaceholder(new Label("No evaluation has finished yet: Evaluate > New evaluation starts one."));
        evaluationTable.setRowFactory(t -> {
            TableRow<Evaluation> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    context.open(new TaskDashboardTarget(row.getItem().run()), true);
                }
            });
            return row;
        });
        evaluationTable.setOnKeyPressed(e -> {
            Evaluation chosen = evaluationTable.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && chosen != null) {
                context.open(new TaskDashboardTarget(chosen.run()), true);
                e.consume();
            }
        });
        Label heading = new Label("Tasks");
        heading.getStyleClass().add("view-title");
        subtitle.getStyleClass().add("view-subtitle");
        subtitle.setWrapText(true);
        VBox top = new VBox(2, heading, subtitle);
        top.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(top);
        Label evaluated = new Label("Evaluations (double-click or Enter: the task dashboard)");
        evaluated.getStyleClass().add("section-title");
        VBox bottom = new VBox(4, evaluated, evaluationTable);
        bottom.setPadding(new Insets(4, 0, 0, 0));
        SplitPane split = new SplitPane(table, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox.setVgrow(evaluationTable, Priority.ALWAYS);
        root.setCenter(split);
        applyTarget();
        refresh();
    }

    private static <T> TableColumn<TaskLabels.Entry, T> column(String name, double width, Function<TaskLabels.Entry, T> value) {
        TableColumn<TaskLabels.Entry, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<Evaluation, String> evaluationColumn(String name, double width, Function<Evaluation, String> value) {
        TableColumn<Evaluation, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }

    private void applyTarget() {
        String label = target.label();
        shown.setPredicate(e -> label == null || e.label().equalsIgnoreCase(label));
        shownEvaluations.setPredicate(e -> label == null || label.equalsIgnoreCase(e.label()) || label.equalsIgnoreCase(e.task()));
        subtitle.setText((label == null ? "Labels" : "Datasets with the label " + label)
                + " that evaluation and fine-tuning runs can learn to predict. Each finished evaluation has a dashboard under Tasks in "
                + "the navigation: metrics with confidence intervals, predicted vs true, Bland-Altman, ROC and the per-fold table.");
    }

    /** The evaluations listed for the label shown (for tests). */
    public List<Evaluation> shownEvaluations() {
        return List.copyOf(shownEvaluations);
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
        if (!(newTarget instanceof TasksTarget t)) {
            return false;
        }
        target = t;
        title.set(t.title());
        applyTarget();
        return true;
    }

    @Override
    public void refresh() {
        context.background().read(() -> TaskLabels.load(context.catalogue()), entries::setAll,
                error -> context.showError("The labels could not be read", error));
        Workspace ws = context.workspace();
        context.background().read(() -> evaluations(ws), evaluations::setAll,
                error -> context.showError("The evaluation runs could not be read", error));
    }

    /** The finished evaluation and fine-tuning runs, newest first (call off the JavaFX thread). */
    static List<Evaluation> evaluations(Workspace ws) throws IOException {
        List<Evaluation> out = new ArrayList<>();
        for (RunInfo r : new RunStore(ws).list()) {
            if (!TaskDashboardTarget.hasDashboard(r.kind()) || r.status() != RunStatus.FINISHED) {
                continue;
            }
            try {
                EvaluationParams p = EvaluationParams.fromJson(r.params());
                out.add(new Evaluation(r.id(), r.kind(), p.task().name(), p.task().label(), r.dataset(), String.join(", ", p.methods()),
                        p.protocol(), RunRow.when(r.ended(), ZoneId.systemDefault())));
            } catch (RuntimeException unreadable) {
                // Parameters of another version: the run still shows in the Runs view.
            }
        }
        Collections.reverse(out);
        return out;
    }
}
