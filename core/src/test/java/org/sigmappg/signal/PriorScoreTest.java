package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PriorScoreTest {
    private static final int PATCH = 50;
    private static final PriorScore SCORE = new PriorScore(PriorParams.defaults());

    /** A pulse-like beat over one patch: sharp systolic peak, smaller diastolic wave, so positively skewed. */
    private static double beat(int i) {
        double t = i / 50.0;
        return Math.exp(-Math.pow((t - 0.25) / 0.08, 2)) + 0.45 * Math.exp(-Math.pow((t - 0.55) / 0.12, 2));
    }

    private static final int CLIPPED = 3;
    private static final int SPIKE = 7;
    private static final int FLAT = 10;
    private static final int ARTEFACT = 12;

    /**
     * A scaled window of 16 one-second patches: clean beats whose height varies by +-8 % (respiration), one
     * beat clipped at 85 % of its height, one huge spike (100 ms) on a quiet baseline, one flat patch and one large
     * symmetric motion burst.
     */
    private static float[] window() {
        double peak = 0;
        for (int i = 0; i < PATCH; i++) {
            peak = Math.max(peak, beat(i));
        }
        float[] w = new float[16 * PATCH];
        for (int p = 0; p < 16; p++) {
            double height = 0.5 * (1 + 0.08 * Math.sin(2 * Math.PI * p / 5.0));
            for (int i = 0; i < PATCH; i++) {
                double v = 0.25 + height * beat(i) / peak;
                if (p == CLIPPED) {
                    v = Math.min(v, 0.25 + 0.85 * height);
                } else if (p == SPIKE) {
                    v = i >= 20 && i < 25 ? 1.0 : 0.25;
                } else if (p == FLAT) {
                    v = 0.4;
                } else if (p == ARTEFACT) {
                    v = 0.5 + 0.45 * Math.sin(2 * Math.PI * 3 * i / 50.0) * Math.exp(-Math.pow((i - 25) / 15.0, 2));
                }
                w[p * PATCH + i] = (float) v;
            }
        }
        return w;
    }

    @Test
    void cleanBeatsRankAboveClippingAboveSpikesAndFlatIsNearZero() {
        PatchPriors p = SCORE.score(window(), PATCH, 16 * PATCH);
        double[] prior = p.prior();
        for (int clean : new int[] {0, 1, 2, 4, 5}) {
            assertTrue(prior[clean] > prior[CLIPPED], "clean " + clean + " " + prior[clean] + " vs clipped " + prior[CLIPPED]);
            assertTrue(prior[clean] > 0.8, "clean beat " + clean + ": " + prior[clean]);
        }
        assertTrue(prior[CLIPPED] > prior[SPIKE], "clipped " + prior[CLIPPED] + " vs spike " + prior[SPIKE]);
        assertTrue(p.amplitude()[SPIKE] < 0.01, "huge excursion gated out: A = " + p.amplitude()[SPIKE]);
        // A spike is very skewed, so the morphology term alone keeps P near (1 - beta) * 1 = 0.5.
        assertEquals(0.5 * p.morphology()[SPIKE], prior[SPIKE], 0.005);
        assertTrue(prior[ARTEFACT] < 0.05, "symmetric motion burst: " + prior[ARTEFACT]);
        assertTrue(prior[FLAT] < 0.01, "flat patch: " + prior[FLAT]);
        assertEquals(0, p.skewness()[FLAT]);
    }

    @Test
    void componentsFollowTheFormulaWithHandComputedMedianAndMad() {
        // Square waves around 0.5 have std equal to their half-height and skewness 0.
        double[] heights = {0.18, 0.19, 0.20, 0.20, 0.21, 0.22, 0.40};
        float[] w = new float[heights.length * PATCH];
        for (int p = 0; p < heights.length; p++) {
            for (int i = 0; i < PATCH; i++) {
                w[p * PATCH + i] = (float) (0.5 + (i % 2 == 0 ? heights[p] : -heights[p]));
            }
        }
        PatchPriors pr = SCORE.score(w, PATCH, w.length);
        // median 0.20; |deviations| 0.02 0.01 0 0 0.01 0.02 0.20 -> MAD 0.01.
        double scale = 1.4826 * 0.01;
        for (int p = 0; p < heights.length; p++) {
            double z = (heights[p] - 0.20) / scale;
            double flatGate = 1 / (1 + Math.exp(-(heights[p] - 0.05) / 0.01));
            double excursionGate = 1 / (1 + Math.exp(-(2.0 - z) / 0.25));
            double a = Math.exp(-0.2 * z * z) * flatGate * excursionGate;
            assertEquals(heights[p], pr.std()[p], 1e-6);
            assertEquals(z, pr.z()[p], 1e-4);
            assertEquals(a, pr.amplitude()[p], 1e-5);
            assertEquals(0, pr.morphology()[p], 1e-6);
            assertEquals(0.5 * a, pr.prior()[p], 1e-5);
        }
        assertTrue(pr.amplitude()[6] < 1e-6, "z = 13.5 is a huge excursion");
    }

    @Test
    void gatesCutNearFlatPatchesAndHugeExcursions() {
        assertTrue(SCORE.amplitudeStability(0.2, 0) > 0.99);
        double excursionGateAtZero = 1 / (1 + Math.exp(-2.0 / 0.25));
        assertEquals(0.5 * excursionGateAtZero, SCORE.amplitudeStability(0.05, 0), 1e-9, "near-flat gate half-way at s = 0.05");
        assertTrue(SCORE.amplitudeStability(0.02, 0) < 0.05);
        assertEquals(0.5 * Math.exp(-0.8), SCORE.amplitudeStability(0.2, 2.0), 1e-6, "excursion gate half-way at z = 2");
        assertTrue(SCORE.amplitudeStability(0.2, 3.0) < 0.01);
        assertEquals(Math.exp(-1.8), SCORE.amplitudeStability(0.2, -3.0), 1e-6, "small amplitude: only the Gaussian term");
    }

    @Test
    void partialLastPatchIsScoredOnItsValidSamplesOnly() {
        float[] w = new float[3 * PATCH];
        for (int i = 0; i < 105; i++) {
            w[i] = (float) (0.5 + 0.3 * Math.sin(2 * Math.PI * i / 25.0));
        }
        PatchPriors pr = SCORE.score(w, PATCH, 105);
        assertEquals(3, pr.patches());
        assertEquals(StatsTools.std(w, 100, 105), pr.std()[2], 1e-12);
    }
}
