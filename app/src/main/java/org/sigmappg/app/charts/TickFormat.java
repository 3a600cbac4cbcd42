package org.sigmappg.app.charts;

import java.util.Locale;

/**
 * Axis ticks that read well: steps of 1, 2, 2.5 or 5 times a power of ten, and labels with exactly the decimals
 * the step needs (ticks 0.25 apart read 0.25, 0.50, 0.75, never 0.3, 0.5, 0.8), thousands separated, never in
 * scientific notation and never "-0". No JavaFX here; {@link ValueAxis} puts it on a chart.
 */
public final class TickFormat {
    /** Multiples of a power of ten a tick step may be. */
    private static final double[] STEPS = {1, 2, 2.5, 5, 10};
    /** Most decimals a label carries (a step below 1e-9 is shown with these). */
    private static final int MAX_DECIMALS = 9;

    private TickFormat() {
    }

    /**
     * The smallest step of 1, 2, 2.5 or 5 times a power of ten that puts at most {@code maxTicks} ticks on
     * {@code span}; for an empty or undefined span (one point) a step of the value's own order, {@code magnitude}.
     */
    public static double unit(double span, int maxTicks, double magnitude) {
        if (!(span > 0) || Double.isInfinite(span)) {
            double m = Math.abs(magnitude);
            return m > 0 && Double.isFinite(m) ? Math.pow(10, Math.floor(Math.log10(m)) - 1) : 1;
        }
        double wanted = span / Math.max(1, maxTicks);
        double power = Math.pow(10, Math.floor(Math.log10(wanted)));
        for (double s : STEPS) {
            if (s * power >= wanted * (1 - 1e-9)) {
                return s * power;
            }
        }
        return 10 * power;
    }

    /** The decimals a label needs for ticks {@code unit} apart: 0 for 5, 1 for 0.5, 2 for 0.25. */
    public static int decimals(double unit) {
        if (!(unit > 0) || Double.isInfinite(unit)) {
            return 0;
        }
        for (int d = 0; d < MAX_DECIMALS; d++) {
            double scaled = unit * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return d;
            }
        }
        return MAX_DECIMALS;
    }

    /** {@code v} as a tick label on an axis whose ticks are {@code unit} apart. */
    public static String value(double v, double unit) {
        return number(v, decimals(unit));
    }

    /** {@code v} with {@code decimals} decimals and thousands separated, never as 2.5E5 or -0. */
    public static String number(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return "";
        }
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        return s.matches("-[0,.]*") ? s.substring(1) : s;
    }
}
