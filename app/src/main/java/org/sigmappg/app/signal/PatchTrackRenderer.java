package org.sigmappg.app.signal;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.axes.spi.AxisRange;
import io.fair_acc.chartfx.renderer.spi.AbstractRendererXY;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.dataset.DataSet;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.sigmappg.app.charts.CodeColours;
import org.sigmappg.app.charts.MaskColourScale;

/**
 * Draws what the signal explorer knows per patch, on the chart's time axis, in one of two layers: behind the
 * traces, QC shading (flat, clipped, missing), window boundaries, the 1 s patch grid when zoomed in far
 * enough and the places where a highlighted code occurs; in front of them, the bands, one coloured cell per
 * patch in opaque strips at the bottom of the plot (in front, so a trace running off the bottom of the scale
 * passes under them): the prior score, the code a tokenizer gave the patch, and the teacher's probability of
 * masking it. Where patches are narrower than a pixel, a pixel shows the patch that matters most: the lowest
 * prior (a short bad stretch stays visible in a whole day), the highlighted code, the highest mask probability.
 *
 * <p>It draws in pixels and holds no data set, so it never takes part in the axes' auto-ranging: its values
 * do not stretch the signal's y axis (FX-NOTES: a colour band is a custom renderer that leaves the axis
 * range alone). What it drew in its last pass is kept for tests and the benchmark.
 */
public final class PatchTrackRenderer extends AbstractRendererXY<PatchTrackRenderer> {
    /** Height of a band in pixels. */
    public static final double BAND_HEIGHT = 16;
    /** Space between the band and the bottom of the plot, and between the band and the waveform. */
    public static final double BAND_GAP = 4;

    /** Which part a renderer draws. */
    public enum Layer {
        /** QC shading, window lines, patch grid and the hovered patch: drawn before the traces. */
        BACKGROUND,
        /** The bands: drawn after the traces. */
        BAND
    }

    /** The bands, top to bottom as they are stacked. */
    public enum Band {
        PRIOR, CODES, MASKS
    }

    /** One drawn cell of a band: its pixel extent, the patch whose value it shows and its colour. */
    public record Cell(double x0, double x1, int patch, int rgb) {
    }

    /** A stretch of a band that has no values, marked as such: its pixel extent, and the text written in it (empty when it did not fit). */
    public record Gap(double x0, double x1, String text) {
    }

    private final Layer layer;
    private PatchTrack track;
    private boolean showQc = true;
    private boolean showGrid = true;
    private boolean showPrior = true;
    private boolean dark;
    private int highlight = -1;
    private CodeTrack codes;
    private MaskTrack masks;
    private int highlightCode = -1;
    private final java.util.Map<Band, List<Cell>> cells = new java.util.EnumMap<>(Band.class);
    private final List<Gap> maskGaps = new ArrayList<>();
    private final List<PatchTrack.Span> drawnSpans = new ArrayList<>();
    private int drawnWindowLines;
    private int drawnPatchLines;
    private long renders;
    private long lastRenderNanos;

    public PatchTrackRenderer(Layer layer) {
        this.layer = layer;
    }

    public void setTrack(PatchTrack newTrack) {
        track = newTrack;
        invalidateCanvas();
    }

    public void setShowQc(boolean v) {
        showQc = v;
        invalidateCanvas();
    }

    public void setShowGrid(boolean v) {
        showGrid = v;
        invalidateCanvas();
    }

    public void setShowPrior(boolean v) {
        showPrior = v;
        invalidateCanvas();
    }

    public boolean showPrior() {
        return showPrior;
    }

    /** Colours for a dark or a light plot background. */
    public void setDark(boolean v) {
        dark = v;
        invalidateCanvas();
    }

    /** Outlines patch {@code i} (the one under the mouse); -1 for none. */
    public void setHighlight(int i) {
        if (i != highlight) {
            highlight = i;
            invalidateCanvas();
        }
    }

    /** Shows the code band from {@code track}; null hides it. */
    public void setCodes(CodeTrack track) {
        codes = track;
        invalidateCanvas();
    }

    /** Shows the mask band from {@code track}; null hides it. */
    public void setMasks(MaskTrack track) {
        masks = track;
        invalidateCanvas();
    }

    /** Marks every patch carrying {@code code} (in the code band and across the plot); -1 for none. */
    public void setHighlightCode(int code) {
        if (code != highlightCode) {
            highlightCode = code;
            invalidateCanvas();
        }
    }

    public int highlightCode() {
        return highlightCode;
    }

    /** The bands shown, top to bottom. */
    public List<Band> bands() {
        List<Band> out = new ArrayList<>();
        if (showPrior) {
            out.add(Band.PRIOR);
        }
        if (codes != null) {
            out.add(Band.CODES);
        }
        if (masks != null) {
            out.add(Band.MASKS);
        }
        return out;
    }

    /** Pixels at the bottom of the plot the bands need, so the view can keep the waveform above them. */
    public double reservedHeight() {
        int n = bands().size();
        return n == 0 ? 0 : n * (BAND_HEIGHT + BAND_GAP) + 2 * BAND_GAP;
    }

    /** Top edge of band {@code b} on a plot {@code height} pixels high, or NaN when it is not shown. */
    public double bandTop(Band b, double height) {
        List<Band> shown = bands();
        int k = shown.indexOf(b);
        if (k < 0) {
            return Double.NaN;
        }
        int below = shown.size() - 1 - k;
        return height - BAND_GAP - BAND_HEIGHT - below * (BAND_HEIGHT + BAND_GAP);
    }

    /** The band at height {@code y} of a plot {@code height} pixels high, if any. */
    public java.util.Optional<Band> bandAt(double y, double height) {
        for (Band b : bands()) {
            double top = bandTop(b, height);
            if (y >= top && y < top + BAND_HEIGHT) {
                return java.util.Optional.of(b);
            }
        }
        return java.util.Optional.empty();
    }

    /** The colour of QC shading of {@code kind} on a dark or light background. */
    public static Color qcColour(PatchTrack.Qc kind, boolean darkBackground) {
        return switch (kind) {
            case FLAT -> darkBackground ? Color.rgb(179, 157, 219, 0.26) : Color.rgb(126, 87, 194, 0.20);
            case CLIPPED -> darkBackground ? Color.rgb(239, 83, 80, 0.30) : Color.rgb(229, 57, 53, 0.20);
            case MISSING -> darkBackground ? Color.rgb(189, 189, 189, 0.24) : Color.rgb(97, 97, 97, 0.22);
        };
    }

    @Override
    public void render() {
        cells.clear();
        maskGaps.clear();
        drawnSpans.clear();
        drawnWindowLines = 0;
        drawnPatchLines = 0;
        XYChart chart = getChart();
        if (chart == null || track == null) {
            return;
        }
        renders++;
        Axis x = chart.getXAxis();
        Canvas canvas = chart.getCanvas();
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        double t0 = x.getValueForDisplay(0);
        double t1 = x.getValueForDisplay(w);
        if (!(w > 0 && h > 0 && t1 > t0)) {
            return;
        }
        double plotBottom = h - reservedHeight();
        gc.save();
        if (layer == Layer.BACKGROUND) {
            if (showQc) {
                drawQc(gc, x, t0, t1, plotBottom);
            }
            if (showGrid) {
                drawGrid(gc, x, t0, t1, w, plotBottom);
            }
            if (codes != null && highlightCode >= 0) {
                drawCodePlaces(gc, x, t0, t1, plotBottom);
            }
            if (highlight >= 0 && highlight < track.size()) {
                double a = x.getDisplayPosition(track.start(highlight));
                double b = x.getDisplayPosition(track.end(highlight));
                gc.setFill(dark ? Color.rgb(255, 255, 255, 0.08) : Color.rgb(0, 0, 0, 0.06));
                gc.fillRect(a, 0, Math.max(1, b - a), plotBottom);
            }
        } else if (!bands().isEmpty()) {
            drawBands(gc, x, t0, t1, w, h);
        }
        gc.restore();
        lastRenderNanos = System.nanoTime();
    }

    private void drawQc(GraphicsContext gc, Axis x, double t0, double t1, double bottom) {
        for (PatchTrack.Span s : track.qcSpans()) {
            if (s.end() <= t0 || s.start() >= t1) {
                continue;
            }
            double a = x.getDisplayPosition(Math.max(s.start(), t0));
            double b = x.getDisplayPosition(Math.min(s.end(), t1));
            Color c = qcColour(s.kind(), dark);
            gc.setFill(c);
            gc.fillRect(a, 0, Math.max(1, b - a), bottom);
            // A solid edge at the top names the flag even where the shading is faint.
            gc.setFill(c.deriveColor(0, 1, 1, 1 / c.getOpacity() * 0.85));
            gc.fillRect(a, 0, Math.max(1, b - a), 4);
            drawnSpans.add(s);
        }
    }

    private void drawGrid(GraphicsContext gc, Axis x, double t0, double t1, double w, double bottom) {
        List<PatchTrack.WindowSpan> windows = track.windows();
        double previousEnd = Double.NaN;
        gc.setFill(dark ? Color.rgb(230, 230, 230, 0.55) : Color.rgb(50, 50, 50, 0.55));
        for (PatchTrack.WindowSpan win : windows) {
            if (win.end() < t0 || win.start() > t1) {
                previousEnd = win.end();
                continue;
            }
            // Back-to-back windows share one line: the previous window's end.
            if (win.start() >= t0 && win.start() != previousEnd) {
                line(gc, x.getDisplayPosition(win.start()), bottom);
            }
            if (win.end() <= t1) {
                line(gc, x.getDisplayPosition(win.end()), bottom);
            }
            previousEnd = win.end();
        }
        double patchPixels = track.patchSeconds() / (t1 - t0) * w;
        if (patchPixels < SignalExplorerModel.MIN_PATCH_GRID_PIXELS) {
            return;
        }
        gc.setFill(dark ? Color.rgb(255, 255, 255, 0.13) : Color.rgb(0, 0, 0, 0.10));
        for (int i = track.firstEndingAfter(t0); i < track.size() && track.start(i) <= t1; i++) {
            if (track.patchInWindow(i) > 0) {
                gc.fillRect(Math.floor(x.getDisplayPosition(track.start(i))), 0, 1, bottom);
                drawnPatchLines++;
            }
        }
    }

    /**
     * A window boundary. Lines are one-pixel rectangles: axis-aligned fills skip the anti-aliasing rasteriser,
     * which hundreds of stroked lines (a day has 360 windows) would keep busy in software rendering.
     */
    private void line(GraphicsContext gc, double px, double bottom) {
        gc.fillRect(Math.floor(px), 0, 1, bottom);
        drawnWindowLines++;
    }

    /** Tints the plot wherever the highlighted code occurs, so its places stand out in the waveform too. */
    private void drawCodePlaces(GraphicsContext gc, Axis x, double t0, double t1, double bottom) {
        int rgb = CodeColours.rgb(highlightCode);
        gc.setFill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, dark ? 0.30 : 0.22));
        for (int i = track.firstEndingAfter(t0); i < track.size() && track.start(i) < t1; i++) {
            if (codes.code(i) == highlightCode) {
                double a = x.getDisplayPosition(Math.max(track.start(i), t0));
                double b = x.getDisplayPosition(Math.min(track.end(i), t1));
                gc.fillRect(a, 0, Math.max(1, b - a), bottom);
            }
        }
    }

    private void drawBands(GraphicsContext gc, Axis x, double t0, double t1, double w, double h) {
        List<Band> shown = bands();
        double firstTop = bandTop(shown.get(0), h);
        // The plot colours of the two themes (-wb-plot in light.css and dark.css).
        gc.setFill(dark ? Color.web("#17191c") : Color.WHITE);
        gc.fillRect(0, firstTop - BAND_GAP, w, h - firstTop + BAND_GAP);
        for (Band b : shown) {
            double top = bandTop(b, h);
            List<Cell> drawn = new ArrayList<>();
            cells.put(b, drawn);
            gc.setFill(dark ? Color.rgb(255, 255, 255, 0.06) : Color.rgb(0, 0, 0, 0.05));
            gc.fillRect(0, top, w, BAND_HEIGHT);
            if (b == Band.MASKS) {
                drawUninspected(gc, x, t0, t1, top);
            }
            drawBand(gc, b, x, t0, t1, top, drawn);
            if (highlight >= 0 && highlight < track.size() && track.end(highlight) > t0 && track.start(highlight) < t1) {
                double a = x.getDisplayPosition(track.start(highlight));
                double e = x.getDisplayPosition(track.end(highlight));
                gc.setStroke(dark ? Color.WHITE : Color.BLACK);
                gc.setLineWidth(1.5);
                gc.strokeRect(a - 0.5, top - 1.5, Math.max(2, e - a) + 1, BAND_HEIGHT + 3);
            }
        }
    }

    /**
     * Marks the record's windows for which the run kept no masks (it keeps them only for its inspection windows):
     * hatched, with the reason written in where it fits, so an empty stretch of the band does not look like a fault.
     */
    private void drawUninspected(GraphicsContext gc, Axis x, double t0, double t1, double top) {
        javafx.scene.text.Font font = javafx.scene.text.Font.font(10);
        List<Double> widths = MaskTrack.NOT_INSPECTED.stream().map(t -> textWidth(t, font)).toList();
        for (PatchTrack.WindowSpan win : track.windows()) {
            if (masks.covers(win.index()) || win.end() <= t0 || win.start() >= t1) {
                continue;
            }
            double a = x.getDisplayPosition(Math.max(win.start(), t0));
            double b = x.getDisplayPosition(Math.min(win.end(), t1));
            gc.save();
            gc.beginPath();
            gc.rect(a, top, b - a, BAND_HEIGHT);
            gc.clip();
            gc.setStroke(dark ? Color.rgb(255, 255, 255, 0.16) : Color.rgb(0, 0, 0, 0.14));
            gc.setLineWidth(1);
            for (double h = Math.floor(a) - BAND_HEIGHT; h < b; h += 6) {
                gc.strokeLine(h, top + BAND_HEIGHT, h + BAND_HEIGHT, top);
            }
            String text = "";
            for (int k = 0; k < widths.size() && text.isEmpty(); k++) {
                if (b - a >= widths.get(k) + 8) {
                    text = MaskTrack.NOT_INSPECTED.get(k);
                    // An opaque plate under the words keeps them readable over the hatching.
                    gc.setFill(dark ? Color.web("#17191c") : Color.WHITE);
                    gc.fillRect((a + b - widths.get(k)) / 2 - 3, top + 2, widths.get(k) + 6, BAND_HEIGHT - 4);
                    gc.setFill(dark ? Color.rgb(200, 200, 200) : Color.rgb(80, 80, 80));
                    gc.setFont(font);
                    gc.setTextBaseline(javafx.geometry.VPos.CENTER);
                    gc.fillText(text, (a + b - widths.get(k)) / 2, top + BAND_HEIGHT / 2);
                }
            }
            gc.restore();
            maskGaps.add(new Gap(a, b, text));
        }
    }

    private static double textWidth(String text, javafx.scene.text.Font font) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    private void drawBand(GraphicsContext gc, Band band, Axis x, double t0, double t1, double top, List<Cell> drawn) {
        int column = Integer.MIN_VALUE;
        int columnPatch = -1;
        for (int i = track.firstEndingAfter(t0); i < track.size() && track.start(i) < t1; i++) {
            if (!hasValue(band, i)) {
                continue;
            }
            double a = x.getDisplayPosition(Math.max(track.start(i), t0));
            double b = x.getDisplayPosition(Math.min(track.end(i), t1));
            if (b - a >= 1) {
                if (columnPatch >= 0) {
                    cell(gc, band, column, column + 1, columnPatch, top, drawn);
                    columnPatch = -1;
                }
                double gap = b - a >= 5 ? 1 : 0;
                cell(gc, band, a, b - gap, i, top, drawn);
                continue;
            }
            int col = (int) Math.floor(a);
            if (col != column && columnPatch >= 0) {
                cell(gc, band, column, column + 1, columnPatch, top, drawn);
                columnPatch = -1;
            }
            column = col;
            if (columnPatch < 0 || stands(band, i, columnPatch)) {
                columnPatch = i;
            }
        }
        if (columnPatch >= 0) {
            cell(gc, band, column, column + 1, columnPatch, top, drawn);
        }
    }

    private boolean hasValue(Band band, int i) {
        return switch (band) {
            case PRIOR -> true;
            case CODES -> codes.code(i) >= 0;
            case MASKS -> !Double.isNaN(masks.probability(i));
        };
    }

    /** Whether patch {@code a} should stand for a pixel of the band rather than patch {@code b}. */
    private boolean stands(Band band, int a, int b) {
        return switch (band) {
            case PRIOR -> lower(track.prior(a), track.prior(b));
            case CODES -> highlightCode >= 0 && codes.code(a) == highlightCode && codes.code(b) != highlightCode;
            case MASKS -> masks.probability(a) > masks.probability(b);
        };
    }

    /** Whether prior {@code a} should stand for a pixel rather than {@code b}: lower, and NaN (no value) lowest. */
    private static boolean lower(double a, double b) {
        if (Double.isNaN(a)) {
            return !Double.isNaN(b);
        }
        return !Double.isNaN(b) && a < b;
    }

    /** The colour a band gives a patch, as 0xRRGGBB. */
    public int colour(Band band, int patch) {
        return switch (band) {
            case PRIOR -> PriorColourScale.rgb(track.prior(patch));
            case CODES -> {
                int rgb = CodeColours.rgb(codes.code(patch));
                // With a code highlighted the others step back, so its places read at a glance.
                yield highlightCode >= 0 && codes.code(patch) != highlightCode ? fade(rgb) : rgb;
            }
            case MASKS -> MaskColourScale.rgb(masks.probability(patch));
        };
    }

    private int fade(int rgb) {
        int bg = dark ? 0x17191c : 0xffffff;
        int r = ((rgb >> 16 & 0xff) + 3 * (bg >> 16 & 0xff)) / 4;
        int g = ((rgb >> 8 & 0xff) + 3 * (bg >> 8 & 0xff)) / 4;
        int b = ((rgb & 0xff) + 3 * (bg & 0xff)) / 4;
        return r << 16 | g << 8 | b;
    }

    private void cell(GraphicsContext gc, Band band, double x0, double x1, int patch, double top, List<Cell> drawn) {
        int rgb = colour(band, patch);
        gc.setFill(Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
        gc.fillRect(x0, top, Math.max(1, x1 - x0), BAND_HEIGHT);
        if (band == Band.MASKS && x1 - x0 >= 6 && masks.mask(patch) == 1) {
            // The sampled mask: a dark foot under the patches it hid; a red one where the student then got the code wrong.
            gc.setFill(masks.correct(patch) == 0 ? Color.web("#c62828") : Color.rgb(40, 40, 40));
            gc.fillRect(x0, top + BAND_HEIGHT - 3, Math.max(1, x1 - x0), 3);
        }
        drawn.add(new Cell(x0, x1, patch, rgb));
    }

    /** The prior band cells drawn in the last pass, left to right. */
    public List<Cell> drawnCells() {
        return drawnCells(Band.PRIOR);
    }

    /** The cells of band {@code b} drawn in the last pass, left to right (empty when it is not shown). */
    public List<Cell> drawnCells(Band b) {
        return List.copyOf(cells.getOrDefault(b, List.of()));
    }

    /** The windows of the mask band marked as having no masks in the last pass, left to right. */
    public List<Gap> drawnMaskGaps() {
        return List.copyOf(maskGaps);
    }

    /** The QC stretches shaded in the last pass. */
    public List<PatchTrack.Span> drawnSpans() {
        return List.copyOf(drawnSpans);
    }

    /** Window boundary lines drawn in the last pass. */
    public int drawnWindowLines() {
        return drawnWindowLines;
    }

    /** Patch grid lines drawn in the last pass (0 when zoomed out too far for them). */
    public int drawnPatchLines() {
        return drawnPatchLines;
    }

    /** How many passes drew something; the benchmark waits on it. */
    public long renders() {
        return renders;
    }

    /** {@link System#nanoTime()} at the end of the last pass that drew something. */
    public long lastRenderNanos() {
        return lastRenderNanos;
    }

    @Override
    protected void render(GraphicsContext gc, DataSet dataSet, DataSetNode style) {
        // Everything is drawn in render(); this renderer holds no data sets.
    }

    @Override
    public void updateAxisRange(Axis axis, AxisRange range) {
        // Pixel-space overlays: never widen an axis.
    }

    @Override
    protected PatchTrackRenderer getThis() {
        return this;
    }
}
