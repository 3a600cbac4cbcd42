package org.sigmappg.app.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.charts.RunCurves;
import org.sigmappg.app.navigation.CompareTarget;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;

/**
 * Two runs compared: their recipes side by side with the rows that differ highlighted (or only those, on
 * request), and the curves of both on the same charts, the first run solid and the second dashed.
 */
public final class CompareView implements WorkbenchView {
    /** Both runs and their metrics, read together. */
    private record Both(RunComparison comparison, Map<String, List<RunStore.Metric>> first, Map<String, List<RunStore.Metric>> second) {
    }

    private final WorkbenchContext context;
    private final CompareTarget target;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final ObservableList<RunComparison.Row> rows = FXCollections.observableArrayList();
    private final FilteredList<RunComparison.Row> shownRows = new FilteredList<>(rows);
    private final TableView<RunComparison.Row> table = new TableView<>(shownRows);
    private final GridPane charts = new GridPane();
    private final Label summary = new Label();
    private final List<MetricChart> metricCharts = new ArrayList<>();

    public CompareView(CompareTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        Label heading = new Label(target.first() + " vs " + target.second());
        heading.getStyleClass().add("view-title");
        summary.getStyleClass().add("view-subtitle");
        summary.setId("compare-summary");
        CheckBox onlyDifferences = new CheckBox("Only differences");
        onlyDifferences.setId("compare-only-differences");
        onlyDifferences.selectedProperty().addListener((o, a, b) -> shownRows.setPredicate(b ? RunComparison.Row::differs : null));
        HBox bar = new HBox(12, summary, onlyDifferences);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(2, heading, bar);
        top.setPadding(new Insets(6, 8, 6, 8));

        table.setId("compare-table");
        table.getColumns().add(column("Group", 130, RunComparison.Row::group));
        table.getColumns().add(column("Setting", 240, RunComparison.Row::setting));
        table.getColumns().add(column(target.first(), 220, RunComparison.Row::first));
        table.getColumns().add(column(target.second(), 220, RunComparison.Row::second));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RunComparison.Row r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove("differs");
                if (!empty && r != null && r.differs()) {
                    getStyleClass().add("differs");
                }
            }
        });
        charts.setHgap(6);
        charts.setVgap(6);
        charts.setPadding(new Insets(6));
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        charts.getColumnConstraints().addAll(half, half);
        ScrollPane chartScroll = new ScrollPane(charts);
        chartScroll.setFitToWidth(true);
        SplitPane split = new SplitPane(table, chartScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        root.setTop(top);
        root.setCenter(split);
        refresh();
    }

    private static TableColumn<RunComparison.Row, String> column(String name, double width, Function<RunComparison.Row, String> value) {
        TableColumn<RunComparison.Row, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    private void show(Both both) {
        RunComparison c = both.comparison();
        rows.setAll(c.rows());
        RunInfo a = c.first();
        RunInfo b = c.second();
        List<RunCurves.Panel> panels = RunCurves.panels(a.kind());
        summary.setText(c.differences() + " of " + c.rows().size() + " rows differ" + (panels.isEmpty() ? ""
                : "  \u00b7  " + target.first() + " solid, " + target.second() + " dashed"));
        if (panels.isEmpty()) {
            // Runs without curves (imported weights, evaluations): the table is all there is to compare.
            root.setCenter(table);
        }
        if (metricCharts.isEmpty()) {
            int i = 0;
            for (RunCurves.Panel p : panels) {
                MetricChart chart = new MetricChart(p.title(), "step", p.yName());
                chart.node().setPrefHeight(260);
                metricCharts.add(chart);
                charts.add(chart.node(), i % 2, i / 2);
                i++;
            }
        }
        for (int i = 0; i < panels.size(); i++) {
            List<MetricChart.Series> series = new ArrayList<>();
            int colour = 0;
            for (RunCurves.Line l : panels.get(i).lines()) {
                if (l.metric().startsWith("step_") && panels.get(i).lines().size() > 1) {
                    // Two noisy per-step lines would hide the per-epoch ones that are being compared.
                    continue;
                }
                javafx.scene.paint.Color col = MetricChart.PALETTE.get(colour++ % MetricChart.PALETTE.size());
                RunCurves.Points pa = RunCurves.bySteps(both.first(), l.metric());
                RunCurves.Points pb = RunCurves.bySteps(both.second(), l.metric());
                series.add(new MetricChart.Series(a.id() + " " + l.label(), pa.x(), pa.y(), col, false, true));
                series.add(new MetricChart.Series(b.id() + " " + l.label(), pb.x(), pb.y(), col, true, true));
            }
            metricCharts.get(i).setSeries(series);
        }
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
    public void refresh() {
        context.background().read(() -> {
            RunStore store = new RunStore(context.workspace());
            RunInfo a = store.require(target.first());
            RunInfo b = store.require(target.second());
            return new Both(RunComparison.of(a, b), store.metrics(a.id()), store.metrics(b.id()));
        }, this::show, error -> context.showError("The runs could not be compared", error));
    }

    /** The rows of the parameter table (for tests). */
    public List<RunComparison.Row> rows() {
        return List.copyOf(rows);
    }

    /** The overlaid charts (for tests). */
    public List<MetricChart> charts() {
        return List.copyOf(metricCharts);
    }
}
