package org.sigmappg.app.masks;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import org.sigmappg.app.charts.MaskColourScale;

/**
 * One inspection window drawn on a canvas that follows its parent's size: the waveform, and under it either the
 * teacher's mask probability as a heat strip (one opaque cell per patch, also tinting the waveform behind) or,
 * to compare masks, the masked patches shaded in the waveform; at the bottom the sampled mask with the
 * student's answers: green where it predicted the masked patch's code, red where it did not.
 */
public final class MaskRow extends Pane {
    /** What the row shows under the waveform. */
    public enum Mode {
        /** The teacher's probability strip and the sampled mask. */
        PROBABILITY,
        /** Only a mask (the run's or a random one), shaded in the waveform. */
        MASK
    }

    /** Height of the probability strip in pixels. */
    public static final double HEAT = 14;
    /** Height of the answers strip in pixels. */
    public static final double ANSWERS = 8;
    private static final double GAP = 2;
    private static final Color RIGHT = Color.web("#2e7d32");
    private static final Color WRONG = Color.web("#d32f2f");

    /** A drawn cell of the probability strip. */
    public record Cell(double x0, double x1, int patch, int rgb) {
    }

    private final Canvas canvas = new Canvas();
    private final Mode mode;
    private final List<Cell> cells = new ArrayList<>();
    private float[] samples = new float[0];
    private float[] probability = new float[0];
    private int[] mask = new int[0];
    private int[] correct = new int[0];
    private int patchSamples = 1;
    private boolean dark;
    private boolean selected;

    public MaskRow(Mode mode) {
        this.mode = mode;
        getChildren().add(canvas);
        getStyleClass().add("mask-row");
        setMinHeight(56);
        setPrefHeight(72);
        widthProperty().addListener((o, a, b) -> draw());
        heightProperty().addListener((o, a, b) -> draw());
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
    }

    /**
     * @param windowSamples the window's samples, patches x patch samples
     * @param maskProbability per patch (ignored in {@link Mode#MASK})
     * @param sampledMask per patch, 1 masked
     * @param answers per patch, 1 right, 0 wrong, -1 visible
     */
    public void show(float[] windowSamples, float[] maskProbability, int[] sampledMask, int[] answers, int samplesPerPatch) {
        samples = windowSamples;
        probability = maskProbability == null ? new float[sampledMask.length] : maskProbability;
        mask = sampledMask;
        correct = answers;
        patchSamples = Math.max(1, samplesPerPatch);
        draw();
    }

    public void setDark(boolean v) {
        dark = v;
        draw();
    }

    /** Frames the row as the chosen one. */
    public void setSelected(boolean v) {
        selected = v;
        draw();
    }

    /** Top edge of the probability strip on the canvas. */
    public double heatTop() {
        return getHeight() - ANSWERS - GAP - HEAT;
    }

    private void draw() {
        double w = getWidth();
        double h = getHeight();
        canvas.setWidth(w);
        canvas.setHeight(h);
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.setFill(dark ? Color.web("#17191c") : Color.WHITE);
        gc.fillRect(0, 0, w, h);
        cells.clear();
        int n = mask.length;
        if (n == 0 || w < 10 || h < 30) {
            return;
        }
        double cellWidth = w / n;
        double waveTop = 3;
        double waveBottom = mode == Mode.PROBABILITY ? heatTop() - GAP : h - ANSWERS - GAP;
        for (int p = 0; p < n; p++) {
            double x0 = p * cellWidth;
            if (mode == Mode.PROBABILITY) {
                int rgb = MaskColourScale.rgb(probability[p]);
                gc.setFill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, 0.35));
                gc.fillRect(x0, waveTop, cellWidth, waveBottom - waveTop);
            } else if (mask[p] == 1) {
                gc.setFill(dark ? Color.rgb(255, 255, 255, 0.16) : Color.rgb(0, 0, 0, 0.13));
                gc.fillRect(x0, waveTop, cellWidth, waveBottom - waveTop);
            }
        }
        wave(gc, w, waveTop, waveBottom);
        if (mode == Mode.PROBABILITY) {
            double top = heatTop();
            for (int p = 0; p < n; p++) {
                double x0 = p * cellWidth;
                double x1 = (p + 1) * cellWidth;
                int rgb = MaskColourScale.rgb(probability[p]);
                gc.setFill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
                gc.fillRect(x0, top, Math.max(1, x1 - x0), HEAT);
                cells.add(new Cell(x0, x1, p, rgb));
            }
        }
        double answers = h - ANSWERS;
        gc.setFill(dark ? Color.rgb(255, 255, 255, 0.06) : Color.rgb(0, 0, 0, 0.05));
        gc.fillRect(0, answers, w, ANSWERS);
        for (int p = 0; p < n; p++) {
            if (mask[p] != 1) {
                continue;
            }
            gc.setFill(correct[p] == 1 ? RIGHT : WRONG);
            double gap = cellWidth >= 4 ? 1 : 0;
            gc.fillRect(p * cellWidth, answers, Math.max(1, cellWidth - gap), ANSWERS);
        }
        if (selected) {
            gc.setStroke(dark ? Color.WHITE : Color.BLACK);
            gc.setLineWidth(2);
            gc.strokeRect(1, 1, w - 2, h - 2);
        }
    }

    private void wave(GraphicsContext gc, double w, double top, double bottom) {
        int m = Math.min(samples.length, mask.length * patchSamples);
        if (m < 2) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            lo = Math.min(lo, samples[i]);
            hi = Math.max(hi, samples[i]);
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        // One vertical bar per pixel column from its lowest to its highest sample: a 240 s window has 12,000
        // samples for a few hundred pixels, and the bars keep every peak.
        int columns = (int) Math.ceil(w);
        double perColumn = (double) m / columns;
        gc.setFill(dark ? Color.web("#8ec0ff") : Color.web("#1f4e8c"));
        for (int c = 0; c < columns; c++) {
            // From the previous column's last sample, so neighbouring bars join into one line.
            int a = Math.max(0, (int) Math.floor(c * perColumn) - 1);
            int b = Math.min(m, Math.max(a + 1, (int) Math.floor((c + 1) * perColumn) + 1));
            double cl = Double.POSITIVE_INFINITY;
            double ch = Double.NEGATIVE_INFINITY;
            for (int i = a; i < b; i++) {
                cl = Math.min(cl, samples[i]);
                ch = Math.max(ch, samples[i]);
            }
            double y0 = bottom - (ch - lo) / (hi - lo) * (bottom - top);
            double y1 = bottom - (cl - lo) / (hi - lo) * (bottom - top);
            gc.fillRect(c, Math.floor(y0), 1, Math.max(1, Math.ceil(y1) - Math.floor(y0)));
        }
    }

    /** The probability strip's cells as last drawn (for tests). */
    public List<Cell> cells() {
        return List.copyOf(cells);
    }

    public Canvas canvas() {
        return canvas;
    }
}
