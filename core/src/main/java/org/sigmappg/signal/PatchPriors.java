package org.sigmappg.signal;

/**
 * The statistical prior of each patch of one window and the quantities it is made of, for the teacher
 * (which uses {@code prior}) and for views that explain it.
 *
 * @param std patch standard deviation s on the [0, 1]-scaled window (population, over valid samples)
 * @param skewness population skewness of the patch
 * @param z robust z-score of s against the window's patches
 * @param amplitude amplitude stability A in [0, 1]
 * @param morphology morphology score S = tanh(|skewness|) in [0, 1)
 * @param prior P = beta * A + (1 - beta) * S
 */
public record PatchPriors(double[] std, double[] skewness, double[] z, double[] amplitude, double[] morphology,
                          double[] prior) {
    public PatchPriors {
        int n = std.length;
        if (skewness.length != n || z.length != n || amplitude.length != n || morphology.length != n || prior.length != n) {
            throw new IllegalArgumentException("all per-patch arrays must have the same length");
        }
    }

    public int patches() {
        return std.length;
    }
}
