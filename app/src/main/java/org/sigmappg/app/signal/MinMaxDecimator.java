package org.sigmappg.app.signal;

import java.util.Arrays;

/**
 * Min/max-per-pixel decimation of a long signal for drawing: for each pixel column of the visible time range
 * it keeps the lowest and the highest sample, in the order they occur and at their own times, so the drawn
 * line covers exactly the value range of every column and never more than two points per column are drawn.
 * When the visible range holds no more samples than two per column, every sample is returned unchanged.
 *
 * <p>ChartFX's default point reduction keeps most points of a dense PPG (many beats per pixel), which makes
 * a 24-hour recording take close to a minute per frame. Block summaries (the position of the minimum and the
 * maximum of every {@value #BLOCK} samples, built once) make a column cost at most two partial blocks plus
 * one step per whole block, so a fully zoomed-out day of signal decimates in about a millisecond.
 *
 * <p>Missing samples (NaN) are left out of the minimum and maximum; a column with no valid sample gives one
 * NaN point, which breaks the line there.
 */
public final class MinMaxDecimator {
    static final int BLOCK = 64;

    private final float[] y;
    private final double[] x;
    private final double fs;
    private final double t0;
    private final int[] blockMin;
    private final int[] blockMax;

    private MinMaxDecimator(float[] y, double[] x, double fs, double t0) {
        this.y = y;
        this.x = x;
        this.fs = fs;
        this.t0 = t0;
        int blocks = (y.length + BLOCK - 1) / BLOCK;
        blockMin = new int[blocks];
        blockMax = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK;
            int to = Math.min(y.length, from + BLOCK);
            int lo = -1;
            int hi = -1;
            for (int i = from; i < to; i++) {
                float v = y[i];
                if (Float.isNaN(v)) {
                    continue;
                }
                if (lo < 0 || v < y[lo]) {
                    lo = i;
                }
                if (hi < 0 || v > y[hi]) {
                    hi = i;
                }
            }
            blockMin[b] = lo;
            blockMax[b] = hi;
        }
    }

    /** A decimator for samples taken every {@code 1 / fs} seconds, the first at {@code t0}. */
    public static MinMaxDecimator uniform(float[] samples, double fs, double t0) {
        if (!(fs > 0)) {
            throw new IllegalArgumentException("sampling rate must be positive, not " + fs);
        }
        return new MinMaxDecimator(samples, null, fs, t0);
    }

    /** A decimator for samples at the given increasing times (e.g. a 1 Hz label series with gaps). */
    public static MinMaxDecimator atTimes(double[] times, float[] samples) {
        if (times.length != samples.length) {
            throw new IllegalArgumentException(times.length + " times but " + samples.length + " samples");
        }
        return new MinMaxDecimator(samples, times, 0, 0);
    }

    public int size() {
        return y.length;
    }

    /** Time of sample {@code i} in seconds. */
    public double time(int i) {
        return x != null ? x[i] : t0 + i / fs;
    }

    public float value(int i) {
        return y[i];
    }

    /** Index of the last sample at or before {@code t}, clamped to the signal. */
    int indexAtOrBefore(double t) {
        if (y.length == 0) {
            return 0;
        }
        if (x == null) {
            double f = Math.floor((t - t0) * fs);
            return (int) Math.max(0, Math.min(y.length - 1, f));
        }
        int i = Arrays.binarySearch(x, t);
        int at = i >= 0 ? i : -i - 2;
        return Math.max(0, Math.min(y.length - 1, at));
    }

    /** Index of the first sample at or after {@code t}, clamped to the signal. */
    int indexAtOrAfter(double t) {
        if (y.length == 0) {
            return 0;
        }
        if (x == null) {
            double c = Math.ceil((t - t0) * fs);
            return (int) Math.max(0, Math.min(y.length - 1, c));
        }
        int i = Arrays.binarySearch(x, t);
        int at = i >= 0 ? i : -i - 1;
        return Math.max(0, Math.min(y.length - 1, at));
    }

    /** Index of the first sample at or after {@code t}, or {@code size()} when none is. */
    int firstAtOrAfter(double t) {
        if (x == null) {
            // A sample within rounding error of a column boundary belongs to the column that starts there.
            double c = Math.ceil((t - t0) * fs - 1e-9);
            return (int) Math.max(0, Math.min(y.length, c));
        }
        int i = Arrays.binarySearch(x, t);
        return i >= 0 ? i : -i - 1;
    }

    /**
     * Decimates the samples in {@code [from, to]} for {@code columns} pixel columns into {@code out} (its
     * arrays are reused when large enough). The sample just before {@code from} and the one just after
     * {@code to} are included, so the drawn line reaches both edges of the view.
     */
    public Envelope decimate(double from, double to, int columns, Envelope out) {
        if (columns < 1 || !(to > from)) {
            throw new IllegalArgumentException("need a positive width and range, not " + columns + " columns over [" + from + ", " + to + "]");
        }
        Envelope env = out != null ? out : new Envelope();
        env.reset(2 * columns);
        if (y.length == 0) {
            return env;
        }
        int first = indexAtOrBefore(from);
        int last = indexAtOrAfter(to);
        if (time(last) < from || time(first) > to) {
            return env;
        }
        int count = last - first + 1;
        env.exact = count <= 2 * columns;
        if (env.exact) {
            for (int i = first; i <= last; i++) {
                env.add(time(i), y[i]);
            }
            return env;
        }
        double width = (to - from) / columns;
        int a = first;
        for (int c = 0; c < columns; c++) {
            // Column c covers [from + c*width, from + (c+1)*width); the first column also takes the sample before
            // the view and the last one the sample after it.
            int b = c == columns - 1 ? last + 1 : Math.min(last + 1, Math.max(a, firstAtOrAfter(from + (c + 1) * width)));
            if (b > a) {
                emitColumn(a, b, env);
            }
            a = b;
        }
        return env;
    }

    private void emitColumn(int from, int to, Envelope env) {
        int lo = -1;
        int hi = -1;
        int i = from;
        int firstWholeBlock = (from + BLOCK - 1) / BLOCK;
        int endWholeBlock = to / BLOCK;
        if (endWholeBlock > firstWholeBlock) {
            for (; i < firstWholeBlock * BLOCK; i++) {
                float v = y[i];
                if (!Float.isNaN(v)) {
                    if (lo < 0 || v < y[lo]) {
                        lo = i;
                    }
                    if (hi < 0 || v > y[hi]) {
                        hi = i;
                    }
                }
            }
            for (int b = firstWholeBlock; b < endWholeBlock; b++) {
                int bl = blockMin[b];
                if (bl >= 0) {
                    if (lo < 0 || y[bl] < y[lo]) {
                        lo = bl;
                    }
                    int bh = blockMax[b];
                    if (hi < 0 || y[bh] > y[hi]) {
                        hi = bh;
                    }
                }
            }
            i = endWholeBlock * BLOCK;
        }
        for (; i < to; i++) {
            float v = y[i];
            if (!Float.isNaN(v)) {
                if (lo < 0 || v < y[lo]) {
                    lo = i;
                }
                if (hi < 0 || v > y[hi]) {
                    hi = i;
                }
            }
        }
        if (lo < 0) {
            env.add(time(from), Double.NaN);
        } else if (lo == hi) {
            env.add(time(lo), y[lo]);
        } else if (lo < hi) {
            env.add(time(lo), y[lo]);
            env.add(time(hi), y[hi]);
        } else {
            env.add(time(hi), y[hi]);
            env.add(time(lo), y[lo]);
        }
    }

    /** The points to draw: times and values, {@link #size()} of them, plus their value range. */
    public static final class Envelope {
        private double[] xs = new double[0];
        private double[] ys = new double[0];
        private int size;
        private boolean exact;
        private double min;
        private double max;

        void reset(int capacity) {
            if (xs.length < capacity) {
                xs = new double[capacity];
                ys = new double[capacity];
            }
            size = 0;
            exact = false;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
        }

        void add(double t, double v) {
            xs[size] = t;
            ys[size] = v;
            size++;
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }

        /** The time array; only the first {@link #size()} entries are points. */
        public double[] xs() {
            return xs;
        }

        /** The value array; only the first {@link #size()} entries are points. */
        public double[] ys() {
            return ys;
        }

        public int size() {
            return size;
        }

        /** Whether every sample of the range is present (no decimation was needed). */
        public boolean exact() {
            return exact;
        }

        /** Whether any point has a value (not NaN). */
        public boolean hasValues() {
            return min <= max;
        }

        /** Lowest value among the points (positive infinity when none has a value). */
        public double min() {
            return min;
        }

        /** Highest value among the points (negative infinity when none has a value). */
        public double max() {
            return max;
        }
    }
}
