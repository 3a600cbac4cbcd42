package org.sigmappg.signal;

import java.util.Arrays;

/** Robust and moment statistics used by the quality checks and the statistical priors. */
public final class StatsTools {
    private StatsTools() {
    }

    /** Median of {@code x} (mean of the two middle values for even lengths); the input is not changed. */
    public static double median(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("median of an empty array is undefined");
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /**
     * Median absolute deviation from the median, unscaled. Multiply by 1.4826 to estimate the standard
     * deviation of normally distributed data.
     */
    public static double mad(double[] x) {
        double m = median(x);
        double[] dev = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            dev[i] = Math.abs(x[i] - m);
        }
        return median(dev);
    }

    /** Population standard deviation (divisor n) of {@code x[from..to)}. */
    public static double std(float[] x, int from, int to) {
        return Math.sqrt(moments(x, from, to)[1]);
    }

    /**
     * Population (biased) skewness m3 / m2^1.5 of {@code x[from..to)}, as scipy.stats.skew with its
     * default {@code bias=True}; 0 for a constant stretch, whose skewness is otherwise 0/0.
     */
    public static double skewness(float[] x, int from, int to) {
        return skewness(moments(x, from, to));
    }

    /** Skewness from {@link #moments}: m3 / m2^1.5, 0 when m2 is 0. */
    public static double skewness(double[] moments) {
        return moments[1] == 0 ? 0 : moments[2] / Math.pow(moments[1], 1.5);
    }

    /**
     * Mean and the second and third central moments (divisor n) of {@code x[from..to)}, as
     * {@code {mean, m2, m3}}: two passes, so that the moments do not suffer the cancellation of raw sums.
     */
    public static double[] moments(float[] x, int from, int to) {
        checkRange(x.length, from, to);
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i];
        }
        int n = to - from;
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        for (int i = from; i < to; i++) {
            double d = x[i] - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
        }
        return new double[] {mean, m2 / n, m3 / n};
    }

    private static void checkRange(int length, int from, int to) {
        if (from < 0 || to > length || from >= to) {
            throw new IllegalArgumentException("need a non-empty range inside [0, " + length + "), got [" + from + ", " + to + ")");
        }
    }

    /**
     * Quantiles of the non-NaN values of {@code x} with linear interpolation between order statistics
     * (numpy's default {@code method='linear'}); NaN when there are no valid values. Uses selection on one
     * copy, not a full sort, because it runs on whole recordings.
     */
    public static double[] quantiles(float[] x, double... qs) {
        float[] valid = new float[x.length];
        int n = 0;
        for (float v : x) {
            if (!Float.isNaN(v)) {
                valid[n++] = v;
            }
        }
        double[] result = new double[qs.length];
        for (int r = 0; r < qs.length; r++) {
            double q = qs[r];
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
            }
            if (n == 0) {
                result[r] = Double.NaN;
                continue;
            }
            double pos = q * (n - 1);
            int lo = (int) Math.floor(pos);
            double vLo = select(valid, n, lo);
            // After selecting lo every element right of it is >= it, so the next order statistic is their minimum.
            double vHi = vLo;
            if (lo + 1 < n) {
                float min = Float.POSITIVE_INFINITY;
                for (int i = lo + 1; i < n; i++) {
                    min = Math.min(min, valid[i]);
                }
                vHi = min;
            }
            result[r] = vLo + (pos - lo) * (vHi - vLo);
        }
        return result;
    }

    /** k-th smallest of a[0..n) by iterative quickselect with median-of-three pivots; reorders a. */
    private static float select(float[] a, int n, int k) {
        int left = 0;
        int right = n - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            float pivot = medianOfThree(a[left], a[mid], a[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static float medianOfThree(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
