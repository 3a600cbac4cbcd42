package org.sigmappg.app.signal;

import java.util.function.DoubleToIntFunction;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import org.sigmappg.app.charts.MaskColourScale;

/**
 * The legend under the signal explorer's plot: the QC shades, the prior's colour scale and, while a mask band is
 * shown, the scale of the teacher's masking probability.
 */
final class ExplorerLegend {
    private final HBox box = new HBox(6);
    private final HBox maskLegend = new HBox(6);

    /** Fills the legend (on the JavaFX thread, once the view shows a record) and returns it. */
    Node build() {
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("explorer-legend");
        for (PatchTrack.Qc kind : PatchTrack.Qc.values()) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll("legend-swatch", "qc-" + kind.label());
            box.getChildren().addAll(swatch, new Label(kind.label()));
        }
        Region prior = gradient(PriorColourScale::rgb, "Prior score P from 0 (left) to 1 (right); where patches are narrower than a "
                + "pixel, a pixel shows the lowest P among them");
        Region mask = gradient(MaskColourScale::rgb, "The teacher's probability of masking a patch, 0 (left) to 1 (right); where "
                + "patches are narrower than a pixel, a pixel shows the highest");
        maskLegend.getChildren().setAll(new Separator(Orientation.VERTICAL), new Label("mask p 0"), mask, new Label("1"));
        maskLegend.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().addAll(new Separator(Orientation.VERTICAL), new Label("P 0"), prior, new Label("1"), maskLegend);
        return box;
    }

    /** Shows the mask scale while a mask band is drawn, and hides it otherwise. */
    void showMasks(boolean on) {
        maskLegend.setVisible(on);
        maskLegend.setManaged(on);
    }

    private static Region gradient(DoubleToIntFunction scale, String tip) {
        Region gradient = new Region();
        gradient.getStyleClass().add("legend-gradient");
        Stop[] stops = new Stop[5];
        for (int i = 0; i < stops.length; i++) {
            int rgb = scale.applyAsInt(i / 4.0);
            stops[i] = new Stop(i / 4.0, Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
        }
        gradient.setBackground(new Background(new BackgroundFill(new LinearGradient(0, 0, 1, 0, true, CycleMethod.NO_CYCLE, stops), null, null)));
        gradient.setPrefSize(70, 10);
        gradient.setMinSize(70, 10);
        gradient.setMaxHeight(10);
        Tooltip.install(gradient, new Tooltip(tip));
        return gradient;
    }
}
