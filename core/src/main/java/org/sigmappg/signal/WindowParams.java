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
 * @param hopSamples samples from one window's start to the next (default: the window length, windows back to back;
 *        less gives overlapping windows)
 * @param minWindowFraction a window shorter than this share of the window length (a record's tail, or a whole
 *        record shorter than a window) is dropped (default 0: every window of at least one patch is kept, and
 *        one shorter than the window length is flagged partial)
 */
public record WindowParams(int patchSamples, int windowPatches, double maxMissingFraction, double patchFlagFraction,
                           int hopSamples, double minWindowFraction) {
    public WindowParams {
        if (patchSamples < 1 || windowPatches < 1) {
            throw new IllegalArgumentException("patchSamples and windowPatches must be at least 1, got " + patchSamples
                    + " and " + windowPatches);
        }
        if ((long) patchSamples * windowPatches > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("a window of " + windowPatches + " patches of " + patchSamples + " samples is too long");
        }
        if (hopSamples == 0) {
            // Parameters stored before overlapping windows existed have no hop: their windows were back to back.
            hopSamples = patchSamples * windowPatches;
        }
        if (hopSamples < 1 || hopSamples > patchSamples * windowPatches) {
            throw new IllegalArgumentException("the hop between windows must be 1 to " + patchSamples * windowPatches
                    + " samples (at most the window length), got " + hopSamples);
        }
        if (!(minWindowFraction >= 0 && minWindowFraction <= 1)) {
            throw new IllegalArgumentException("the smallest window fraction must be in [0, 1], got " + minWindowFraction);
        }
        if (!(maxMissingFraction >= 0 && maxMissingFraction <= 1)) {
            throw new IllegalArgumentException("maxMissingFraction must be in [0, 1], got " + maxMissingFraction);
        }
        if (!(patchFlagFraction > 0 && patchFlagFraction <= 1)) {
            throw new IllegalArgumentException("patchFlagFraction must be in (0, 1], got " + patchFlagFraction);
        }
    }

    /** Windows back to back, every one of at least a patch kept. */
    public WindowParams(int patchSamples, int windowPatches, double maxMissingFraction, double patchFlagFraction) {
        this(patchSamples, windowPatches, maxMissingFraction, patchFlagFraction, patchSamples * windowPatches, 0);
    }

    /** The defaults documented on each component. */
    public static WindowParams defaults() {
        return new WindowParams(50, 240, 0.2, 0.5);
    }

    /** The same windows with another hop and smallest kept fraction. */
    public WindowParams withHop(int newHopSamples, double newMinWindowFraction) {
        return new WindowParams(patchSamples, windowPatches, maxMissingFraction, patchFlagFraction, newHopSamples, newMinWindowFraction);
    }

    /** Samples in a full window. */
    public int windowSamples() {
        return patchSamples * windowPatches;
    }
}
