package org.sigmappg.eval;

/**
 * Per-feature standardisation fitted on the TRAINING rows of a fold only: missing values (NaN) are
 * replaced by the training median, then each column is centred and scaled by its training mean and
 * standard deviation. A column constant on the training rows becomes 0 everywhere (it cannot inform a
 * linear head and must not blow up). Test rows are transformed with the training statistics, so nothing
 * about the test fold leaks into the head.
 */
final class Standardiser {
    private final double[] median;
    private final double[] mean;
    private final double[] scale;

    private Standardiser(double[] median, double[] mean, double[] scale) {
        this.median = median;
        this.mean = mean;
        this.scale = scale;
    }

    /** Fits the statistics on {@code rows} of {@code x}. */
    static Standardiser fit(double[][] x, int[] rows) {
        int d = x[rows[0]].length;
        double[] median = new double[d];
        double[] mean = new double[d];
        double[] scale = new double[d];
        double[] column = new double[rows.length];
        for (int j = 0; j < d; j++) {
            int n = 0;
            for (int r : rows) {
                double v = x[r][j];
                if (!Double.isNaN(v)) {
                    column[n++] = v;
                }
            }
            median[j] = n == 0 ? 0 : median(column, n);
            double sum = 0;
            for (int r : rows) {
                sum += value(x[r][j], median[j]);
            }
            mean[j] = sum / rows.length;
            double ss = 0;
            for (int r : rows) {
                double dv = value(x[r][j], median[j]) - mean[j];
                ss += dv * dv;
            }
            double sd = Math.sqrt(ss / rows.length);
            scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : Double.POSITIVE_INFINITY;
        }
        return new Standardiser(median, mean, scale);
    }

    private static double median(double[] values, int n) {
        double[] sorted = java.util.Arrays.copyOf(values, n);
        java.util.Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static double value(double v, double fill) {
        return Double.isNaN(v) ? fill : v;
    }

    /** The standardised copies of {@code rows} of {@code x}. */
    double[][] transform(double[][] x, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = transform(x[rows[i]]);
        }
        return out;
    }

    double[] transform(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (value(row[j], median[j]) - mean[j]) / scale[j];
        }
        return out;
    }
}
