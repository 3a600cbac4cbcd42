package org.sigmappg.app.charts;

import io.fair_acc.chartfx.XYChart;
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
import javafx.scene.paint.Color;
import org.sigmappg.app.charts.AxisTicks;
import org.sigmappg.app.charts.FittedAxis;

/**
 * A small ChartFX line chart of training curves against optimiser steps or epochs, with a legend: the lines are
 * replaced whole when new values arrive from the run store, and kept when only their values changed, so a live chart
 * does not flicker. The axes are fitted to the data with {@link AxisTicks} (whole steps and epochs, as many decimals
 * as the spacing of the values needs, a padded range around a single point).
 */
public final class MetricChart {
    /** Colour-blind-safe line colours (Okabe and Ito), in the order lines take them. */
    public static final List<Color> PALETTE = List.of(Color.web("#0072B2"), Color.web("#D55E00"), Color.web("#009E73"),
            Color.web("#CC79A7"), Color.web("#E69F00"), Color.web("#56B4E9"), Color.web("#7f7f7f"));

    /**
     * One line of the chart.
     *
     * @param colour its colour; null takes the next of {@link #PALETTE}
     * @param dashed dashed (a second run in a comparison)
     * @param markers a dot at each point (per-epoch values); off for dense per-step values
     */
    public record Series(String name, double[] x, double[] y, Color colour, boolean dashed, boolean markers) {
    }

    /** About how many labelled ticks an axis gets. */
    private static final int MAX_TICKS = 6;

    private final XYChart chart;
    private final FittedAxis xAxis;
    private final FittedAxis yAxis;
    private final List<ErrorDataSetRenderer> renderers = new ArrayList<>();
    private final List<DoubleDataSet> sets = new ArrayList<>();
    private List<String> shape = List.of();
    private AxisTicks xTicks;
    private AxisTicks yTicks;

    public MetricChart(String title, String xName, String yName) {
        xAxis = new FittedAxis(xName);
        yAxis = new FittedAxis(yName);
        xAxis.setSide(Side.BOTTOM);
        yAxis.setSide(Side.LEFT);
        yAxis.setForceZeroInRange(false);
        chart = new XYChart(xAxis, yAxis);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.getToolBar().setVisible(false);
        chart.getToolBar().setManaged(false);
        chart.getStyleClass().addAll("signal-chart", "metric-chart");
        chart.getRenderers().clear();
        chart.setMinSize(200, 150);
        chart.setPrefSize(420, 240);
        VBox.setVgrow(chart, Priority.ALWAYS);
    }

    public XYChart node() {
        return chart;
    }

    /** Shows {@code series}; lines without points are left out of the legend too. */
    public void setSeries(List<Series> series) {
        List<Series> shown = series.stream().filter(s -> s.x().length > 0).toList();
        List<String> newShape = shown.stream().map(s -> s.name() + (s.dashed() ? "/d" : "") + (s.markers() ? "/m" : "")).toList();
        if (!newShape.equals(shape)) {
            rebuild(shown);
            shape = newShape;
        }
        for (int i = 0; i < shown.size(); i++) {
            Series s = shown.get(i);
            DoubleDataSet ds = sets.get(i);
            ds.lock().writeLockGuard(() -> ds.set(s.x(), s.y(), s.x().length, true));
        }
        if (!shown.isEmpty()) {
            xTicks = AxisTicks.of(min(shown, Series::x), max(shown, Series::x), MAX_TICKS, true);
            yTicks = AxisTicks.of(min(shown, Series::y), max(shown, Series::y), MAX_TICKS, false);
            xAxis.fit(xTicks);
            yAxis.fit(yTicks);
        }
        chart.invalidate();
    }

    private static double min(List<Series> series, java.util.function.Function<Series, double[]> values) {
        return series.stream().flatMapToDouble(s -> java.util.Arrays.stream(values.apply(s))).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    private static double max(List<Series> series, java.util.function.Function<Series, double[]> values) {
        return series.stream().flatMapToDouble(s -> java.util.Arrays.stream(values.apply(s))).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** The ticks of the x axis (steps or epochs) as last set, or null before any line has points. */
    public AxisTicks xTicks() {
        return xTicks;
    }

    /** The ticks of the y axis as last set, or null before any line has points. */
    public AxisTicks yTicks() {
        return yTicks;
    }

    private void rebuild(List<Series> shown) {
        chart.getRenderers().clear();
        renderers.clear();
        sets.clear();
        int next = 0;
        for (Series s : shown) {
            ErrorDataSetRenderer r = new ErrorDataSetRenderer();
            r.setPolyLineStyle(LineStyle.NORMAL);
            r.setDrawMarker(s.markers());
            r.setErrorStyle(io.fair_acc.chartfx.renderer.ErrorStyle.NONE);
            DoubleDataSet ds = new DoubleDataSet(s.name());
            DataSetNode node = r.addDataSet(ds);
            Color c = s.colour() != null ? s.colour() : PALETTE.get(next++ % PALETTE.size());
            node.setLineColor(c);
            node.setMarkerColor(c);
            node.setMarkerSize(2.5);
            node.setLineWidth(s.markers() ? 1.8 : 1.0);
            if (s.dashed()) {
                node.setLineDashArray(new Number[] {6, 4});
            }
            renderers.add(r);
            sets.add(ds);
            chart.getRenderers().add(r);
        }
    }

    /** The line named {@code name} as drawn (for tests). */
    public DataSet dataSet(String name) {
        return sets.stream().filter(d -> Objects.equals(d.getName(), name)).findFirst().orElse(null);
    }

    /** The names of the lines shown. */
    public List<String> names() {
        return sets.stream().map(DataSet::getName).toList();
    }
}
