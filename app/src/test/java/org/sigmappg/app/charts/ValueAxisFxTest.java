package org.sigmappg.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.TickMark;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The shared value axis on a real chart: ticks 0.25 apart read 0.25, 0.50, 0.75, and a blank unit adds no brackets. */
@ExtendWith(ApplicationExtension.class)
class ValueAxisFxTest {
    ValueAxis x;
    ValueAxis y;
    XYChart chart;

    @Start
    void start(Stage stage) {
        x = new ValueAxis("step");
        y = new ValueAxis("signal");
        for (ValueAxis a : List.of(x, y)) {
            a.setAutoRanging(false);
            a.setAnimated(false);
        }
        chart = new XYChart(x, y);
        chart.setAnimated(false);
        stage.setScene(new Scene(chart, 700, 600));
        stage.show();
    }

    @Test
    void ticksAQuarterApartReadWithTwoDecimals() {
        waitUntil("the chart is laid out", 20, () -> y.getLength() > 100);
        double length = onFx(y::getLength);
        // A range whose best step is 0.25: just under a quarter per tick at the axis's tick spacing.
        double span = 0.24 * (int) Math.max(2, length / ValueAxis.PIXELS_PER_TICK);
        onFx(() -> {
            y.set(-0.26, -0.26 + span);
            x.set(0, 1);
            return null;
        });
        waitUntil("the ticks follow the range", 20, () -> Math.abs(y.tickStep() - 0.25) < 1e-12 && !y.getTickMarks().isEmpty()
                && y.getTickMarks().get(0).getValue() > -0.26);
        List<TickMark> ticks = onFx(() -> List.copyOf(y.getTickMarks()));
        assertTrue(ticks.size() >= 3, ticks.size() + " ticks");
        for (TickMark t : ticks) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.2f", t.getValue()), t.getText());
        }
        assertTrue(ticks.stream().anyMatch(t -> t.getText().endsWith(".25") || t.getText().endsWith(".75")), ticks.toString());
    }

    @Test
    void aTitleWithoutAUnitHasNoBrackets() {
        onFx(() -> {
            y.setTitle("MAE", "");
            x.setTitle("step", null);
            return null;
        });
        assertEquals(null, onFx(y::getUnit));
        assertEquals(null, onFx(x::getUnit));
        onFx(() -> {
            y.setTitle("MAE", " bpm ");
            return null;
        });
        assertEquals("bpm", onFx(y::getUnit));
    }
}
