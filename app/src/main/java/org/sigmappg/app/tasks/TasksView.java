package org.sigmappg.app.tasks;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.sigmappg.app.shell.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;

/**
 * The downstream tasks: which labels the workspace's datasets hold (per subject like SBP, or per window like
 * HR), with how many usable and flagged values: where a researcher sees what can be predicted from which
 * dataset. Each finished evaluation run has its dashboard ({@link TaskDashboardView}) under Tasks in the navigation.
 */
public final class TasksView implements WorkbenchView {
    private final WorkbenchContext context;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final ObservableList<TaskLabels.Entry> entries = FXCollections.observableArrayList();
    private final FilteredList<TaskLabels.Entry> shown = new FilteredList<>(entries);
    private final TableView<TaskLabels.Entry> table = new TableView<>(shown);
    private final Label subtitle = new Label();
    private TasksTarget target;

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
        Label heading = new Label("Tasks");
        heading.getStyleClass().add("view-title");
        subtitle.getStyleClass().add("view-subtitle");
        subtitle.setWrapText(true);
        VBox top = new VBox(2, heading, subtitle);
        top.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(top);
        root.setCenter(table);
        applyTarget();
        refresh();
    }

    private static <T> TableColumn<TaskLabels.Entry, T> column(String name, double width, Function<TaskLabels.Entry, T> value) {
        TableColumn<TaskLabels.Entry, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        return c;
    }

    private void applyTarget() {
        String label = target.label();
        shown.setPredicate(e -> label == null || e.label().equalsIgnoreCase(label));
        subtitle.setText((label == null ? "Labels" : "Datasets with the label " + label)
                + " that evaluation and fine-tuning runs can learn to predict. Each finished evaluation has a dashboard under Tasks in "
                + "the navigation: metrics with confidence intervals, predicted vs true, Bland-Altman, ROC and the per-fold table.");
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
    }
}
