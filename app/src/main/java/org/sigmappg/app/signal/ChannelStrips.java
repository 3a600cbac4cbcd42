package org.sigmappg.app.signal;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.sigmappg.app.charts.TickFormat;

/**
 * The record's other channels (ECG, arterial pressure, respiration), one read-only strip each under the PPG plot.
 * A strip spans exactly the plot canvas above it (found by the canvas's position on screen) and maps the same
 * time range onto it, so every strip lines up with the PPG through zoom and pan; its title is written in its top
 * left corner and its value range in the gutter left of it, under the PPG's value axis.
 */
public final class ChannelStrips extends Region {
    /** Height of one strip in pixels when there is room; strips get lower in a small window, down to {@link #MIN_STRIP_HEIGHT}. */
    public static final double STRIP_HEIGHT = 86;
    /** The lowest a strip gets. */
    public static final double MIN_STRIP_HEIGHT = 36;
    private static final double GAP = 6;

    /** What a strip drew in its last pass: the channel, its pixel rows, the value range and how many points. */
    public record Drawn(String channel, double top, double bottom, SignalExplorerModel.Range range, int points, double firstX, double lastX) {
    }

    private final Canvas canvas = new Canvas();
    private final Canvas plot;
    private List<OtherChannel> shown = List.of();
    private final List<Drawn> drawn = new ArrayList<>();
    private final MinMaxDecimator.Envelope envelope = new MinMaxDecimator.Envelope();
    private boolean dark;

    /** Strips aligned with {@code plot}, the canvas of the chart whose time range they show. */
    public ChannelStrips(Canvas plot) {
        this.plot = plot;
        getChildren().add(canvas);
        getStyleClass().add("channel-strips");
        setId("explorer-channels");
    }

    /** The channels to draw, top to bottom; none hides the strips. */
    public void setChannels(List<OtherChannel> channels) {
        shown = List.copyOf(channels);
        setVisible(!shown.isEmpty());
        setManaged(!shown.isEmpty());
        requestLayout();
    }

    /** Colours for a dark or light background. */
    public void setDark(boolean v) {
        dark = v;
    }

    @Override
    protected double computePrefHeight(double width) {
        return shown.size() * (STRIP_HEIGHT + GAP);
    }

    @Override
    protected double computeMinHeight(double width) {
        return shown.size() * (MIN_STRIP_HEIGHT + GAP);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
    }

    /** Draws every strip over {@code [start, end]} seconds, as the plot above shows them now. */
    public void draw(double start, double end) {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        drawn.clear();
        if (shown.isEmpty() || plot.getScene() == null || getScene() == null || !(end > start)) {
            return;
        }
        // Where the plot canvas sits relative to this one: a strip's x for time t is the plot's x plus that offset.
        Point2D plotOrigin = plot.localToScene(0, 0);
        Point2D origin = canvas.localToScene(0, 0);
        double dx = plotOrigin.getX() - origin.getX();
        double width = plot.getWidth();
        if (!(width > 2)) {
            return;
        }
        Color trace = dark ? Color.web("#9fb3c8") : Color.web("#3c5a78");
        Color text = dark ? Color.web("#c8ccd2") : Color.web("#30343a");
        Color frame = dark ? Color.rgb(255, 255, 255, 0.12) : Color.rgb(0, 0, 0, 0.12);
        double stripHeight = Math.max(MIN_STRIP_HEIGHT, getHeight() / shown.size() - GAP);
        for (int k = 0; k < shown.size(); k++) {
            OtherChannel c = shown.get(k);
            double top = k * (stripHeight + GAP) + GAP / 2;
            double bottom = top + stripHeight;
            c.envelope(start, end, (int) Math.round(width), envelope);
            SignalExplorerModel.Range r = c.range(envelope);
            gc.setStroke(frame);
            gc.setLineWidth(1);
            gc.strokeRect(Math.floor(dx) + 0.5, top + 0.5, Math.floor(width) - 1, stripHeight - 1);
            gc.save();
            gc.beginPath();
            gc.rect(dx, top, width, stripHeight);
            gc.clip();
            gc.setStroke(trace);
            gc.setLineWidth(1);
            gc.beginPath();
            boolean open = false;
            double firstX = Double.NaN;
            double lastX = Double.NaN;
            for (int i = 0; i < envelope.size(); i++) {
                double v = envelope.ys()[i];
                if (Double.isNaN(v)) {
                    open = false;
                    continue;
                }
                double px = dx + (envelope.xs()[i] - start) / (end - start) * width;
                double py = bottom - (v - r.min()) / (r.max() - r.min()) * stripHeight;
                if (open) {
                    gc.lineTo(px, py);
                } else {
                    gc.moveTo(px, py);
                    open = true;
                }
                firstX = Double.isNaN(firstX) ? px - dx : firstX;
                lastX = px - dx;
            }
            gc.stroke();
            title(gc, c.title(), dx + 6, top + 3, text, dark ? Color.rgb(23, 25, 28, 0.8) : Color.rgb(255, 255, 255, 0.8));
            gc.restore();
            gutter(gc, r, dx, top, bottom, text);
            drawn.add(new Drawn(c.name(), top, bottom, r, envelope.size(), firstX, lastX));
        }
    }

    /** The strip's title on a plate that keeps it readable over the trace. */
    private static void title(GraphicsContext gc, String title, double x, double y, Color text, Color plate) {
        Font font = Font.font(null, javafx.scene.text.FontWeight.BOLD, 11);
        javafx.scene.text.Text measure = new javafx.scene.text.Text(title);
        measure.setFont(font);
        gc.setFill(plate);
        gc.fillRect(x - 3, y - 1, measure.getLayoutBounds().getWidth() + 6, measure.getLayoutBounds().getHeight() + 2);
        gc.setFill(text);
        gc.setFont(font);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(title, x, y);
    }

    /** The strip's value range, right-aligned in the gutter left of the plot. */
    private static void gutter(GraphicsContext gc, SignalExplorerModel.Range r, double dx, double top, double bottom, Color text) {
        double step = TickFormat.unit(r.max() - r.min(), 4, Math.max(Math.abs(r.min()), Math.abs(r.max())));
        gc.setFill(text);
        gc.setTextAlign(TextAlignment.RIGHT);
        gc.setFont(Font.font(10));
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(TickFormat.value(r.max(), step), dx - 6, top + 1);
        gc.setTextBaseline(VPos.BOTTOM);
        gc.fillText(TickFormat.value(r.min(), step), dx - 6, bottom - 1);
    }

    /** What each strip drew in the last pass, top to bottom. */
    public List<Drawn> drawn() {
        return List.copyOf(drawn);
    }
}
