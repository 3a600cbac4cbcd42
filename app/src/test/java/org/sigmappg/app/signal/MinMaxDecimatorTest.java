package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MinMaxDecimatorTest {
    private static float[] pulses(int n, double fs, long seed) {
        Random r = new Random(seed);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / fs;
            y[i] = (float) (Math.sin(2 * Math.PI * 1.2 * t) + 0.3 * Math.sin(2 * Math.PI * 0.25 * t) + 0.05 * r.nextGaussian());
        }
        return y;
    }

    @Test
    void everySampleIsReturnedUnchangedWhenTheyFitTwicePerColumn() {
        float[] y = pulses(10_000, 125, 1);
        MinMaxDecimator d = MinMaxDecimator.uniform(y, 125, 0);
        // 2.0 s at 125 Hz: 251 samples (plus the one before and after) for 200 columns.
        MinMaxDecimator.Envelope e = d.decimate(10.0, 12.0, 200, null);
        assertTrue(e.exact());
        assertEquals(251, e.size());
        for (int k = 0; k < e.size(); k++) {
            int i = 1250 + k;
            assertEquals(i / 125.0, e.xs()[k], 1e-12);
            assertEquals(y[i], e.ys()[k], 0);
        }
    }

    @Test
    void envelopeHoldsEveryColumnsLowestAndHighestSampleAndNoMoreThanTwoPointsPerColumn() {
        double fs = 125;
        float[] y = pulses(1_000_003, fs, 2);
        Random r = new Random(3);
        for (int i = 0; i < 400; i++) {
            y[r.nextInt(y.length)] = Float.NaN;
        }
        MinMaxDecimator d = MinMaxDecimator.uniform(y, fs, 0);
        MinMaxDecimator.Envelope e = new MinMaxDecimator.Envelope();
        for (int trial = 0; trial < 20; trial++) {
            double from = r.nextDouble() * 7000;
            double to = from + 60 + r.nextDouble() * (7939 - from);
            int columns = 100 + r.nextInt(1800);
            d.decimate(from, to, columns, e);
            assertFalse(e.exact());
            assertTrue(e.size() <= 2 * columns, e.size() + " points for " + columns + " columns");
            checkColumns(d, y, fs, from, to, columns, e);
        }
    }

    /**
     * Brute force: for each pixel column the true min and max of its samples must be among the column's points.
     * Column c holds the samples from the first one at or after {@code from + c * width} (the first column also
     * the sample before the view, the last one the sample after it).
     */
    private static void checkColumns(MinMaxDecimator d, float[] y, double fs, double from, double to, int columns,
                                     MinMaxDecimator.Envelope e) {
        double width = (to - from) / columns;
        int first = (int) Math.floor(from * fs);
        int last = Math.min(y.length - 1, (int) Math.ceil(to * fs));
        int[] start = new int[columns + 1];
        for (int c = 0; c < columns; c++) {
            start[c] = c == 0 ? first : Math.max(start[c - 1], Math.min(last + 1, d.firstAtOrAfter(from + c * width)));
        }
        start[columns] = last + 1;
        double[] lo = new double[columns];
        double[] hi = new double[columns];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < columns; c++) {
            for (int i = start[c]; i < start[c + 1]; i++) {
                if (!Float.isNaN(y[i])) {
                    lo[c] = Math.min(lo[c], y[i]);
                    hi[c] = Math.max(hi[c], y[i]);
                }
            }
        }
        double[] gotLo = new double[columns];
        double[] gotHi = new double[columns];
        java.util.Arrays.fill(gotLo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(gotHi, Double.NEGATIVE_INFINITY);
        double previous = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < e.size(); k++) {
            double t = e.xs()[k];
            assertTrue(t >= previous, "points in time order");
            previous = t;
            double v = e.ys()[k];
            if (Double.isNaN(v)) {
                continue;
            }
            int i = (int) Math.round(t * fs);
            assertEquals(y[i], v, 0, "a point is a real sample at its own time");
            int c = columnOf(start, columns, i);
            gotLo[c] = Math.min(gotLo[c], v);
            gotHi[c] = Math.max(gotHi[c], v);
        }
        for (int c = 0; c < columns; c++) {
            assertEquals(lo[c], gotLo[c], 0, "column " + c + " minimum");
            assertEquals(hi[c], gotHi[c], 0, "column " + c + " maximum");
        }
    }

    /** The last column whose first sample is at or before sample {@code i} (empty columns share their start). */
    private static int columnOf(int[] start, int columns, int i) {
        int lo = 0;
        int hi = columns;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] <= i) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    @Test
    void pointCountStaysBoundedForADayOfSignal() {
        float[] y = pulses(10_800_000, 125, 4);
        MinMaxDecimator d = MinMaxDecimator.uniform(y, 125, 0);
        for (int columns : new int[] {1, 2, 17, 640, 1920, 3840}) {
            MinMaxDecimator.Envelope e = d.decimate(0, 86_400, columns, null);
            assertTrue(e.size() <= 2 * columns);
            assertTrue(e.size() >= columns, "a dense signal gives at least one point per column");
            assertTrue(e.min() < -1 && e.max() > 1, "the envelope reaches the signal's extremes");
        }
    }

    @Test
    void aColumnWithoutValidSamplesBreaksTheLine() {
        float[] y = new float[1000];
        java.util.Arrays.fill(y, 1f);
        java.util.Arrays.fill(y, 400, 600, Float.NaN);
        MinMaxDecimator d = MinMaxDecimator.uniform(y, 100, 0);
        MinMaxDecimator.Envelope e = d.decimate(0, 10, 50, null);
        int nans = 0;
        for (int k = 0; k < e.size(); k++) {
            if (Double.isNaN(e.ys()[k])) {
                nans++;
            }
        }
        // Columns 20-29 (4.0-6.0 s) hold only missing samples: one NaN point each.
        assertEquals(10, nans);
        assertEquals(1, e.min(), 0);
        assertEquals(1, e.max(), 0);
    }

    @Test
    void irregularTimesAreDecimatedAtTheirOwnTimes() {
        double[] t = {0, 1, 2, 3, 10, 11, 12, 13};
        float[] v = {5, 6, 7, 8, 1, 9, 2, 3};
        MinMaxDecimator d = MinMaxDecimator.atTimes(t, v);
        MinMaxDecimator.Envelope exact = d.decimate(0, 13, 8, null);
        assertTrue(exact.exact());
        assertEquals(8, exact.size());
        MinMaxDecimator.Envelope two = d.decimate(0, 13, 2, null);
        // Column 0 is [0, 6.5): min 5 at 0 s, max 8 at 3 s; column 1 [6.5, 13]: min 1 at 10 s, max 9 at 11 s.
        assertEquals(4, two.size());
        assertEquals(java.util.List.of(0.0, 3.0, 10.0, 11.0), java.util.List.of(two.xs()[0], two.xs()[1], two.xs()[2], two.xs()[3]));
        assertEquals(java.util.List.of(5.0, 8.0, 1.0, 9.0), java.util.List.of(two.ys()[0], two.ys()[1], two.ys()[2], two.ys()[3]));
    }

    @Test
    void aRangeOutsideTheSignalGivesNoPoints() {
        MinMaxDecimator d = MinMaxDecimator.uniform(new float[] {1, 2, 3}, 1, 0);
        assertEquals(0, d.decimate(10, 20, 100, null).size());
    }
}
