package org.sigmappg.app.tasks;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import org.sigmappg.app.charts.LineLabels;
import org.sigmappg.app.charts.ValueAxis;

/**
 * Redraws a figure an evaluation run stored (its exact points from {@code figures.json}) as a ChartFX chart:
 * point clouds as markers, curves as lines, the Bland-Altman bias and limits as horizontal lines across the
 * data with their values written on them, the identity line of predicted-vs-true plots.
 */
final class FigureChart {
    private final ValueAxis xAxis = new ValueAxis("x");
    private final ValueAxis yAxis = new ValueAxis("y");
    private final XYChart chart = new XYChart(xAxis, yAxis);
    private final LineLabels lineLabels = new LineLabels(yAxis);
    private final List<DoubleDataSet> sets = new ArrayList<>();

    FigureChart() {
        for (ValueAxis a : List.of(xAxis, yAxis)) {
            a.setAnimated(false);
            a.setAutoRanging(true);
            // Points on the edge of the data stay inside the plot.
            a.setAutoRangePadding(0.05);
        }
        xAxis.setSide(Side.BOTTOM);
        yAxis.setSide(Side.LEFT);
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.getToolBar().setVisible(false);
        chart.getToolBar().setManaged(false);
        chart.getStyleClass().addAll("signal-chart", "metric-chart");
        chart.setMinSize(300, 240);
        chart.getPlugins().add(lineLabels);
        VBox.setVgrow(chart, Priority.ALWAYS);
    }

    XYChart node() {
        return chart;
    }

    /** Shows {@code f} with {@code labels} written on its horizontal lines, or nothing when {@code f} is null. */
    void show(TaskDashboardModel.Figure f, List<TaskDashboardModel.LineLabel> labels) {
        chart.getRenderers().clear();
        sets.clear();
        lineLabels.setAll(List.of());
        if (f == null) {
            chart.setTitle("");
            return;
        }
        chart.setTitle(f.title());
        // The stored labels carry their unit in parentheses already.
        xAxis.setTitle(f.xLabel(), null);
        yAxis.setTitle(f.yLabel(), null);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TaskDashboardModel.Series s : f.series()) {
            double[][] finite = finite(s.x(), s.y());
            for (double v : finite[0]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            add(s.name(), finite[0], finite[1], s.colour(), s.style());
        }
        if (Double.isFinite(lo)) {
            for (TaskDashboardModel.HorizontalLine h : f.lines()) {
                add(h.name(), new double[] {lo, hi}, new double[] {h.y(), h.y()}, h.colour(), h.style());
            }
            lineLabels.setAll(labels.stream().map(l -> new LineLabels.Entry(l.y(), l.text(), l.colour())).toList());
            if (f.identity()) {
                double ylo = lo;
                double yhi = hi;
                for (TaskDashboardModel.Series s : f.series()) {
                    for (double v : s.y()) {
                        if (Double.isFinite(v)) {
                            ylo = Math.min(ylo, v);
                            yhi = Math.max(yhi, v);
                        }
                    }
                }
                add("identity", new double[] {ylo, yhi}, new double[] {ylo, yhi}, "#808080", "dashed-line");
            }
        }
        boolean fixed = f.range() != null && f.range().length == 2;
        for (ValueAxis a : List.of(xAxis, yAxis)) {
            a.setAutoRanging(!fixed);
            if (fixed) {
                a.set(f.range()[0], f.range()[1]);
            }
        }
        chart.invalidate();
    }

    private static double[][] finite(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            n += Double.isFinite(x[i]) && Double.isFinite(y[i]) ? 1 : 0;
        }
        double[] fx = new double[n];
        double[] fy = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[k] = x[i];
                fy[k++] = y[i];
            }
        }
        return new double[][] {fx, fy};
    }

    private void add(String name, double[] x, double[] y, String colour, String style) {
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        boolean points = "points".equals(style);
        r.setPolyLineStyle(points ? LineStyle.NONE : LineStyle.NORMAL);
        r.setDrawMarker(points);
        r.setErrorStyle(ErrorStyle.NONE);
        r.setPointReduction(false);
        DoubleDataSet ds = new DoubleDataSet(name);
        ds.set(x, y, x.length, true);
        DataSetNode node = r.addDataSet(ds);
        Color c = colour == null ? Color.GRAY : Color.web(colour);
        node.setLineColor(c);
        node.setMarkerColor(c);
        node.setMarkerSize(points ? 3 : 0);
        node.setLineWidth(1.6);
        if ("dashed-line".equals(style)) {
            node.setLineDashArray(new Number[] {6, 4});
        }
        sets.add(ds);
        chart.getRenderers().add(r);
    }

    /** The drawn series named {@code name}, or null. */
    DataSet dataSet(String name) {
        return sets.stream().filter(d -> Objects.equals(d.getName(), name)).findFirst().orElse(null);
    }

    List<String> names() {
        return sets.stream().map(DataSet::getName).toList();
    }

    /** The texts written on the horizontal lines, in the order of the lines. */
    List<Label> lineLabels() {
        return lineLabels.labels();
    }

    ValueAxis xAxis() {
        return xAxis;
    }

    ValueAxis yAxis() {
        return yAxis;
    }
}
