package org.sigmappg.app.charts;

import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import javafx.util.StringConverter;

/**
 * A ChartFX numeric axis that shows the range, tick spacing and labels of the {@link AxisTicks} it is fitted to, where
 * ChartFX would choose a spacing from the axis length alone (ticks 0.1 apart on an axis of whole epochs) and label
 * it with too few or too many decimals. Its title carries no unit brackets.
 */
public class FittedAxis extends DefaultNumericAxis {
    private AxisTicks ticks;

    public FittedAxis(String name) {
        super(name);
        setAnimated(false);
        setAutoUnitScaling(false);
        // Without a unit ChartFX still writes "name []".
        setUnit(null);
        setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n == null ? "" : ticks != null ? ticks.label(n.doubleValue()) : AxisTicks.label(n.doubleValue(), getTickUnit());
            }

            @Override
            public Number fromString(String s) {
                return Double.parseDouble(s);
            }
        });
    }

    /** Shows {@code t}'s range and ticks. */
    public void fit(AxisTicks t) {
        ticks = t;
        setAutoRanging(false);
        set(t.lower(), t.upper());
        setTickUnit(t.unit());
        requestAxisLayout();
    }

    /** The ticks shown, or null before the axis was fitted. */
    public AxisTicks ticks() {
        return ticks;
    }

    @Override
    public double computePreferredTickUnit(double axisLength) {
        return ticks != null ? ticks.unit() : super.computePreferredTickUnit(axisLength);
    }
}
