package org.sigmappg.signal;

/**
 * One model window: min-max scaled samples, quality figures, per-patch flags and priors.
 *
 * @param start index of the first sample in the 50 Hz signal
 * @param validSamples number of signal samples; the rest of {@code samples} is zero padding
 * @param patches number of patches, ceil(validSamples / patchSamples)
 * @param samples scaled samples, {@code patches * patchSamples} long: valid samples in [0, 1], padding 0
 * @param missingFraction share of the valid samples that were missing (filled) in the raw channel
 * @param flatFraction share of the valid samples in flat runs
 * @param clippedFraction share of the valid samples in clipped runs
 * @param constant the window was constant, so all valid samples are 0.5 and every patch is flagged flat
 * @param patchFlags per patch, the OR of {@link PatchFlag#bit()} of its flags
 * @param priors per-patch statistical priors
 * @param levels the DC level and AC amplitude of the raw channel over the window, which the scaling removed
 */
public record Window(int start, int validSamples, int patches, float[] samples, double missingFraction,
                     double flatFraction, double clippedFraction, boolean constant, int[] patchFlags,
                     PatchPriors priors, WindowLevels levels) {
    public Window {
        if (patches < 1 || samples.length % patches != 0 || validSamples > samples.length
                || validSamples <= samples.length - samples.length / patches) {
            throw new IllegalArgumentException("window at " + start + ": " + validSamples + " valid samples do not fill "
                    + patches + " patches of " + samples.length + " samples in all");
        }
        if (patchFlags.length != patches || priors.patches() != patches) {
            throw new IllegalArgumentException("window at " + start + ": need flags and priors for each of " + patches + " patches");
        }
    }

    /** Samples per patch. */
    public int patchSamples() {
        return samples.length / patches;
    }

    /** Whether patch {@code patch} carries {@code flag}. */
    public boolean has(int patch, PatchFlag flag) {
        return (patchFlags[patch] & flag.bit()) != 0;
    }

    /** Number of signal (non-padding) samples in patch {@code patch}. */
    public int patchValidSamples(int patch) {
        int size = patchSamples();
        return Math.max(0, Math.min(size, validSamples - patch * size));
    }
}
