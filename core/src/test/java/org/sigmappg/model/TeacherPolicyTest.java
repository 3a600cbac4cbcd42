package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TeacherPolicyTest {

    @Test
    void reinforceRaisesTheProbabilityOfTheRewardedPatch() {
        assertRewardedPatchGainsProbability(TeacherParams.RewardBaseline.BATCH_MEAN, 2, (policy, sample, rng) -> {
            assertArrayEquals(new float[16], sample.mask().sum(new int[] {1}).sub(1).toFloatArray());
            return policy.teacherLoss(sample.mask().get(":, 0"), sample);
        });
    }

    @Test
    void secondDrawBaselineRaisesTheProbabilityOfTheRewardedPatch() {
        assertRewardedPatchGainsProbability(TeacherParams.RewardBaseline.SECOND_DRAW, 2, (policy, sample, rng) -> {
            GumbelTopK.Draw other = GumbelTopK.sample(sample.finalLogits(), sample.valid(), sample.picks(), rng);
            return policy.teacherLoss(sample.mask().get(":, 0"), sample, other.mask().get(":, 0"), other);
        });
    }

    /**
     * Per-patch credit needs k >= 2 (with one pick the pick's loss IS the window's mean): 4 patches, k = 2, and
     * only patch 0's loss is 1, so a mask {0, j} credits patch 0 and debits j, and {i, j} without 0 says nothing.
     */
    @Test
    void perPatchCreditRaisesTheProbabilityOfTheHardPatch() {
        assertRewardedPatchGainsProbability(TeacherParams.RewardBaseline.PER_PATCH, 4, (policy, sample, rng) -> {
            assertArrayEquals(new float[16], sample.mask().sum(new int[] {1}).sub(2).toFloatArray());
            float[] losses = new float[16 * 4];
            for (int b = 0; b < 16; b++) {
                losses[b * 4] = 1;
            }
            return policy.teacherLossPerPatch(sample.mask().getManager().create(losses, new Shape(16, 4)), sample);
        });
    }

    /** The teacher loss of one step of a toy, for a mask drawn by {@code policy}. */
    private interface ToyLoss {
        NDArray of(TeacherPolicy policy, MaskSample sample, Random rng);
    }

    /**
     * Sign test on a toy of {@code patches} patches, 16 windows, k = patches / 2: masking patch 0 is what the
     * student finds hard ({@code toyLoss} rewards it). After 5 plain gradient steps on the teacher loss from equal
     * logits, softmax(logits)[0] (the chance that patch 0 is picked first) must have risen for at least 18 of 20
     * seeds (probability 2e-4 under "no effect").
     */
    private static void assertRewardedPatchGainsProbability(TeacherParams.RewardBaseline baseline, int patches,
                                                            ToyLoss toyLoss) {
        int increased = 0;
        int seeds = 20;
        for (int seed = 0; seed < seeds; seed++) {
            try (NDManager manager = NDManager.newBaseManager()) {
                TeacherPolicy policy = new TeacherPolicy(new MaskingParams(MaskingParams.Strategy.ADVERSARIAL, 0.5, 2.0,
                        false), 0, baseline);
                NDArray logits = manager.zeros(new Shape(1, patches));
                logits.setRequiresGradient(true);
                NDArray counts = PaddingTools.counts(manager, new int[16]).add(patches);
                Random rng = new Random(seed);
                double before = probabilityOfFirst(logits);
                for (int update = 0; update < 5; update++) {
                    try (NDScope scope = new NDScope()) {
                        NDArray grad;
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            MaskSample sample = policy.sample(logits.broadcast(16, patches), null, counts, patches, rng);
                            collector.backward(toyLoss.of(policy, sample, rng));
                        }
                        grad = logits.getGradient();
                        logits.subi(grad.mul(1.0f));
                        grad.subi(grad);
                    }
                }
                if (probabilityOfFirst(logits) > before) {
                    increased++;
                }
            }
        }
        assertTrue(increased >= 18, baseline + ": P(pick patch 0) increased for " + increased + " of " + seeds + " seeds");
    }

    @Test
    void secondDrawLossIsHalfTheRewardDifferenceTimesTheLogProbabilityDifference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TeacherPolicy policy = new TeacherPolicy(new MaskingParams(MaskingParams.Strategy.ADVERSARIAL, 0.5, 2.0, false), 0,
                    TeacherParams.RewardBaseline.SECOND_DRAW);
            NDArray logits = manager.create(new float[] {0.3f, -0.2f, 0.1f, 0.4f}, new Shape(2, 2));
            logits.setRequiresGradient(true);
            NDArray counts = PaddingTools.counts(manager, 2, 2);
            int[] picks = {1, 1};
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray valid = PaddingTools.validMask(counts, 2);
                NDArray order = manager.create(new long[] {0, 1, 1, 0}, new Shape(2, 2));
                NDArray otherOrder = manager.create(new long[] {1, 0, 1, 0}, new Shape(2, 2));
                NDArray terms = GumbelTopK.pickLogProbabilities(logits, valid, order, picks);
                MaskSample sample = new MaskSample(manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)), order, picks,
                        terms.sum(new int[] {1}), terms, logits, valid);
                GumbelTopK.Draw other = new GumbelTopK.Draw(manager.create(new float[] {0, 1, 0, 1}, new Shape(2, 2)), otherOrder,
                        picks);
                NDArray loss = policy.teacherLoss(manager.create(new float[] {2.0f, 1.0f}), sample,
                        manager.create(new float[] {1.5f, 3.0f}), other);
                // Window 0: advantage 0.5 x (2.0 - 1.5) = 0.25, log-probability difference l00 - l01 = 0.5 (the
                // normalisers cancel). Window 1: both draws picked patch 1, so it contributes nothing.
                assertEquals(-0.25 * 0.5 / 2, loss.getFloat(), 1e-6);
                collector.backward(loss);
            }
            assertArrayEquals(new float[] {-0.125f, 0.125f, 0, 0}, logits.getGradient().toFloatArray(), 1e-6f);
        }
    }

    /**
     * The random-mask baseline ({@link TeacherParams.RewardBaseline#RANDOM_MASK}): -mean over windows of (reward -
     * the same window's loss under a uniform mask) x log-probability of the mask, by hand on two windows, one with a
     * padding patch. Neither the reward nor the baseline receives a gradient.
     */
    @Test
    void randomMaskBaselineLossIsTheRewardMinusTheBaselineTimesTheLogProbability() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TeacherPolicy policy = new TeacherPolicy(new MaskingParams(MaskingParams.Strategy.ADVERSARIAL, 0.5, 2.0, false), 0,
                    TeacherParams.RewardBaseline.RANDOM_MASK);
            float[] s = {0.3f, -0.2f, 0.1f, 0.4f, 0.7f, -0.5f};
            NDArray logits = manager.create(s, new Shape(2, 3));
            logits.setRequiresGradient(true);
            NDArray reward = manager.create(new float[] {2.0f, 1.0f});
            NDArray baseline = manager.create(new float[] {1.5f, 3.0f});
            reward.setRequiresGradient(true);
            baseline.setRequiresGradient(true);
            // Window 0 picked patch 2 of three; window 1 picked patch 1 of two (its patch 2 is padding).
            NDArray counts = PaddingTools.counts(manager, 3, 2);
            int[] picks = {1, 1};
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray valid = PaddingTools.validMask(counts, 3);
                NDArray order = manager.create(new long[] {2, 0, 1, 1, 0, 2}, new Shape(2, 3));
                NDArray terms = GumbelTopK.pickLogProbabilities(logits, valid, order, picks);
                MaskSample sample = new MaskSample(manager.create(new float[] {0, 0, 1, 0, 1, 0}, new Shape(2, 3)), order, picks,
                        terms.sum(new int[] {1}), terms, logits, valid);
                NDArray loss = policy.teacherLoss(reward, sample, baseline);
                double z0 = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[2]);
                double z1 = Math.exp(s[3]) + Math.exp(s[4]);
                double logP0 = s[2] - Math.log(z0);
                double logP1 = s[4] - Math.log(z1);
                // Advantages 2.0 - 1.5 = 0.5 and 1.0 - 3.0 = -2.
                assertEquals(-(0.5 * logP0 - 2 * logP1) / 2, loss.getFloat(), 1e-6);
                collector.backward(loss);
                double[] expected = new double[6];
                for (int i = 0; i < 3; i++) {
                    expected[i] = -0.5 / 2 * ((i == 2 ? 1 : 0) - Math.exp(s[i]) / z0);
                }
                for (int i = 0; i < 2; i++) {
                    expected[3 + i] = 2.0 / 2 * ((i == 1 ? 1 : 0) - Math.exp(s[3 + i]) / z1);
                }
                float[] actual = logits.getGradient().toFloatArray();
                for (int i = 0; i < 6; i++) {
                    assertEquals(expected[i], actual[i], 1e-6, "gradient " + i);
                }
                assertArrayEquals(new float[2], reward.getGradient().toFloatArray(), "the reward is detached");
                assertArrayEquals(new float[2], baseline.getGradient().toFloatArray(), "the baseline is detached");
            }
        }
    }

    /**
     * Prior-only masks (no teacher): logits alpha x zscore(prior) over the valid patches, here 2 x (-a, 0, a) with
     * a = 0.2 / sqrt(0.08 / 3), and k = round(0.5 x 3) = 2 picks. A patch is left out when it is drawn last, so
     * P(patch i masked) = 1 - sum over j != i of p_j p_m / (1 - p_j) (m the third patch), p = softmax of the logits;
     * over 20,000 windows each frequency is within 4 sigma of that. The padding patch is never masked, and each
     * draw's log-probability is the Plackett-Luce value of its two picks.
     */
    @Test
    void priorOnlyMasksFollowThePlackettLuceProbabilitiesOfTheScaledZScores() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int windows = 20_000;
            float[] one = {0.2f, 0.4f, 0.6f, 0.9f};
            float[] priors = new float[windows * 4];
            for (int b = 0; b < windows; b++) {
                System.arraycopy(one, 0, priors, b * 4, 4);
            }
            NDArray prior = manager.create(priors, new Shape(windows, 4));
            NDArray counts = PaddingTools.counts(manager, new int[windows]).add(3);
            TeacherPolicy policy = new TeacherPolicy(MaskingParams.defaults().withStrategy(MaskingParams.Strategy.PRIOR_ONLY), 0);
            assertTrue(!policy.usesTeacher() && policy.usesPrior());
            MaskSample sample = policy.sample(null, prior, counts, 4, new Random(4));
            double a = 0.2 / Math.sqrt(0.08 / 3);
            double[] logit = {-2 * a, 0, 2 * a};
            double[] p = new double[3];
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                p[i] = Math.exp(logit[i]);
                sum += p[i];
            }
            for (int i = 0; i < 3; i++) {
                p[i] /= sum;
            }
            float[] frequency = sample.mask().mean(new int[] {0}).toFloatArray();
            for (int i = 0; i < 3; i++) {
                double last = 0;
                for (int j = 0; j < 3; j++) {
                    if (j != i) {
                        last += p[j] * p[3 - i - j] / (1 - p[j]);
                    }
                }
                double expected = 1 - last;
                double sigma = Math.sqrt(expected * (1 - expected) / windows);
                assertEquals(expected, frequency[i], 4 * sigma, "patch " + i);
            }
            assertEquals(0f, frequency[3], "padding is never masked");
            long[] order = sample.order().toLongArray();
            float[] logProbability = sample.logProbability().toFloatArray();
            for (int b = 0; b < 3; b++) {
                int first = (int) order[b * 4];
                int second = (int) order[b * 4 + 1];
                double expected = Math.log(p[first]) + Math.log(p[second] / (1 - p[first]));
                assertEquals(expected, logProbability[b], 1e-4, "log-probability of window " + b);
            }
        }
    }

    /** softmax(logits)[0] of a [1, P] row. */
    private static double probabilityOfFirst(NDArray logits) {
        float[] l = logits.toFloatArray();
        double sum = 0;
        for (float v : l) {
            sum += Math.exp(v - l[0]);
        }
        return 1 / sum;
    }

    @Test
    void perPatchLossWeighsEachPickByItsOwnLossMinusTheWindowMean() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TeacherPolicy policy = new TeacherPolicy(new MaskingParams(MaskingParams.Strategy.ADVERSARIAL, 0.5, 2.0, false), 0,
                    TeacherParams.RewardBaseline.PER_PATCH);
            float[] s = {0.3f, -0.2f, 0.1f, 0.4f, 0.7f, -0.5f, 9f, 9f};
            NDArray logits = manager.create(s, new Shape(2, 4));
            logits.setRequiresGradient(true);
            // Window 0: 4 valid patches, picks 2 then 0. Window 1: 2 valid patches (2 and 3 are padding), k = 1.
            NDArray counts = PaddingTools.counts(manager, 4, 2);
            int[] picks = {2, 1};
            NDArray losses = manager.create(new float[] {1f, 5f, 3f, 7f, 4f, 9f, 100f, 100f}, new Shape(2, 4));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray valid = PaddingTools.validMask(counts, 4);
                NDArray order = manager.create(new long[] {2, 0, 1, 3, 1, 0, 2, 3}, new Shape(2, 4));
                NDArray terms = GumbelTopK.pickLogProbabilities(logits, valid, order, picks);
                MaskSample sample = new MaskSample(manager.create(new float[] {1, 0, 1, 0, 0, 1, 0, 0}, new Shape(2, 4)),
                        order, picks, terms.sum(new int[] {1}), terms, logits, valid);
                NDArray loss = policy.teacherLossPerPatch(losses, sample);
                // Window 0: masked losses 3 (patch 2) and 1 (patch 0), mean 2, so the first pick's term gets +1 and
                // the second's -1; the unmasked patches' losses (5, 7) play no part. Window 1: its one pick's loss is
                // its mean, so it contributes 0 but still counts in the mean over windows.
                double z4 = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[2]) + Math.exp(s[3]);
                double z3 = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[3]);
                double first = s[2] - Math.log(z4);
                double second = s[0] - Math.log(z3);
                assertEquals(-(first - second) / 2 / 2, loss.getFloat(), 1e-6);
                collector.backward(loss);
                // d/ds of -(first - second) / 4: first = onehot(2) - softmax over all four, second = onehot(0) -
                // softmax over {0, 1, 3}.
                double[] expected = new double[8];
                for (int i = 0; i < 4; i++) {
                    double dFirst = (i == 2 ? 1 : 0) - Math.exp(s[i]) / z4;
                    double dSecond = i == 2 ? 0 : (i == 0 ? 1 : 0) - Math.exp(s[i]) / z3;
                    expected[i] = -(dFirst - dSecond) / 4;
                }
                float[] actual = logits.getGradient().toFloatArray();
                for (int i = 0; i < 8; i++) {
                    assertEquals(expected[i], actual[i], 1e-6, "gradient " + i);
                }
            }
        }
    }

    @Test
    void priorBiasMovesMasksTowardsHighPriorPatchesInProportionToAlpha() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int windows = 400;
            int patches = 20;
            NDArray prior = ModelTestData.prior(manager, windows, patches, 17);
            NDArray teacher = manager.zeros(new Shape(windows, patches));
            NDArray counts = PaddingTools.counts(manager, new int[windows]).add(patches);
            double previous = -1;
            for (double alpha : new double[] {0, 1, 2, 4}) {
                TeacherPolicy policy = new TeacherPolicy(new MaskingParams(MaskingParams.Strategy.ADVERSARIAL, 0.5,
                        alpha, true), 0);
                MaskSample sample = policy.sample(teacher, prior, counts, patches, new Random(23));
                double meanPrior = prior.mul(sample.mask()).sum().getFloat() / sample.mask().sum().getFloat();
                assertTrue(meanPrior > previous + 0.02, "alpha " + alpha + ": mean prior of masked patches "
                        + meanPrior + " after " + previous);
                previous = meanPrior;
            }
            assertTrue(previous > 0.7, "alpha 4 masks mostly high-prior patches: " + previous);
        }
    }

    @Test
    void randomStrategyMasksEveryValidPatchEquallyOften() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int windows = 4000;
            TeacherPolicy policy = new TeacherPolicy(MaskingParams.defaults().withStrategy(MaskingParams.Strategy.RANDOM),
                    0);
            assertTrue(!policy.usesTeacher() && !policy.usesPrior());
            NDArray counts = PaddingTools.counts(manager, new int[windows]).add(8);
            MaskSample sample = policy.sample(null, null, counts, 10, new Random(2));
            float[] frequency = sample.mask().mean(new int[] {0}).toFloatArray();
            double sigma = Math.sqrt(0.5 * 0.5 / windows);
            for (int p = 0; p < 8; p++) {
                assertEquals(0.5, frequency[p], 4 * sigma, "patch " + p);
            }
            assertEquals(0f, frequency[8]);
            assertEquals(0f, frequency[9]);
            assertEquals(1.0, TeacherPolicy.maskEntropy(sample.finalLogits(), sample.valid()), 1e-6);
        }
    }

    @Test
    void priorOnlyUsesTheScaledZScoreAndNoTeacher() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray prior = manager.create(new float[] {0.2f, 0.4f, 0.6f, 0.9f}, new Shape(1, 4));
            NDArray valid = manager.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));
            double z = 0.2 / Math.sqrt(0.08 / 3);
            assertArrayEquals(new float[] {(float) -z, 0, (float) z, 0}, TeacherPolicy.zscore(prior, valid).toFloatArray(),
                    1e-4f);
            TeacherPolicy policy = new TeacherPolicy(MaskingParams.defaults().withStrategy(
                    MaskingParams.Strategy.PRIOR_ONLY), 0);
            assertArrayEquals(new float[] {(float) (-2 * z), 0, (float) (2 * z), 0},
                    policy.finalLogits(null, prior, valid).toFloatArray(), 1e-4f);
            assertEquals(MaskingParams.Strategy.PRIOR_ONLY, MaskingParams.Strategy.fromLabel("prior-only"));
            assertEquals("adversarial", MaskingParams.Strategy.ADVERSARIAL.label());
            TeacherPolicy adversarial = new TeacherPolicy(MaskingParams.defaults(), 0);
            assertThrows(NullPointerException.class, () -> adversarial.finalLogits(null, prior, valid));
        }
    }

    @Test
    void entropyBonusIsTheSoftmaxEntropyOverValidPatches() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {0, 0, 0, 0, 5, 1, 1, 1}, new Shape(2, 4));
            NDArray valid = manager.create(new float[] {1, 1, 1, 0, 1, 1, 1, 1}, new Shape(2, 4));
            float[] h = TeacherPolicy.entropy(logits, valid).toFloatArray();
            assertEquals(Math.log(3), h[0], 1e-5);
            double z = Math.exp(5) + 3 * Math.exp(1);
            double expected = -(Math.exp(5) / z * Math.log(Math.exp(5) / z) + 3 * Math.exp(1) / z * Math.log(Math.exp(1) / z));
            assertEquals(expected, h[1], 1e-5);
            assertEquals((1 + expected / Math.log(4)) / 2, TeacherPolicy.maskEntropy(logits, valid), 1e-5);
        }
    }
}
