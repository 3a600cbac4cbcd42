package org.sigmappg.signal;

import java.util.Arrays;

/**
 * What min-max scaling throws away of one window of one channel, in the channel's raw units: its steady (DC) level
 * and the amplitude of its pulsatile (AC) component. Their ratio is the perfusion index, and the ratio of two
 * channels' perfusion indices is the pulse oximeter's ratio of ratios.
 *
 * <p>DC is the mean of the raw samples over the window's span at the channel's own rate, missing samples left out.
 * AC is a peak-to-peak amplitude of the band-passed signal (the window's own 0.5-8 Hz zero-phase filter and 50 Hz
 * resampling, before scaling): the window is cut into consecutive {@value #SEGMENT_SECONDS} s segments (each holds a
 * whole beat at any rate from 30 bpm), the peak-to-peak range of each segment is taken, and AC is the lower quartile
 * of those ranges (linear interpolation between order statistics, as NumPy's default). Segments at least half of whose
 * samples are missing, flat or clipped are left out: a sensor that lay flat through a segment would give a range near
 * zero. Artefacts (motion, a sensor lifting off, light surges) only ever add amplitude
 * to a segment, so the lower quartile ignores them while they touch fewer than three segments in four, where a range
 * over the whole window would measure the artefact instead of the pulse; the pulse's own breath-to-breath swing lowers
 * the lower quartile in every channel alike and cancels in the ratio of ratios. A window shorter than one segment is
 * one segment. For a sine of amplitude A inside the band AC is 2 A times the filter's gain at its frequency.
 *
 * @param dc mean raw level, NaN when every raw sample of the span is missing
 * @param ac lower quartile of the segments' peak-to-peak ranges, NaN when every segment is mostly flagged
 */
public record WindowLevels(double dc, double ac) {
    /** Length of the segments whose peak-to-peak ranges give AC. */
    public static final double SEGMENT_SECONDS = 2;
    /** Which quantile of the segments' ranges AC is. */
    public static final double RANGE_QUANTILE = 0.25;
    /** Levels of a signal whose raw channel is not at hand. */
    public static final WindowLevels UNKNOWN = new WindowLevels(Double.NaN, Double.NaN);

    /** AC / DC, the perfusion index as a fraction (NaN when either is unknown or DC is 0). */
    public double perfusionIndex() {
        return dc == 0 ? Double.NaN : ac / dc;
    }

    /**
     * The levels of one window.
     *
     * @param raw the raw channel at its own rate, NaN where missing
     * @param rawFrom first raw sample of the window's span
     * @param rawTo end (exclusive) of the span, clipped to the channel's length
     * @param bandPassed the band-passed signal at the window's rate (filled stand-ins where missing)
     * @param masks the missing, flat and clipped masks on the grid of {@code bandPassed}
     * @param from the window's first sample in {@code bandPassed}
     * @param valid the window's valid samples
     * @param segmentSamples samples per segment at the window's rate
     */
    public static WindowLevels of(float[] raw, int rawFrom, int rawTo, float[] bandPassed, QualityMasks masks, int from, int valid,
                                  int segmentSamples) {
        double sum = 0;
        int count = 0;
        for (int i = Math.max(0, rawFrom); i < Math.min(raw.length, rawTo); i++) {
            if (Float.isFinite(raw[i])) {
                sum += raw[i];
                count++;
            }
        }
        int length = Math.min(segmentSamples, valid);
        double[] ranges = new double[valid / length];
        int n = 0;
        for (int s = from; s + length <= from + valid; s += length) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            int flagged = 0;
            for (int i = s; i < s + length; i++) {
                flagged += masks.missing()[i] || masks.flat()[i] || masks.clipped()[i] ? 1 : 0;
                min = Math.min(min, bandPassed[i]);
                max = Math.max(max, bandPassed[i]);
            }
            if (2 * flagged < length) {
                ranges[n++] = (double) max - min;
            }
        }
        return new WindowLevels(count == 0 ? Double.NaN : sum / count, n == 0 ? Double.NaN : quantile(Arrays.copyOf(ranges, n)));
    }

    private static double quantile(double[] x) {
        Arrays.sort(x);
        double pos = RANGE_QUANTILE * (x.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(x.length - 1, lo + 1);
        return x[lo] + (pos - lo) * (x[hi] - x[lo]);
    }
}
