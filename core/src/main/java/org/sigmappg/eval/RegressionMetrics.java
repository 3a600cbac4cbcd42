package org.sigmappg.eval;

import java.util.EnumMap;
import java.util.Map;

/**
 * Regression figures of predictions against reference values: MAE, RMSE, Pearson r, and Bland-Altman
 * agreement (differences are prediction minus reference; limits of agreement are bias +/- 1.96 times the
 * sample standard deviation of the differences, divisor n - 1, as Bland and Altman 1986).
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /** Bland-Altman bias, SD of the differences and the limits of agreement. */
    public record BlandAltman(double bias, double sd, double lower, double upper) {
    }

    /**
     * Every regression figure of {@code predicted} against {@code reference} over {@code units}, with the
     * blood-pressure figures ({@link Metric#BLOOD_PRESSURE}, {@link BloodPressureCriteria}) when asked.
     */
    public static Map<Metric, Double> all(double[] reference, double[] predicted, int[] units, boolean bloodPressure) {
        double[] r = new double[units.length];
        double[] p = new double[units.length];
        for (int i = 0; i < units.length; i++) {
            r[i] = reference[units[i]];
            p[i] = predicted[units[i]];
        }
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        out.put(Metric.MAE, mae(r, p));
        out.put(Metric.RMSE, rmse(r, p));
        out.put(Metric.PEARSON_R, pearson(r, p));
        BlandAltman ba = blandAltman(r, p);
        out.put(Metric.BA_BIAS, ba.bias());
        out.put(Metric.BA_LOA_LOW, ba.lower());
        out.put(Metric.BA_LOA_HIGH, ba.upper());
        if (bloodPressure) {
            double[] errors = new double[units.length];
            for (int i = 0; i < errors.length; i++) {
                errors[i] = p[i] - r[i];
            }
            double[] within = BloodPressureCriteria.withinBands(errors);
            out.put(Metric.ERROR_SD, ba.sd());
            out.put(Metric.WITHIN_5, within[0]);
            out.put(Metric.WITHIN_10, within[1]);
            out.put(Metric.WITHIN_15, within[2]);
            out.put(Metric.BHS_GRADE, BloodPressureCriteria.grade(within[0], within[1], within[2]));
        }
        return out;
    }

    public static double mae(double[] reference, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            sum += Math.abs(predicted[i] - reference[i]);
        }
        return reference.length == 0 ? Double.NaN : sum / reference.length;
    }

    public static double rmse(double[] reference, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double e = predicted[i] - reference[i];
            sum += e * e;
        }
        return reference.length == 0 ? Double.NaN : Math.sqrt(sum / reference.length);
    }

    /** Pearson's r; NaN when either side is constant (the correlation is undefined). */
    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        // Relative thresholds: predictions that vary only by rounding are constant, not perfectly correlated.
        if (sxx <= 1e-24 * Math.max(1, mx * mx) * n || syy <= 1e-24 * Math.max(1, my * my) * n) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    public static BlandAltman blandAltman(double[] reference, double[] predicted) {
        int n = reference.length;
        if (n < 2) {
            return new BlandAltman(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += predicted[i] - reference[i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = predicted[i] - reference[i] - mean;
            ss += d * d;
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new BlandAltman(mean, sd, mean - 1.96 * sd, mean + 1.96 * sd);
    }
}
