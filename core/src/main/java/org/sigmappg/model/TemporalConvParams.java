package org.sigmappg.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape of the per-patch temporal convolution stack (METHOD section 5): one strided convolution from the
 * raw samples to {@code channels} channels, then two length-preserving refinement convolutions, each
 * followed by group normalisation and GELU.
 *
 * @param channels output channels of every convolution (reference 8)
 * @param kernel kernel of the first, strided convolution (reference 15)
 * @param stride stride of the first convolution (reference 8)
 * @param padding zero padding of the first convolution on each side (reference 7)
 * @param refineKernel kernel of the two refinement convolutions (reference 3)
 * @param refinePadding padding of the refinement convolutions (reference 1, which keeps the length)
 * @param groups group-normalisation groups (reference 4)
 * @param groupNormEps group-normalisation epsilon (PyTorch's default 1e-5)
 * @param normScope over what the group-normalisation statistics are taken: each patch alone, or the whole window
 *     (the valid patches together), as the reference's Conv2d over [batch, 1, patches, samples] does; null in
 *     parameters written before the setting existed, read as {@link NormScope#PATCH}
 */
public record TemporalConvParams(int channels, int kernel, int stride, int padding, int refineKernel,
                                 int refinePadding, int groups, double groupNormEps, NormScope normScope) {

    /** Where group normalisation takes its mean and variance. */
    public enum NormScope {
        /** Over each patch's own channels x time: a patch's embedding depends on that patch only. */
        PATCH,
        /**
         * Over all valid patches of the window together, as the reference (its convolution runs on the window as
         * a [channels x patches, samples] image). Padding patches are left out of the statistics, so a short
         * record gives what the reference gives for the same patches unpadded.
         */
        WINDOW
    }

    public TemporalConvParams {
        normScope = normScope == null ? NormScope.PATCH : normScope;
        if (channels < 1 || kernel < 1 || stride < 1 || padding < 0 || refineKernel < 1 || refinePadding < 0) {
            throw new IllegalArgumentException("temporal convolution sizes must be positive (padding >= 0): " + this);
        }
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("temporal convolution: " + channels + " channels cannot be split into "
                    + groups + " group-norm groups; choose a divisor of the channel count");
        }
    }

    /**
     * The reference stack's kernels: 8 channels, kernel 15 stride 8 padding 7, then two kernel-3 padding-1
     * convolutions, with per-patch statistics (our tiny and base presets).
     */
    public static TemporalConvParams reference() {
        return new TemporalConvParams(8, 15, 8, 7, 3, 1, 4, 1e-5, NormScope.PATCH);
    }

    public TemporalConvParams withChannels(int newChannels) {
        return new TemporalConvParams(newChannels, kernel, stride, padding, refineKernel, refinePadding, groups,
                groupNormEps, normScope);
    }

    public TemporalConvParams withNormScope(NormScope newScope) {
        return new TemporalConvParams(channels, kernel, stride, padding, refineKernel, refinePadding, groups,
                groupNormEps, newScope);
    }

    /**
     * Output length of the stack for a patch of {@code patchSamples} samples: PyTorch's
     * {@code floor((L + 2 padding - kernel) / stride) + 1} for the strided convolution, then the same
     * formula with stride 1 for each refinement convolution. 50 samples give 7.
     */
    public int outputLength(int patchSamples) {
        return stageLengths(patchSamples)[2];
    }

    /** Lengths after each of the three convolutions. */
    int[] stageLengths(int patchSamples) {
        int[] lengths = new int[3];
        lengths[0] = patchSamples + 2 * padding < kernel ? 0 : (patchSamples + 2 * padding - kernel) / stride + 1;
        for (int i = 1; i < 3; i++) {
            lengths[i] = lengths[i - 1] + 2 * refinePadding - refineKernel + 1;
        }
        if (lengths[0] < 1 || lengths[2] < 1) {
            throw new IllegalArgumentException("a patch of " + patchSamples + " samples is too short for the temporal "
                    + "convolution (kernel " + kernel + ", padding " + padding + ", refinement kernel "
                    + refineKernel + ")");
        }
        return lengths;
    }

    /** Features per patch after flattening: channels x output length (56 for a 50-sample patch). */
    public int features(int patchSamples) {
        return channels * outputLength(patchSamples);
    }

    Map<String, Object> architecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channels", channels);
        m.put("kernel", kernel);
        m.put("stride", stride);
        m.put("padding", padding);
        m.put("refineKernel", refineKernel);
        m.put("refinePadding", refinePadding);
        m.put("groups", groups);
        m.put("groupNormEps", groupNormEps);
        if (normScope != NormScope.PATCH) {
            // Absent for per-patch statistics, so checkpoints written before the setting existed keep their architecture.
            m.put("normScope", normScope.name());
        }
        return m;
    }
}
