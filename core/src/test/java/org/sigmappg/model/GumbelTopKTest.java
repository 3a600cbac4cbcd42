package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GumbelTopKTest {

    @Test
    void picksExactlyKDistinctValidPatches() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] counts = {10, 7, 3, 1, 2, 9};
            int[] picks = GumbelTopK.pickCounts(counts, 0.5);
            assertArrayEquals(new int[] {5, 4, 2, 1, 1, 5}, picks, "round half up");
            NDArray valid = PaddingTools.validMask(PaddingTools.counts(manager, counts), 10);
            // Padding gets the largest logits: it must still never be picked.
            NDArray logits = manager.randomNormal(new Shape(6, 10)).add(valid.neg().add(1).mul(100));
            Random rng = new Random(5);
            for (int draw = 0; draw < 50; draw++) {
                GumbelTopK.Draw d = GumbelTopK.sample(logits, valid, picks, rng);
                float[] mask = d.mask().toFloatArray();
                long[] order = d.order().toLongArray();
                for (int b = 0; b < 6; b++) {
                    Set<Long> chosen = new HashSet<>();
                    for (int j = 0; j < picks[b]; j++) {
                        long patch = order[b * 10 + j];
                        assertTrue(patch < counts[b], "window " + b + " picked padding patch " + patch);
                        assertEquals(1f, mask[b * 10 + (int) patch]);
                        chosen.add(patch);
                    }
                    assertEquals(picks[b], chosen.size(), "distinct picks");
                    float masked = 0;
                    for (int p = 0; p < 10; p++) {
                        masked += mask[b * 10 + p];
                    }
                    assertEquals(picks[b], masked, "window " + b + " mask count");
                }
            }
        }
    }

    @Test
    void firstPickFrequenciesMatchSoftmaxOverValidPatches() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int n = 20_000;
            float[] row = {1.0f, 0.0f, -0.5f, 2.0f, 30f, 30f};
            float[] all = new float[n * row.length];
            int[] counts = new int[n];
            for (int b = 0; b < n; b++) {
                System.arraycopy(row, 0, all, b * row.length, row.length);
                counts[b] = 4;
            }
            NDArray logits = manager.create(all, new Shape(n, row.length));
            NDArray valid = PaddingTools.validMask(PaddingTools.counts(manager, counts), row.length);
            GumbelTopK.Draw d = GumbelTopK.sample(logits, valid, GumbelTopK.pickCounts(counts, 0.5), new Random(42));
            long[] order = d.order().toLongArray();
            long[] first = new long[row.length];
            for (int b = 0; b < n; b++) {
                first[(int) order[b * row.length]]++;
            }
            double z = 0;
            for (int p = 0; p < 4; p++) {
                z += Math.exp(row[p]);
            }
            for (int p = 0; p < row.length; p++) {
                double prob = p < 4 ? Math.exp(row[p]) / z : 0;
                double sigma = Math.sqrt(n * prob * (1 - prob));
                assertEquals(n * prob, first[p], 4 * sigma + 1e-9, "patch " + p + " first picked " + first[p]
                        + " times, softmax expects " + n * prob);
            }
        }
    }

    @Test
    void plackettLuceLogProbabilityMatchesHandComputationAndGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Three valid patches and one padding patch whose logit must not enter any normaliser.
            NDArray logits = manager.create(new float[] {1f, 2f, 0.5f, 7f}, new Shape(1, 4));
            logits.setRequiresGradient(true);
            NDArray valid = manager.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));
            NDArray order = manager.create(new long[] {1, 0, 2, 3}, new Shape(1, 4));
            NDArray logProbability;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                logProbability = GumbelTopK.logProbability(logits, valid, order, new int[] {2});
                collector.backward(logProbability.sum());
            }
            double e1 = Math.exp(1);
            double e2 = Math.exp(2);
            double e05 = Math.exp(0.5);
            double expected = (2 - Math.log(e1 + e2 + e05)) + (1 - Math.log(e1 + e05));
            assertEquals(expected, logProbability.getFloat(0), 1e-6);
            // d/ds: pick 1 contributes onehot(1) - softmax{0,1,2}; pick 0 contributes onehot(0) - softmax{0,2}.
            double z3 = e1 + e2 + e05;
            double z2 = e1 + e05;
            double[] gradient = {
                1 - e1 / z3 - e1 / z2,
                1 - e2 / z3,
                -e05 / z3 - e05 / z2,
                0
            };
            float[] actual = logits.getGradient().toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(gradient[i], actual[i], 1e-6, "gradient " + i);
            }
        }
    }

    @Test
    void pickTermsAreEachPicksLogProbabilityInDrawOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1f, 2f, 0.5f, 7f}, new Shape(1, 4));
            NDArray valid = manager.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));
            NDArray order = manager.create(new long[] {1, 0, 2, 3}, new Shape(1, 4));
            float[] terms = GumbelTopK.pickLogProbabilities(logits, valid, order, new int[] {2}).toFloatArray();
            double z3 = Math.exp(1) + Math.exp(2) + Math.exp(0.5);
            double z2 = Math.exp(1) + Math.exp(0.5);
            assertArrayEquals(new float[] {(float) (2 - Math.log(z3)), (float) (1 - Math.log(z2)), 0, 0}, terms, 1e-6f);
        }
    }

    @Test
    void orderProbabilitiesSumToOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] row = {0.3f, -1.2f, 2.0f};
            long[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
            float[] logits = new float[orders.length * 3];
            long[] flat = new long[orders.length * 3];
            for (int o = 0; o < orders.length; o++) {
                System.arraycopy(row, 0, logits, o * 3, 3);
                for (int j = 0; j < 3; j++) {
                    flat[o * 3 + j] = orders[o][j];
                }
            }
            NDArray lp = GumbelTopK.logProbability(manager.create(logits, new Shape(6, 3)), manager.ones(new Shape(6, 3)),
                    manager.create(flat, new Shape(6, 3)), new int[] {2, 2, 2, 2, 2, 2});
            double total = 0;
            for (float v : lp.toFloatArray()) {
                total += Math.exp(v);
            }
            assertEquals(1.0, total, 1e-6, "the six ordered pairs of 3 patches exhaust the draws of k = 2");
        }
    }
}
