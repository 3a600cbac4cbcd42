package org.sigmappg.app.runs;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.sigmappg.app.shell.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;

/**
 * The runs of the workspace as a table (id, kind, dataset, status, times, device, message) with the selected
 * run's parameters and the command line that reproduces it.
 */
public final class RunsView implements WorkbenchView {
    private final WorkbenchContext context;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final TableView<RunInfo> table = new TableView<>();
    private final TextArea details = new TextArea();
    private RunsTarget target;

    public RunsView(RunsTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        table.setId("runs-table");
        table.getColumns().add(column("Run", 110, RunInfo::id));
        table.getColumns().add(column("Kind", 90, RunInfo::kind));
        table.getColumns().add(column("Dataset", 110, RunInfo::dataset));
        table.getColumns().add(column("Status", 100, r -> r.status().name().toLowerCase(java.util.Locale.ROOT)));
        table.getColumns().add(column("Created", 160, RunInfo::created));
        table.getColumns().add(column("Started", 160, RunInfo::started));
        table.getColumns().add(column("Ended", 160, RunInfo::ended));
        table.getColumns().add(column("Device", 110, RunInfo::device));
        table.getColumns().add(column("Message", 360, RunInfo::message));
        Label empty = new Label("No runs in this workspace yet. Runs started from the command line appear here, "
                + "with their parameters and the command that reproduces them.");
        empty.setWrapText(true);
        empty.setMaxWidth(520);
        table.setPlaceholder(empty);
        details.setEditable(false);
        details.setWrapText(true);
        details.setId("run-details");
        details.setPromptText("Select a run to see its parameters and command line.");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> details.setText(r == null ? ""
                : "command: " + nz(r.command()) + "\nparameters (" + nz(r.paramsHash()) + "):\n" + nz(r.params())
                + "\nengine: " + nz(r.engine()) + "   code: " + nz(r.codeVersion()) + "   dataset hash: " + nz(r.datasetHash())));
        Label heading = new Label("Runs");
        heading.getStyleClass().add("view-title");
        VBox top = new VBox(heading);
        top.setPadding(new Insets(6, 8, 6, 8));
        SplitPane split = new SplitPane(table, details);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.7);
        root.setTop(top);
        root.setCenter(split);
        refresh();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static TableColumn<RunInfo, String> column(String name, double width, Function<RunInfo, String> value) {
        TableColumn<RunInfo, String> c = new TableColumn<>(name);
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
        context.background().read(() -> new RunStore(context.workspace()).list(), runs -> {
            table.getItems().setAll(runs);
            selectTarget();
        }, error -> context.showError("The runs could not be read", error));
    }
}
