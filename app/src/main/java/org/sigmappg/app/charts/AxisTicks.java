package org.sigmappg.app.charts;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The range and tick labels of a chart axis, chosen from the data: ticks at 1, 2, 2.5 or 5 times a power of ten, as
 * many decimals as the tick spacing needs (ticks 0.25 apart read 0.25 and 0.50, not 0.3 and 0.5), whole numbers only
 * on an axis of counts (steps, epochs), and a padded range around a single value instead of a span of zero (whose
 * labels read {@code 52.0012076542821}). Without JavaFX; {@link FittedAxis} shows it.
 *
 * @param unit the spacing of the major ticks
 */
public record AxisTicks(double lower, double upper, double unit) {
    /** Decimals beyond which labels are written as powers of ten ({@code 5e-7}). */
    private static final int MAX_DECIMALS = 6;

    /**
     * Ticks covering {@code min} to {@code max} with at most about {@code maxTicks} major ticks.
     *
     * @param whole whether the axis counts (steps, epochs): its ticks are then whole numbers
     */
    public static AxisTicks of(double min, double max, int maxTicks, boolean whole) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return new AxisTicks(0, 1, whole ? 1 : 0.2);
        }
        double lo = Math.min(min, max);
        double hi = Math.max(min, max);
        if (hi - lo <= Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))) * 4) {
            // One value (a live chart's first point): a range around it, not a span of zero.
            double pad = whole ? 1 : lo == 0 ? 1 : Math.abs(lo) * 0.05;
            lo -= pad;
            hi += pad;
        }
        double unit = nice((hi - lo) / Math.max(1, maxTicks - 1), whole);
        double lower = Math.floor(lo / unit + 1e-9) * unit;
        double upper = Math.ceil(hi / unit - 1e-9) * unit;
        return new AxisTicks(lower, upper, unit);
    }

    /** The smallest of 1, 2, 2.5, 5 (2.5 not for counts) times a power of ten that is at least {@code raw}. */
    static double nice(double raw, boolean whole) {
        if (whole && raw <= 1) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        double n;
        if (f <= 1 + 1e-9) {
            n = 1;
        } else if (f <= 2 + 1e-9) {
            n = 2;
        } else if (f <= 2.5 + 1e-9 && !(whole && power == 1)) {
            n = 2.5;
        } else if (f <= 5 + 1e-9) {
            n = 5;
        } else {
            n = 10;
        }
        return n * power;
    }

    /** The decimals that show ticks {@code unit} apart exactly: 0 for 5, 1 for 0.2, 2 for 0.25, 4 for 1e-4. */
    static int decimals(double unit) {
        for (int d = 0; d <= MAX_DECIMALS; d++) {
            double scaled = unit * Math.pow(10, d);
            if (Math.rint(scaled) >= 1 && Math.abs(scaled - Math.rint(scaled)) < 1e-6 * scaled) {
                return d;
            }
        }
        return MAX_DECIMALS + 1;
    }

    /** A tick label: {@code value} with the decimals the spacing needs; below about 1e-6 apart, as a power of ten. */
    public String label(double value) {
        return label(value, unit);
    }

    /** A tick label for ticks {@code unit} apart. */
    public static String label(double value, double unit) {
        if (!Double.isFinite(value)) {
            return "";
        }
        int d = decimals(unit);
        if (d > MAX_DECIMALS) {
            return value == 0 ? "0" : BigDecimal.valueOf(value).round(new java.math.MathContext(3)).stripTrailingZeros().toString()
                    .replace("E", "e").replace("e+", "e");
        }
        String s = String.format(Locale.ROOT, "%." + d + "f", value);
        // A tick a rounding error below zero reads "-0.00".
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }
}
