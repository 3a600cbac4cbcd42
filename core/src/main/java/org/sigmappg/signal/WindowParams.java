package org.sigmappg.signal;

/**
 * How the 50 Hz signal is cut into model windows.
 *
 * @param patchSamples samples per patch, the model's token (default 50: 1 s at 50 Hz, METHOD.md section 0)
 * @param windowPatches patches per full window (default 240: 240 s windows of 12,000 samples); shorter
 *        records and tails become one shorter window with a whole number of patches
 * @param maxMissingFraction windows with a larger share of missing samples are dropped (default 0.2)
 * @param patchFlagFraction a patch carries a quality flag (missing, flat, clipped) when at least this share
 *        of its valid samples carries it (default 0.5: the flag then describes the patch, not a stray sample)
 */
public record WindowParams(int patchSamples, int windowPatches, double maxMissingFraction, double patchFlagFraction) {
    public WindowParams {
        if (patchSamples < 1 || windowPatches < 1) {
            throw new IllegalArgumentException("patchSamples and windowPatches must be at least 1, got " + patchSamples
                    + " and " + windowPatches);
        }
        if ((long) patchSamples * windowPatches > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("a window of " + windowPatches + " patches of " + patchSamples + " samples is too long");
        }
        if (!(maxMissingFraction >= 0 && maxMissingFraction <= 1)) {
            throw new IllegalArgumentException("maxMissingFraction must be in [0, 1], got " + maxMissingFraction);
        }
        if (!(patchFlagFraction > 0 && patchFlagFraction <= 1)) {
            throw new IllegalArgumentException("patchFlagFraction must be in (0, 1], got " + patchFlagFraction);
        }
    }

    /** The defaults documented on each component. */
    public static WindowParams defaults() {
        return new WindowParams(50, 240, 0.2, 0.5);
    }

    /** Samples in a full window. */
    public int windowSamples() {
        return patchSamples * windowPatches;
    }
}
