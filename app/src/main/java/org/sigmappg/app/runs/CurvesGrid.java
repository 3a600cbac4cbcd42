package org.sigmappg.app.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.charts.RunCurves;
import org.sigmappg.app.help.GlossaryView;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.run.RunStore;

/** The Curves tab of a run's page: a chart for each panel of metrics the run's kind logs, two to a row, and the glossary's words. */
final class CurvesGrid {
    private final GridPane grid = new GridPane();
    private final List<MetricChart> charts = new ArrayList<>();

    CurvesGrid() {
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(6));
        grid.setId("run-curves");
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        grid.getColumnConstraints().addAll(half, half);
        Label none = new Label("No curves yet: they appear after the first steps.");
        none.getStyleClass().add("form-note");
        grid.add(none, 0, 0);
    }

    Node node() {
        return grid;
    }

    /** The charts, in panel order. */
    List<MetricChart> charts() {
        return List.copyOf(charts);
    }

    /** Puts up the charts of a run of {@code kind}, once its kind is known. */
    void setUp(WorkbenchContext context, String kind) {
        grid.getChildren().clear();
        int i = 0;
        for (RunCurves.Panel p : RunCurves.panels(kind)) {
            MetricChart c = new MetricChart(p.title(), "step", p.yName());
            c.node().setId("run-chart-" + i);
            charts.add(c);
            grid.add(c.node(), i % 2, i / 2);
            i++;
        }
        List<String> terms = RunCurves.terms(kind);
        if (!terms.isEmpty()) {
            grid.add(GlossaryView.explain(context, terms.toArray(String[]::new)), 0, (i + 1) / 2, 2, 1);
        }
    }

    /** Draws the metrics the store holds for a run of {@code kind}. */
    void show(String kind, Map<String, List<RunStore.Metric>> metrics) {
        List<RunCurves.Panel> panels = RunCurves.panels(kind);
        for (int i = 0; i < panels.size() && i < charts.size(); i++) {
            List<MetricChart.Series> series = new ArrayList<>();
            for (RunCurves.Line l : panels.get(i).lines()) {
                RunCurves.Points p = RunCurves.bySteps(metrics, l.metric());
                boolean perStep = l.metric().startsWith("step_");
                series.add(new MetricChart.Series(l.label(), p.x(), p.y(), perStep ? MetricChart.PALETTE.get(6) : null, false, !perStep));
            }
            charts.get(i).setSeries(series);
        }
    }
}
