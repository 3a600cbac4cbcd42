package org.sigmappg.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import io.fair_acc.chartfx.axes.spi.AbstractAxis;
import io.fair_acc.chartfx.axes.spi.TickMark;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A run's curve chart as drawn: axis titles without empty unit brackets, and tick labels that say their values exactly. */
@ExtendWith(ApplicationExtension.class)
class MetricChartFxTest {
    MetricChart chart;

    @Start
    void start(Stage stage) {
        chart = new MetricChart("Accuracy", "step", "accuracy");
        stage.setScene(new Scene(new StackPane(chart.node()), 500, 320));
        stage.show();
    }

    private static List<String> labels(AbstractAxis axis) {
        return onFx(() -> axis.getTickMarks().stream().map(TickMark::getText).filter(t -> t != null && !t.isEmpty()).toList());
    }

    private static List<Double> values(AbstractAxis axis) {
        return onFx(() -> axis.getTickMarks().stream().filter(t -> t.getText() != null && !t.getText().isEmpty()).map(TickMark::getValue).toList());
    }

    @Test
    void aOnePointLiveChartHasShortLabelsAndPlainTitles() {
        onFx(() -> {
            chart.setSeries(List.of(new MetricChart.Series("held out", new double[] {52}, new double[] {0.412076542821}, null, false, true)));
            return null;
        });
        AbstractAxis x = (AbstractAxis) chart.node().getXAxis();
        AbstractAxis y = (AbstractAxis) chart.node().getYAxis();
        waitUntil("the axes are ticked", 20, () -> !labels(x).isEmpty() && !labels(y).isEmpty());
        assertEquals("step", onFx(() -> x.getAxisLabel().getText()), "no empty unit brackets");
        assertEquals("accuracy", onFx(() -> y.getAxisLabel().getText()));
        assertTrue(labels(x).contains("52"), labels(x).toString());
        for (String l : labels(y)) {
            assertTrue(l.length() <= 6, "a short label, not the raw double: " + labels(y));
        }
        assertTrue(values(y).get(0) < 0.412 && values(y).get(values(y).size() - 1) > 0.412, "the point is inside the range");
    }

    @Test
    void tickLabelsSayTheirValuesExactly() {
        onFx(() -> {
            chart.setSeries(List.of(new MetricChart.Series("loss", new double[] {0, 400, 800, 1130}, new double[] {1.3, 0.8, 0.3, -0.3}, null, false, true)));
            return null;
        });
        AbstractAxis y = (AbstractAxis) chart.node().getYAxis();
        waitUntil("the axis is ticked", 20, () -> labels(y).size() >= 3);
        List<String> shown = labels(y);
        List<Double> at = values(y);
        for (int i = 0; i < shown.size(); i++) {
            assertEquals(at.get(i), Double.parseDouble(shown.get(i)), 1e-9, "the label of the tick at " + at.get(i) + " reads " + shown.get(i));
        }
        assertFalse(labels((AbstractAxis) chart.node().getXAxis()).stream().anyMatch(l -> l.contains(".")), "steps are whole");
    }
}
