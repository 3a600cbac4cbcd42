package org.sigmappg.signal;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;

/**
 * Flags flat lines and clipping on a raw channel at its native rate, before any filtering can smear them.
 *
 * <p>Flat: a run of consecutive valid samples in which no step exceeds {@code flatTolerance} times the
 * robust range, lasting at least {@code flatMinSeconds} (a run of L samples lasts L / fs). Clipped: a run of
 * at least {@code clipMinSamples} consecutive samples equal to the recording's minimum, or to its maximum;
 * a converter that saturates repeats its limit value exactly. A converter that overflows instead wraps
 * around, stepping from one end of its range to the other between two samples; the samples within
 * {@code wrapGuardSeconds} of such a step are flagged as clipped too. Missing samples (NaN) end both kinds of run.
 * The robust range is the spread between the {@code rangeQuantile} and {@code 1 - rangeQuantile} quantiles.
 */
public final class QualityCheck {
    /** Most samples the robust range is estimated from. */
    private static final int RANGE_SAMPLES = 1 << 20;
    /**
     * Share of a channel's valid samples in flat runs from which the channel as a whole is reported as flat:
     * from then on most of its windows hold no pulse, which a dead sensor, a disconnected probe or the wrong
     * channel gives.
     */
    public static final double FLAT_CHANNEL_SHARE = 0.5;

    private QualityCheck() {
    }

    /** Missing, flat and clipped masks of {@code raw}, sampled at {@code fs} Hz. */
    public static QualityMasks assess(float[] raw, double fs, QualityParams params) {
        int n = raw.length;
        boolean[] missing = MissingSamples.mask(raw);
        boolean[] flat = new boolean[n];
        boolean[] clipped = new boolean[n];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : raw) {
            if (!Float.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            return new QualityMasks(missing, flat, clipped);
        }
        double[] spread = StatsTools.quantiles(evenlySpaced(raw), params.rangeQuantile(), 1 - params.rangeQuantile());
        if (Double.isNaN(spread[0])) {
            // Every sampled position happened to be missing; the valid samples lie between them.
            spread = StatsTools.quantiles(raw, params.rangeQuantile(), 1 - params.rangeQuantile());
        }
        double range = spread[1] - spread[0];
        double tolerance = params.flatTolerance() * range;
        int flatMin = Math.max(2, (int) Math.ceil(params.flatMinSeconds() * fs));
        markFlatRuns(raw, tolerance, flatMin, flat);
        markRunsAt(raw, min, params.clipMinSamples(), clipped);
        markRunsAt(raw, max, params.clipMinSamples(), clipped);
        markWrapArounds(raw, min, max, (int) Math.round(params.wrapGuardSeconds() * fs), params.wrapGuardSeconds() > 0, clipped);
        return new QualityMasks(missing, flat, clipped);
    }

    /**
     * The finding on a channel of which at least {@link #FLAT_CHANNEL_SHARE} of the valid samples lie in flat
     * runs ("channel PPG is flat over its whole length: ..."), or null when it is not flat.
     *
     * @param source what the channel is called in the message ("channel PPG")
     */
    public static String flatChannel(String source, QualityMasks masks, QualityParams params) {
        long valid = masks.length() - masks.missingCount();
        if (valid == 0 || masks.flatCount() < FLAT_CHANNEL_SHARE * valid) {
            return null;
        }
        String share = masks.flatCount() == valid ? "over its whole length"
                : String.format(Locale.ROOT, "for %.1f %% of its valid samples", Math.floor(1000.0 * masks.flatCount() / valid) / 10);
        return String.format(Locale.ROOT, "%s is flat %s (%d of %d samples lie in runs of %s s or more in which the"
                        + " signal does not move): there is no pulse wave there, so its flat windows hold nothing to learn"
                        + " from; a dead sensor, a loose probe or the wrong channel looks like this", source, share,
                masks.flatCount(), valid, BigDecimal.valueOf(params.flatMinSeconds()).stripTrailingZeros().toPlainString());
    }

    /**
     * At most {@link #RANGE_SAMPLES} evenly spaced samples: the robust range only scales a tolerance, and its
     * percentiles from a million samples differ from the exact ones by far less than the tolerance itself,
     * while a selection over a day at 125 Hz would cost more than the filter.
     */
    private static float[] evenlySpaced(float[] x) {
        int stride = (x.length + RANGE_SAMPLES - 1) / RANGE_SAMPLES;
        if (stride <= 1) {
            return x;
        }
        float[] sub = new float[(x.length + stride - 1) / stride];
        for (int i = 0; i < sub.length; i++) {
            sub[i] = x[i * stride];
        }
        return sub;
    }

    private static void markFlatRuns(float[] x, double tolerance, int minLength, boolean[] flat) {
        int start = 0;
        for (int i = 1; i <= x.length; i++) {
            boolean continues = i < x.length && !Float.isNaN(x[i]) && !Float.isNaN(x[i - 1])
                    && Math.abs((double) x[i] - x[i - 1]) <= tolerance;
            if (!continues) {
                if (i - start >= minLength) {
                    Arrays.fill(flat, start, i, true);
                }
                start = i;
            }
        }
    }

    /** Share of the range at either end within which a sample counts as "at the limit" for a wrap-around. */
    private static final double WRAP_EDGE = 0.05;

    private static void markWrapArounds(float[] x, float min, float max, int guard, boolean enabled, boolean[] mask) {
        if (!enabled || !(max > min)) {
            return;
        }
        double span = (double) max - min;
        double low = min + WRAP_EDGE * span;
        double high = max - WRAP_EDGE * span;
        for (int i = 1; i < x.length; i++) {
            float a = x[i - 1];
            float b = x[i];
            if ((a >= high && b <= low) || (a <= low && b >= high)) {
                Arrays.fill(mask, Math.max(0, i - guard), Math.min(x.length, i + guard), true);
            }
        }
    }

    private static void markRunsAt(float[] x, float level, int minLength, boolean[] mask) {
        int start = -1;
        for (int i = 0; i <= x.length; i++) {
            boolean at = i < x.length && x[i] == level;
            if (at && start < 0) {
                start = i;
            } else if (!at && start >= 0) {
                if (i - start >= minLength) {
                    Arrays.fill(mask, start, i, true);
                }
                start = -1;
            }
        }
    }
}
