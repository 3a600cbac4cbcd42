package org.sigmappg.app.charts;

import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import javafx.util.StringConverter;

/**
 * A ChartFX number axis whose ticks and labels follow {@link TickFormat}: steps of 1, 2, 2.5 or 5 times a power
 * of ten about every {@value #PIXELS_PER_TICK} pixels, labels with the decimals the step needs, and a title with
 * its unit in brackets only when there is a unit (ChartFX writes "name []" for an empty one).
 */
public class ValueAxis extends DefaultNumericAxis {
    /** Tick labels need about this many pixels each. */
    public static final double PIXELS_PER_TICK = 60;

    private double unit = 1;

    public ValueAxis(String name) {
        super(name);
        setAutoUnitScaling(false);
        setUnit(null);
        setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return label(n.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are not edited");
            }
        });
    }

    /** Sets the title: {@code name}, and {@code unit} in brackets unless it is null or blank. */
    public void setTitle(String name, String unit) {
        setName(name);
        setUnit(unit == null || unit.isBlank() ? null : unit.strip());
    }

    @Override
    public double computePreferredTickUnit(double axisLength) {
        unit = chooseUnit(getMax() - getMin(), (int) Math.max(2, axisLength / pixelsPerTick()), Math.max(Math.abs(getMin()), Math.abs(getMax())));
        return unit;
    }

    /** The tick step for {@code span} with at most {@code maxTicks} ticks; a subclass may choose its own steps. */
    protected double chooseUnit(double span, int maxTicks, double magnitude) {
        return TickFormat.unit(span, maxTicks, magnitude);
    }

    /** Pixels each tick label needs. */
    protected double pixelsPerTick() {
        return PIXELS_PER_TICK;
    }

    /** The tick step chosen at the last layout. */
    public double tickStep() {
        return unit;
    }

    /** The label of a tick at {@code v}; a subclass may write it its own way (a clock). */
    protected String label(double v) {
        return TickFormat.value(v, unit);
    }
}
