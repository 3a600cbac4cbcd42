package org.sigmappg.app.signal;

import org.sigmappg.app.charts.TimeFormat;
import org.sigmappg.app.charts.ValueAxis;

/**
 * A time axis whose ticks fall on clock-friendly steps (1, 2, 5, 10, 15, 30 s, minutes, hours) instead of
 * 1-2.5-5 steps, labelled in the record's time style with the decimals the step needs.
 */
final class TimeAxis extends ValueAxis {
    /** Time tick labels need about this many pixels each. */
    private static final double PIXELS_PER_TICK = 95;

    private TimeFormat.Style style = TimeFormat.Style.MINUTES;

    TimeAxis() {
        super(TimeFormat.Style.MINUTES.axisTitle());
    }

    void setStyle(TimeFormat.Style s) {
        style = s;
        setName(s.axisTitle());
    }

    @Override
    protected double chooseUnit(double span, int maxTicks, double magnitude) {
        return TimeFormat.tickUnit(span, maxTicks);
    }

    @Override
    protected double pixelsPerTick() {
        return PIXELS_PER_TICK;
    }

    @Override
    protected String label(double v) {
        return TimeFormat.tick(v, tickStep(), style);
    }
}
