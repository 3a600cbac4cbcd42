package org.sigmappg.app.signal;

import io.fair_acc.chartfx.renderer.spi.AbstractRendererXY;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.dataset.DataSet;
import javafx.scene.canvas.GraphicsContext;

/**
 * Draws a min/max-decimated trace (the waveform, and the label series on its own axis). Where there is more than one point per pixel it fills one pixel-wide
 * bar per column, from the column's lowest to its highest value and joined to the neighbouring column, which
 * is what a polyline through the same points would cover; zoomed in further it strokes the polyline.
 *
 * <p>Why not a polyline throughout: a day of dense PPG decimated to two points per pixel is a zigzag of a
 * thousand near-vertical strokes, which JavaFX's anti-aliasing rasteriser (Marlin) spends about 100 ms on per
 * frame in software rendering; axis-aligned one-pixel bars take a few milliseconds. A missing sample (NaN)
 * breaks the line in both modes.
 */
public final class WaveformRenderer extends AbstractRendererXY<WaveformRenderer> {
    private boolean lastDrawnAsBars;

    @Override
    protected void render(GraphicsContext gc, DataSet ds, DataSetNode style) {
        int n = ds.getDataCount();
        if (n == 0) {
            return;
        }
        double width = getChart().getCanvas().getWidth();
        gc.save();
        lastDrawnAsBars = n > width;
        if (lastDrawnAsBars) {
            gc.setFill(style.getLineColor());
            bars(gc, ds, n, Math.max(1, style.getLineWidth()));
        } else {
            gc.setStroke(style.getLineColor());
            gc.setLineWidth(style.getLineWidth());
            polyline(gc, ds, n);
        }
        gc.restore();
    }

    private void bars(GraphicsContext gc, DataSet ds, int n, double thickness) {
        int column = Integer.MIN_VALUE;
        double lo = Double.NaN;
        double hi = Double.NaN;
        double previousLast = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < n; i++) {
            double y = ds.get(DataSet.DIM_Y, i);
            int c = (int) Math.floor(xAxis.getDisplayPosition(ds.get(DataSet.DIM_X, i)));
            if (c != column) {
                bar(gc, column, lo, hi, previousLast, thickness);
                previousLast = last;
                column = c;
                lo = Double.NaN;
                hi = Double.NaN;
            }
            if (Double.isNaN(y)) {
                last = Double.NaN;
                continue;
            }
            double py = yAxis.getDisplayPosition(y);
            lo = Double.isNaN(lo) ? py : Math.min(lo, py);
            hi = Double.isNaN(hi) ? py : Math.max(hi, py);
            last = py;
        }
        bar(gc, column, lo, hi, previousLast, thickness);
    }

    /** One column's bar, stretched to reach the previous column's last value so the trace has no gaps. */
    private static void bar(GraphicsContext gc, int column, double lo, double hi, double previousLast, double thickness) {
        if (column == Integer.MIN_VALUE || Double.isNaN(lo)) {
            return;
        }
        if (!Double.isNaN(previousLast)) {
            lo = Math.min(lo, previousLast);
            hi = Math.max(hi, previousLast);
        }
        double top = Math.floor(lo - thickness / 2);
        double bottom = Math.ceil(hi + thickness / 2);
        gc.fillRect(column, top, 1, Math.max(1, bottom - top));
    }

    private void polyline(GraphicsContext gc, DataSet ds, int n) {
        boolean open = false;
        gc.beginPath();
        for (int i = 0; i < n; i++) {
            double y = ds.get(DataSet.DIM_Y, i);
            if (Double.isNaN(y)) {
                open = false;
                continue;
            }
            double px = xAxis.getDisplayPosition(ds.get(DataSet.DIM_X, i));
            double py = yAxis.getDisplayPosition(y);
            if (open) {
                gc.lineTo(px, py);
            } else {
                gc.moveTo(px, py);
                open = true;
            }
        }
        gc.stroke();
    }

    /** Whether the last pass drew column bars (dense) rather than a polyline (zoomed in). */
    public boolean lastDrawnAsBars() {
        return lastDrawnAsBars;
    }

    @Override
    protected WaveformRenderer getThis() {
        return this;
    }
}
