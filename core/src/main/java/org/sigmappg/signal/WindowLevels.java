package org.sigmappg.signal;

/**
 * What min-max scaling throws away of one window of one channel, in the channel's raw units: its steady (DC) level
 * and the amplitude of its pulsatile (AC) component. Their ratio is the perfusion index, and the ratio of two
 * channels' perfusion indices is the pulse oximeter's ratio of ratios.
 *
 * <p>DC is the mean of the raw samples over the window's span at the channel's own rate, missing samples left out.
 * AC is the 5th to 95th percentile range of the band-passed signal (the same 0.5-8 Hz zero-phase filter and 50 Hz
 * resampling as the window, before scaling) over the window's valid samples that were not missing: a peak-to-peak
 * amplitude that a few spikes cannot set. For a sine of amplitude A inside the band it is 2 A sin(0.45 pi) = 1.975 A
 * (times the filter's gain at that frequency); the factor is the same for every channel of one pulse shape, so it
 * cancels in the ratio of ratios.
 *
 * @param dc mean raw level, NaN when every raw sample of the span is missing
 * @param ac 5-95 % range of the band-passed signal, NaN when every sample is missing
 */
public record WindowLevels(double dc, double ac) {
    /** Lower percentile of the AC range. */
    public static final double LOW_QUANTILE = 0.05;
    /** Upper percentile of the AC range. */
    public static final double HIGH_QUANTILE = 0.95;
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
     * @param bandPassed the band-passed signal at the window's rate (filled stand-ins where {@code missing})
     * @param missing the missing-sample mask on the grid of {@code bandPassed}
     * @param from the window's first sample in {@code bandPassed}
     * @param valid the window's valid samples
     */
    public static WindowLevels of(float[] raw, int rawFrom, int rawTo, float[] bandPassed, boolean[] missing, int from, int valid) {
        double sum = 0;
        int count = 0;
        for (int i = Math.max(0, rawFrom); i < Math.min(raw.length, rawTo); i++) {
            if (Float.isFinite(raw[i])) {
                sum += raw[i];
                count++;
            }
        }
        float[] pulsatile = new float[valid];
        for (int i = 0; i < valid; i++) {
            pulsatile[i] = missing[from + i] ? Float.NaN : bandPassed[from + i];
        }
        double[] q = StatsTools.quantiles(pulsatile, LOW_QUANTILE, HIGH_QUANTILE);
        return new WindowLevels(count == 0 ? Double.NaN : sum / count, q[1] - q[0]);
    }
}
