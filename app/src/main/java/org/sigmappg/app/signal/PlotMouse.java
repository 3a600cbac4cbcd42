package org.sigmappg.app.signal;

import io.fair_acc.chartfx.XYChart;
import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * The mouse on the signal explorer's plot: the wheel zooms about the pointer, a drag pans, a double-click shows the
 * whole record, a click on the code band marks the code there, and hovering describes the patch under the pointer.
 */
final class PlotMouse {
    private static final double WHEEL_STEP = 1.25;

    private final SignalExplorerView view;
    private final XYChart chart;
    private double dragX = Double.NaN;
    private double dragStart;

    PlotMouse(SignalExplorerView view, XYChart chart) {
        this.view = view;
        this.chart = chart;
        install();
    }

    private void install() {
        // Filters, not handlers: ChartFX's plot area consumes some mouse events before they would bubble up to us.
        chart.addEventHandler(ScrollEvent.SCROLL, e -> {
            SignalExplorerModel model = view.model();
            if (model == null || plotX(e.getSceneX(), e.getSceneY()).isEmpty()) {
                return;
            }
            double px = plotX(e.getSceneX(), e.getSceneY()).get();
            if (Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
                model.viewport().pan(-e.getDeltaX() / plotWidth() * model.viewport().span());
            } else if (e.getDeltaY() != 0) {
                // One wheel notch is deltaY / multiplierY; a touchpad sends fractions of a notch.
                double notches = e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : 40);
                double factor = Math.pow(WHEEL_STEP, notches);
                model.viewport().zoom(factor, model.viewport().timeAt(px, plotWidth()));
            }
            view.update();
            e.consume();
        });
        chart.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (view.model() != null && e.getButton() == MouseButton.PRIMARY) {
                view.node().requestFocus();
                plotX(e.getSceneX(), e.getSceneY()).ifPresent(px -> {
                    dragX = px;
                    dragStart = view.model().viewport().start();
                });
            }
        });
        chart.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> {
            SignalExplorerModel model = view.model();
            if (model == null || Double.isNaN(dragX)) {
                return;
            }
            double px = chart.getCanvas().sceneToLocal(e.getSceneX(), e.getSceneY()).getX();
            double seconds = -(px - dragX) / plotWidth() * model.viewport().span();
            double span = model.viewport().span();
            model.viewport().set(dragStart + seconds, dragStart + seconds + span);
            chart.setCursor(Cursor.CLOSED_HAND);
            view.update();
            e.consume();
        });
        chart.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            dragX = Double.NaN;
            chart.setCursor(Cursor.DEFAULT);
        });
        chart.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (view.model() != null && e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                view.resetZoom();
                e.consume();
            } else if (view.model() != null && e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                clickBand(e.getSceneX(), e.getSceneY());
            }
        });
        chart.addEventFilter(MouseEvent.MOUSE_MOVED, e -> hover(e.getSceneX(), e.getSceneY()));
        chart.addEventHandler(MouseEvent.MOUSE_EXITED, e -> view.clearHover());
    }

    /** A click on the code band marks every place of the code under the mouse; a click on a marked code clears the mark. */
    private void clickBand(double sceneX, double sceneY) {
        SignalExplorerModel model = view.model();
        Point2D p = chart.getCanvas().sceneToLocal(sceneX, sceneY);
        if (p == null || model.codes() == null) {
            return;
        }
        PatchTrackRenderer bands = view.bandRenderer();
        Optional<PatchTrackRenderer.Band> band = bands.bandAt(p.getY(), chart.getCanvas().getHeight());
        Optional<Double> px = plotX(sceneX, sceneY);
        if (band.isEmpty() || band.get() != PatchTrackRenderer.Band.CODES || px.isEmpty()) {
            return;
        }
        int patch = model.signals().patches().indexAt(model.viewport().timeAt(px.get(), plotWidth()));
        int code = patch < 0 ? -1 : model.codes().code(patch);
        view.highlightCode(code == bands.highlightCode() ? -1 : code);
    }

    /** The horizontal position in the plot of a scene point, if the point lies over the plot. */
    private Optional<Double> plotX(double sceneX, double sceneY) {
        Point2D p = chart.getCanvas().sceneToLocal(sceneX, sceneY);
        if (p == null || p.getX() < 0 || p.getX() > plotWidth() || p.getY() < 0 || p.getY() > chart.getCanvas().getHeight()) {
            return Optional.empty();
        }
        return Optional.of(p.getX());
    }

    private double plotWidth() {
        return Math.max(1, chart.getCanvas().getWidth());
    }

    private void hover(double sceneX, double sceneY) {
        SignalExplorerModel model = view.model();
        if (model == null) {
            return;
        }
        Optional<Double> px = plotX(sceneX, sceneY);
        if (px.isEmpty()) {
            view.clearHover();
            return;
        }
        view.hoverAt(model.viewport().timeAt(px.get(), plotWidth()));
    }
}
