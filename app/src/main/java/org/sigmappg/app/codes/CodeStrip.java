package org.sigmappg.app.codes;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.sigmappg.app.charts.CodeColours;

/**
 * One window drawn for the consistency check: its waveform over its patches, and under it the code band (a cell
 * per patch in the code's colour, with the code's number when there is room). Patches whose code differs from
 * the other copy of the window are framed in red with a mark above them. Resizes with its parent.
 */
public final class CodeStrip extends Pane {
    /** Height of the code band in pixels. */
    public static final double BAND = 18;
    private static final Color MISMATCH = Color.web("#d32f2f");

    /** A drawn cell: its pixel extent, its patch, colour and whether it is marked as a mismatch. */
    public record Cell(double x0, double x1, int patch, int code, int rgb, boolean mismatch) {
    }

    private final Canvas canvas = new Canvas();
    private final List<Cell> cells = new ArrayList<>();
    private float[] samples = new float[0];
    private int[] codes = new int[0];
    private boolean[] mismatch = new boolean[0];
    private int patchSamples = 1;
    private boolean dark;

    public CodeStrip() {
        getChildren().add(canvas);
        getStyleClass().add("code-strip");
        setMinHeight(70);
        setPrefHeight(90);
        widthProperty().addListener((o, a, b) -> draw());
        heightProperty().addListener((o, a, b) -> draw());
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
    }

    /**
     * Shows a window.
     *
     * @param windowSamples patches x patch samples
     * @param windowCodes one code per patch
     * @param differs per patch, whether its code differs in the other copy (null: none marked)
     */
    public void show(float[] windowSamples, int[] windowCodes, boolean[] differs, int samplesPerPatch) {
        samples = windowSamples;
        codes = windowCodes;
        mismatch = differs == null ? new boolean[windowCodes.length] : differs;
        patchSamples = Math.max(1, samplesPerPatch);
        draw();
    }

    public void setDark(boolean v) {
        dark = v;
        draw();
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
        int n = codes.length;
        if (n == 0 || w < 10 || h < BAND + 10) {
            return;
        }
        double top = 6;
        double waveBottom = h - BAND - 4;
        double cellWidth = w / n;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int m = Math.min(samples.length, n * patchSamples);
        for (int i = 0; i < m; i++) {
            lo = Math.min(lo, samples[i]);
            hi = Math.max(hi, samples[i]);
        }
        if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
        }
        for (int p = 0; p < n; p++) {
            if (mismatch[p]) {
                gc.setFill(Color.rgb(211, 47, 47, 0.10));
                gc.fillRect(p * cellWidth, top, cellWidth, waveBottom - top);
            }
        }
        gc.setStroke(dark ? Color.web("#8ec0ff") : Color.web("#1f4e8c"));
        gc.setLineWidth(1);
        gc.beginPath();
        double scaleX = w / Math.max(1, m);
        for (int i = 0; i < m; i++) {
            double x = i * scaleX;
            double y = waveBottom - (samples[i] - lo) / (hi - lo) * (waveBottom - top);
            if (i == 0) {
                gc.moveTo(x, y);
            } else {
                gc.lineTo(x, y);
            }
        }
        gc.stroke();
        double bandTop = h - BAND;
        gc.setFont(Font.font(10));
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.CENTER);
        for (int p = 0; p < n; p++) {
            double x0 = p * cellWidth;
            double x1 = (p + 1) * cellWidth;
            int rgb = CodeColours.rgb(codes[p]);
            gc.setFill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
            double gap = cellWidth >= 5 ? 1 : 0;
            gc.fillRect(x0, bandTop, Math.max(1, x1 - x0 - gap), BAND);
            if (cellWidth >= 22 && codes[p] >= 0) {
                gc.setFill(brightness(rgb) > 0.55 ? Color.BLACK : Color.WHITE);
                gc.fillText(Integer.toString(codes[p]), (x0 + x1) / 2, bandTop + BAND / 2);
            }
            if (mismatch[p]) {
                gc.setStroke(MISMATCH);
                gc.setLineWidth(2);
                gc.strokeRect(x0 + 1, bandTop + 1, Math.max(1, x1 - x0 - 2), BAND - 2);
                gc.setFill(MISMATCH);
                double mid = (x0 + x1) / 2;
                gc.fillPolygon(new double[] {mid - 4, mid + 4, mid}, new double[] {bandTop - 8, bandTop - 8, bandTop - 2}, 3);
            }
            cells.add(new Cell(x0, x1, p, codes[p], rgb, mismatch[p]));
        }
    }

    private static double brightness(int rgb) {
        return (0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff)) / 255;
    }

    /** The cells of the code band as last drawn (for tests). */
    public List<Cell> cells() {
        return List.copyOf(cells);
    }

    public Canvas canvas() {
        return canvas;
    }
}
