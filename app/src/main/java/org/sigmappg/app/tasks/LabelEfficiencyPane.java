package org.sigmappg.app.tasks;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.spi.DoubleErrorDataSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.sigmappg.app.charts.ValueAxis;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.eval.EvaluationResult;

/**
 * The dashboard's label-efficiency tab: each method's figure against the labelled subjects per fold, mean over the
 * draws with its 95 % interval, and the table of the points.
 */
final class LabelEfficiencyPane {
    /** How far apart the methods' curves sit at one share, as a part of the most labelled subjects. */
    static final double DODGE = 0.006;

    private final ValueAxis labelledAxis = new ValueAxis("labelled training subjects per fold (mean over folds)");
    private final ValueAxis curveAxis = new ValueAxis("value");
    private final XYChart curveChart = new XYChart(labelledAxis, curveAxis);
    private final Map<String, DoubleErrorDataSet> curveSets = new LinkedHashMap<>();
    private final TableView<EvaluationResult.LabelEfficiencyRow> curvePoints = new TableView<>();

    XYChart chart() {
        return curveChart;
    }

    /** The curve drawn for {@code method}, or null. */
    DoubleErrorDataSet curve(String method) {
        return curveSets.get(method);
    }

    Node node() {
        for (ValueAxis a : List.of(labelledAxis, curveAxis)) {
            a.setAnimated(false);
            a.setAutoRanging(true);
            a.setAutoRangePadding(0.06);
        }
        labelledAxis.setSide(Side.BOTTOM);
        curveAxis.setSide(Side.LEFT);
        curveChart.setAnimated(false);
        curveChart.setLegendVisible(true);
        curveChart.getToolBar().setVisible(false);
        curveChart.getToolBar().setManaged(false);
        curveChart.getStyleClass().addAll("signal-chart", "metric-chart");
        curveChart.setId("dashboard-label-efficiency");
        curveChart.setMinSize(300, 240);
        curvePoints.setId("dashboard-label-points");
        curvePoints.getColumns().add(TableTools.column("Method", 110, EvaluationResult.LabelEfficiencyRow::method));
        curvePoints.getColumns().add(TableTools.column("Share labelled", 110, row -> org.sigmappg.eval.EvaluationReport.percent(row.labelFraction())));
        curvePoints.getColumns().add(TableTools.column("Labelled subjects per fold", 200, row -> String.format(Locale.ROOT, "%.1f (%d-%d)",
                row.labelledSubjects(), row.labelledSubjectsMin(), row.labelledSubjectsMax())));
        curvePoints.getColumns().add(TableTools.column("Draws", 60, row -> Integer.toString(row.draws())));
        curvePoints.getColumns().add(TableTools.column("Value [95 % CI]", 170, row -> TableTools.cell(row.metric(), row.value(), row.ciLow(), row.ciHigh())));
        curvePoints.getColumns().add(TableTools.column("SD over draws", 120, row -> row.drawSd() == null ? "" : TableTools.cell(row.metric(), row.drawSd(), null, null)));
        curvePoints.setPrefHeight(200);
        VBox box = new VBox(6, curveChart, curvePoints);
        VBox.setVgrow(curveChart, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return box;
    }

    /** Draws the curves of {@code key} (the metric chosen above, or the first with curves; grades have none) from {@code model}. */
    void show(TaskDashboardModel model, String chosen) {
        List<String> keys = model.curveMetrics();
        String key = keys.contains(chosen) ? chosen : keys.isEmpty() ? null : keys.get(0);
        if (key == null) {
            return;
        }
        curveChart.getRenderers().clear();
        curveSets.clear();
        List<TaskDashboardModel.Curve> curves = model.curves(key);
        double most = curves.stream().flatMapToDouble(c -> java.util.Arrays.stream(c.labelledSubjects())).max().orElse(1);
        for (int i = 0; i < curves.size(); i++) {
            TaskDashboardModel.Curve c = curves.get(i);
            DoubleErrorDataSet set = new DoubleErrorDataSet(c.method());
            // Methods sit a little apart at each share so that their intervals do not hide each other; the table has the numbers.
            double dodge = (i - (curves.size() - 1) / 2.0) * DODGE * most;
            for (int k = 0; k < c.values().length; k++) {
                if (Double.isFinite(c.values()[k])) {
                    double v = c.values()[k];
                    set.add(c.labelledSubjects()[k] + dodge, v, Double.isFinite(c.low()[k]) ? Math.max(0, v - c.low()[k]) : 0,
                            Double.isFinite(c.high()[k]) ? Math.max(0, c.high()[k] - v) : 0);
                }
            }
            ErrorDataSetRenderer r = new ErrorDataSetRenderer();
            r.setPolyLineStyle(LineStyle.NORMAL);
            r.setDrawMarker(true);
            r.setErrorStyle(ErrorStyle.ERRORBARS);
            DataSetNode node = r.addDataSet(set);
            javafx.scene.paint.Color colour = MetricChart.PALETTE.get(i % MetricChart.PALETTE.size());
            node.setLineColor(colour);
            node.setMarkerColor(colour);
            node.setMarkerSize(4);
            node.setLineWidth(1.8);
            curveChart.getRenderers().add(r);
            curveSets.put(c.method(), set);
        }
        String unit = model.result().task().unit();
        curveAxis.setName(TaskDashboardModel.metricLabel(key) + (unit != null && TableTools.isUnitMetric(key) ? " (" + unit + ")" : ""));
        String level = model.result().labelEfficiency().get(0).level();
        curveChart.setTitle(TaskDashboardModel.metricLabel(key) + " per " + level + " against labelled subjects, mean over draws, with 95 % CI");
        curvePoints.getItems().setAll(model.curvePoints(key));
        curveChart.invalidate();
    }
}
