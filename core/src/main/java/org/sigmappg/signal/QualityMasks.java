package org.sigmappg.signal;

/**
 * Per-sample quality flags of one channel, all of the same length and on the same time grid.
 *
 * @param missing the sample was NaN in the raw channel (it holds a filled stand-in after pre-processing)
 * @param flat the sample belongs to a flat run
 * @param clipped the sample belongs to a run at the recording's minimum or maximum
 */
public record QualityMasks(boolean[] missing, boolean[] flat, boolean[] clipped) {
    public QualityMasks {
        if (missing.length != flat.length || missing.length != clipped.length) {
            throw new IllegalArgumentException("quality masks must have equal lengths, got " + missing.length + ", "
                    + flat.length + " and " + clipped.length);
        }
    }

    public int length() {
        return missing.length;
    }

    public int missingCount() {
        return count(missing);
    }

    public int flatCount() {
        return count(flat);
    }

    public int clippedCount() {
        return count(clipped);
    }

    /** The same flags on the grid of a signal resampled by {@code rate} (rule: {@link Resampler#resampleMask}). */
    public QualityMasks resample(RationalRate rate) {
        return new QualityMasks(Resampler.resampleMask(missing, rate), Resampler.resampleMask(flat, rate),
                Resampler.resampleMask(clipped, rate));
    }

    private static int count(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) {
            c += b ? 1 : 0;
        }
        return c;
    }
}
