package org.sigmappg.signal;

/**
 * Per-patch statistical prior of SIGMA-PPG (METHOD.md section 1): amplitude stability A from a robust
 * z-score of the patch standard deviation, gated to zero for near-flat patches and huge excursions;
 * morphology S from the skewness; P = beta * A + (1 - beta) * S. Formulas and constants: {@link PriorParams}.
 */
public final class PriorScore {
    private final PriorParams params;

    public PriorScore(PriorParams params) {
        this.params = params;
    }

    public PriorParams params() {
        return params;
    }

    /**
     * Scores the patches of a [0, 1]-scaled window. Only the first {@code validSamples} samples are signal;
     * the last patch may be partial and is scored on its valid samples, padding never enters a statistic.
     *
     * @param window scaled samples, at least {@code validSamples} long
     * @param patchSamples samples per patch
     * @param validSamples number of signal samples at the start of {@code window}, at least 1
     */
    public PatchPriors score(float[] window, int patchSamples, int validSamples) {
        if (patchSamples < 1 || validSamples < 1 || validSamples > window.length) {
            throw new IllegalArgumentException("need patchSamples >= 1 and 1 <= validSamples <= " + window.length
                    + ", got " + patchSamples + " and " + validSamples);
        }
        int patches = (validSamples + patchSamples - 1) / patchSamples;
        double[] std = new double[patches];
        double[] skew = new double[patches];
        for (int p = 0; p < patches; p++) {
            int from = p * patchSamples;
            int to = Math.min(validSamples, from + patchSamples);
            double[] moments = StatsTools.moments(window, from, to);
            std[p] = Math.sqrt(moments[1]);
            skew[p] = StatsTools.skewness(moments);
        }
        double median = StatsTools.median(std);
        double scale = Math.max(params.madScale() * StatsTools.mad(std), params.minRobustScale());
        double[] z = new double[patches];
        double[] a = new double[patches];
        double[] s = new double[patches];
        double[] prior = new double[patches];
        for (int p = 0; p < patches; p++) {
            z[p] = (std[p] - median) / scale;
            a[p] = amplitudeStability(std[p], z[p]);
            s[p] = Math.tanh(Math.abs(skew[p]));
            prior[p] = params.beta() * a[p] + (1 - params.beta()) * s[p];
        }
        return new PatchPriors(std, skew, z, a, s, prior);
    }

    /** A for a patch of standard deviation {@code std} and robust z-score {@code z}. */
    public double amplitudeStability(double std, double z) {
        double flatGate = sigmoid((std - params.flatGateStd()) / params.flatGateWidth());
        double excursionGate = sigmoid((params.excursionGateZ() - z) / params.excursionGateWidth());
        return Math.exp(-params.zWeight() * z * z) * flatGate * excursionGate;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
