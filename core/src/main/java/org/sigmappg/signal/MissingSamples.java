package org.sigmappg.signal;

/**
 * Finds missing samples (NaN) and fills them so that the filters can run. The filled values are a
 * stand-in, not data: the mask travels with the signal and windows count the filled samples as missing.
 */
public final class MissingSamples {
    private MissingSamples() {
    }

    /** True where the sample is NaN. */
    public static boolean[] mask(float[] x) {
        boolean[] missing = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            missing[i] = Float.isNaN(x[i]);
        }
        return missing;
    }

    /**
     * The samples as doubles with every NaN run replaced by the straight line between its valid neighbours;
     * a run at either end takes the nearest valid value, since there is nothing to interpolate towards.
     *
     * @param source names the signal in the error message (e.g. "channel PLETH")
     * @throws IllegalArgumentException if there are no samples, every sample is missing, or a sample is infinite
     */
    public static double[] fill(float[] x, String source) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException(source + " has no samples");
        }
        double[] y = new double[n];
        int lastValid = -1;
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(x[i])) {
                continue;
            }
            if (Float.isInfinite(x[i])) {
                // The band-pass filter would spread one infinite sample over the whole signal as NaN.
                throw new IllegalArgumentException(source + ": sample " + i + " is " + x[i] + "; a recording must hold"
                        + " finite values (or NaN where a sample is missing)");
            }
            y[i] = x[i];
            if (lastValid < i - 1) {
                fillRun(x, y, lastValid, i);
            }
            lastValid = i;
        }
        if (lastValid < 0) {
            throw new IllegalArgumentException(source + ": all " + n + " samples are missing (NaN); nothing to pre-process");
        }
        if (lastValid < n - 1) {
            fillRun(x, y, lastValid, n);
        }
        return y;
    }

    /** Fills y(left, right) given valid samples at left and right; -1 or n mean "no neighbour on that side". */
    private static void fillRun(float[] x, double[] y, int left, int right) {
        int n = x.length;
        for (int k = left + 1; k < right; k++) {
            if (left < 0) {
                y[k] = x[right];
            } else if (right >= n) {
                y[k] = x[left];
            } else {
                double t = (double) (k - left) / (right - left);
                y[k] = x[left] + t * ((double) x[right] - x[left]);
            }
        }
    }
}
