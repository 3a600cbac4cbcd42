package org.sigmappg.app.charts;

import io.fair_acc.chartfx.Chart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.plugins.ChartPlugin;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.dataset.DataSet;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;

/**
 * Text written on a chart's horizontal reference lines inside the plot ("bias -0.52 bpm" on the bias line of a
 * Bland-Altman plot), so that a plot exported on its own still says what its lines are worth. Each text sits as far
 * right along its line as it can while hiding as few of the chart's points as anywhere along the line; the lowest
 * line's text under its line and the others' above theirs, so the texts of the limits of agreement stay outside the
 * band between them, where fewer points lie, and the bias's text does not touch the lower limit's.
 */
public final class LineLabels extends ChartPlugin {
    /** Gap in pixels between a line and its text, and between the text and the plot's edges. */
    private static final double GAP = 3;
    /** Places tried along a line, from the right end to the left. */
    private static final int PLACES = 9;

    /** One line's text, at height {@code y} on the axis, with the line's colour ({@code #RRGGBB}, null: the theme's text). */
    public record Entry(double y, String text, String colour) {
    }

    private final Axis axis;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();

    /** Lays the texts out again when a range or the plot's size changes after the chart's own layout. */
    private final InvalidationListener relayout = o -> {
        if (getChart() != null) {
            getChart().requestLayout();
        }
    };

    /** Labels for lines at heights on {@code axis} (the chart's vertical axis). */
    public LineLabels(Axis axis) {
        this.axis = axis;
        chartProperty().addListener((o, before, now) -> {
            if (before != null) {
                watch(before, false);
            }
            if (now != null) {
                watch(now, true);
            }
        });
    }

    private void watch(Chart chart, boolean on) {
        List<Observable> watched = new ArrayList<>(List.of(chart.getCanvas().widthProperty(), chart.getCanvas().heightProperty()));
        for (Axis a : chart.getAxes()) {
            watched.add(a.minProperty());
            watched.add(a.maxProperty());
        }
        for (Observable w : watched) {
            if (on) {
                w.addListener(relayout);
            } else {
                w.removeListener(relayout);
            }
        }
    }

    /** Shows {@code shown} in place of the texts shown so far. */
    public void setAll(List<Entry> shown) {
        entries.clear();
        entries.addAll(shown);
        labels.clear();
        for (Entry e : shown) {
            Label l = new Label(e.text());
            l.getStyleClass().add("line-label");
            l.setManaged(false);
            // The theme's plot colour behind the text keeps it readable over points; the border in the line's colour ties it to its line.
            l.setStyle("-fx-background-color: -wb-plot; -fx-text-fill: -wb-axis-text; -fx-font-size: 11px; -fx-padding: 0 3 0 3;"
                    + " -fx-border-width: 0 0 0 3; -fx-border-color: " + (e.colour() == null ? "-wb-axis-text" : e.colour()) + ";");
            labels.add(l);
        }
        getChartChildren().setAll(labels);
        if (getChart() != null) {
            getChart().requestLayout();
        }
    }

    /** The texts shown, in the order given. */
    public List<Label> labels() {
        return List.copyOf(labels);
    }

    @Override
    public void runPostLayout() {
        Chart chart = getChart();
        // Outside a scene (a tab not shown) the theme's colours cannot be looked up; the chart lays out again when shown.
        if (chart == null || entries.isEmpty() || chart.getScene() == null) {
            return;
        }
        Bounds plot = chart.getCanvas().getBoundsInLocal();
        List<double[]> points = displayedPoints(chart);
        double lowest = entries.stream().mapToDouble(Entry::y).min().orElse(Double.NaN);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Label l = labels.get(i);
            l.applyCss();
            double w = l.prefWidth(-1);
            double h = l.prefHeight(w);
            double y = axis.getDisplayPosition(e.y());
            boolean inside = Double.isFinite(y) && y >= plot.getMinY() && y <= plot.getMaxY();
            l.setVisible(inside);
            if (!inside) {
                continue;
            }
            boolean below = entries.size() > 1 && e.y() == lowest;
            double top = below ? y + GAP : y - h - GAP;
            top = Math.max(plot.getMinY(), Math.min(plot.getMaxY() - h, top));
            double right = plot.getMaxX() - w - GAP;
            double left = Math.min(right, plot.getMinX() + GAP);
            double best = right;
            int fewest = Integer.MAX_VALUE;
            for (int k = 0; k < PLACES; k++) {
                double x = right - (right - left) * k / (PLACES - 1);
                int hidden = covered(points, x, top, w, h);
                if (hidden < fewest) {
                    fewest = hidden;
                    best = x;
                }
            }
            l.resizeRelocate(best, top, w, h);
        }
    }

    /** The points of every data set shown, in display coordinates. */
    private static List<double[]> displayedPoints(Chart chart) {
        List<double[]> out = new ArrayList<>();
        Axis x = chart.getFirstAxis(Orientation.HORIZONTAL);
        Axis y = chart.getFirstAxis(Orientation.VERTICAL);
        if (x == null || y == null || !(chart instanceof XYChart xy)) {
            return out;
        }
        for (Renderer r : xy.getRenderers()) {
            for (DataSet d : r.getDatasets()) {
                for (int i = 0; i < d.getDataCount(); i++) {
                    out.add(new double[] {x.getDisplayPosition(d.get(DataSet.DIM_X, i)), y.getDisplayPosition(d.get(DataSet.DIM_Y, i))});
                }
            }
        }
        return out;
    }

    /** How many of {@code points} a text at ({@code x}, {@code y}) of size {@code w} x {@code h} would hide. */
    private static int covered(List<double[]> points, double x, double y, double w, double h) {
        int n = 0;
        for (double[] p : points) {
            n += p[0] >= x && p[0] <= x + w && p[1] >= y && p[1] <= y + h ? 1 : 0;
        }
        return n;
    }
}
