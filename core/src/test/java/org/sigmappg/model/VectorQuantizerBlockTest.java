package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorQuantizerBlockTest {

    /** Three unit codes in the plane and a hand-made batch: (0.8, 0.6) and (1, 0) pick e0, (0.6, 0.8) picks e1. */
    private static final float[] CODES = {1, 0, 0, 1, -1, 0};
    private static final float[] BATCH = {0.8f, 0.6f, 0.6f, 0.8f, 1, 0, 0, 1};
    /** The last patch, (0, 1), is padding and must not move e1. */
    private static final float[] VALID = {1, 1, 1, 0};

    @Test
    void emaUpdateMatchesHandComputedClusterMeansOverOneAndTwoSteps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VectorQuantizerBlock vq = new VectorQuantizerBlock(3, 2, 0.9, 0.05);
            vq.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2));
            Map<String, Parameter> state = ParameterNames.canonical(vq);
            vq.codebook().set(CODES);
            state.get("embed_avg").getArray().set(CODES);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray z = manager.create(BATCH, new Shape(1, 4, 2));
            NDArray valid = manager.create(VALID, new Shape(1, 4));

            NDArray indices = vq.quantize(ps, z, false).get(3);
            assertArrayEquals(new long[] {0, 1, 0, 1}, indices.toLongArray());
            vq.updateCodebook(z, indices, valid);
            // n = (2, 1, 0); cluster size 0.9 x 1 + 0.1 x n; sums (1.8, 0.6), (0.6, 0.8), (0, 0).
            assertArrayEquals(new float[] {1.1f, 1.0f, 0.9f}, vq.clusterSizes(), 1e-6f);
            assertArrayEquals(new float[] {1.08f, 0.06f, 0.06f, 0.98f, -0.9f, 0}, state.get("embed_avg").getArray()
                    .toFloatArray(), 1e-6f);
            assertArrayEquals(concat(unit(1.08, 0.06), unit(0.06, 0.98), new float[] {-1, 0}),
                    vq.codebook().toFloatArray(), 1e-6f);

            indices = vq.quantize(ps, z, false).get(3);
            assertArrayEquals(new long[] {0, 1, 0, 1}, indices.toLongArray());
            vq.updateCodebook(z, indices, valid);
            // cluster size 0.9 x (1.1, 1.0, 0.9) + 0.1 x (2, 1, 0); avg 0.9 x avg + 0.1 x sums.
            assertArrayEquals(new float[] {1.19f, 1.0f, 0.81f}, vq.clusterSizes(), 1e-6f);
            assertArrayEquals(new float[] {1.152f, 0.114f, 0.114f, 0.962f, -0.81f, 0},
                    state.get("embed_avg").getArray().toFloatArray(), 1e-6f);
            // The code is the normalised cluster mean avg / size; e2, never chosen, keeps its direction.
            assertArrayEquals(concat(unit(1.152 / 1.19, 0.114 / 1.19), unit(0.114, 0.962), new float[] {-1, 0}),
                    vq.codebook().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void straightThroughGradientMatchesFiniteDifferencesOfTheSurrogate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TokenizerParams params = ModelTestData.tinyTokenizer();
            PatchEncoderBlock encoder = new PatchEncoderBlock(params);
            encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 50), new Shape(1));
            VectorQuantizerBlock vq = new VectorQuantizerBlock(params.codebookSize(), params.codeDim(), 0.99, 0.05);
            vq.initialize(manager, DataType.FLOAT32, new Shape(1, 1, params.codeDim()));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 2, 6, 5);
            NDArray valid = manager.ones(new Shape(2, 6));
            NDArray weights = manager.randomNormal(new Shape(2, 6, params.codeDim()));

            NDArray offset;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList q = vq.quantize(ps, encoder.encode(ps, patches, valid, false), false);
                offset = q.get(1).sub(q.get(0)).stopGradient();
                collector.backward(q.get(2).mul(weights).sum());
            }
            Random directions = new Random(17);
            for (String name : new String[] {"encode_task_layer.fc2.weight", "patch_embed.conv1.weight"}) {
                Parameter theta = ParameterNames.canonical(encoder).get(name);
                float[] gradient = theta.getArray().getGradient().toFloatArray();
                float[] values = theta.getArray().toFloatArray();
                // Directional derivative along a random +-1 direction: many elements add signal, so float32
                // round-off in the surrogate stays small against it.
                double[] direction = new double[values.length];
                double analytic = 0;
                double scale = 0;
                double largest = 0;
                for (int i = 0; i < values.length; i++) {
                    direction[i] = directions.nextBoolean() ? 1 : -1;
                    analytic += direction[i] * gradient[i];
                    scale += Math.abs(gradient[i]);
                    largest = Math.max(largest, Math.abs(gradient[i]));
                }
                // Richardson extrapolation of two central differences cancels their h^2 error.
                double coarse = centralDifference(encoder, ps, patches, valid, offset, weights, theta, values,
                        direction, 2e-3);
                double fine = centralDifference(encoder, ps, patches, valid, offset, weights, theta, values,
                        direction, 1e-3);
                double numeric = (4 * fine - coarse) / 3;
                // Tolerance on the scale of the gradient: a direction can make the derivative itself cancel.
                assertEquals(numeric, analytic, 1e-3 * scale,
                        name + ": finite difference " + numeric + ", autograd " + analytic);
                assertTrue(largest > 1e-3, name + ": the straight-through estimator passes a gradient, largest "
                        + largest);
            }
        }
    }

    private static double centralDifference(PatchEncoderBlock encoder, ParameterStore ps, NDArray patches,
                                            NDArray valid, NDArray offset, NDArray weights, Parameter theta,
                                            float[] values, double[] direction, double h) {
        return (surrogate(encoder, ps, patches, valid, offset, weights, theta, values, direction, h)
                - surrogate(encoder, ps, patches, valid, offset, weights, theta, values, direction, -h)) / (2 * h);
    }

    /** The STE surrogate sum(w x (z(theta + h v) + D)) with D = zq - z frozen at the unperturbed parameters. */
    private static double surrogate(PatchEncoderBlock encoder, ParameterStore ps, NDArray patches, NDArray valid,
                                    NDArray offset, NDArray weights, Parameter theta, float[] values,
                                    double[] direction, double h) {
        float[] perturbed = values.clone();
        for (int i = 0; i < perturbed.length; i++) {
            perturbed[i] += (float) (h * direction[i]);
        }
        theta.getArray().set(perturbed);
        NDArray z = VectorQuantizerBlock.normalise(encoder.encode(ps, patches, valid, false));
        float[] terms = z.add(offset).mul(weights).toFloatArray();
        theta.getArray().set(values);
        double s = 0;
        for (float t : terms) {
            s += t;
        }
        return s;
    }

    @Test
    void kmeansRecoversWellSeparatedClustersForEverySeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[][] centres = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {-1, 0, 0}};
            Random noise = new Random(3);
            float[] samples = new float[400 * 3];
            for (int i = 0; i < 400; i++) {
                for (int d = 0; d < 3; d++) {
                    samples[i * 3 + d] = centres[i % 4][d] + (float) (0.05 * noise.nextGaussian());
                }
            }
            NDArray data = manager.create(samples, new Shape(400, 3));
            for (int seed = 1; seed <= 5; seed++) {
                VectorQuantizerBlock vq = new VectorQuantizerBlock(4, 3, 0.99, 0.05);
                vq.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 3));
                assertFalse(vq.isInitialised());
                vq.initialiseFromKMeans(data, 10, new Random(seed));
                float[] codes = vq.codebook().toFloatArray();
                for (float[] c : centres) {
                    double best = -1;
                    for (int k = 0; k < 4; k++) {
                        best = Math.max(best, c[0] * codes[3 * k] + c[1] * codes[3 * k + 1] + c[2] * codes[3 * k + 2]);
                    }
                    assertTrue(best > 0.99, "seed " + seed + ": a code within 8 degrees of every centre, best cosine "
                            + best);
                }
                assertArrayEquals(new float[] {100, 100, 100, 100}, sorted(vq.clusterSizes()), 0f,
                        "k-means cluster sizes");
                assertTrue(vq.isInitialised());
            }
        }
    }

    @Test
    void deadCodesAreReseededFromValidOutputsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VectorQuantizerBlock vq = new VectorQuantizerBlock(3, 2, 0.5, 0.3);
            vq.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2));
            vq.codebook().set(CODES);
            ParameterNames.canonical(vq).get("embed_avg").getArray().set(CODES);
            NDArray z = manager.create(BATCH, new Shape(1, 4, 2));
            NDArray valid = manager.create(VALID, new Shape(1, 4));
            NDArray indices = manager.create(new long[] {0, 1, 0, 1}, new Shape(1, 4));
            assertEquals(0, vq.reseedDeadCodes(z, valid, new Random(1)), "fresh codes start at cluster size 1");
            for (int i = 0; i < 2; i++) {
                vq.updateCodebook(z, indices, valid);
            }
            // e2 is never chosen: 0.5^2 = 0.25 < 0.3; e0, e1 stay above.
            assertEquals(1, vq.reseedDeadCodes(z, valid, new Random(1)));
            float[] codes = vq.codebook().toFloatArray();
            float[] seeded = {codes[4], codes[5]};
            boolean fromValid = false;
            for (int p = 0; p < 3; p++) {
                fromValid |= Math.abs(seeded[0] - BATCH[2 * p]) < 1e-6 && Math.abs(seeded[1] - BATCH[2 * p + 1]) < 1e-6;
            }
            assertTrue(fromValid, "re-seeded from a valid output, got (" + seeded[0] + ", " + seeded[1] + ")");
            assertEquals(0.3f, vq.clusterSizes()[2], 1e-6f);
            assertEquals(0, vq.reseedDeadCodes(z, valid, new Random(1)), "just re-seeded codes are not dead");
        }
    }

    @Test
    void deadCodesGoWhereTheLiveCodesCoverTheOutputsWorst() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Live e0 = (1, 0) and e1 = (0, 1); e2 and e3 dead. Five outputs sit on e0, one on e1, one at
            // (-1, 0) (squared distance 2 to both live codes), one at (0, -1) (also 2). A uniform draw would
            // put a dead code on top of e0 five times in eight; the distance-weighted draw never does, and
            // the second dead code avoids the spot the first one took.
            VectorQuantizerBlock vq = new VectorQuantizerBlock(4, 2, 0.5, 0.3);
            vq.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 2));
            float[] codes = {1, 0, 0, 1, 1, 0, 1, 0};
            vq.codebook().set(codes);
            ParameterNames.canonical(vq).get("embed_avg").getArray().set(codes);
            ParameterNames.canonical(vq).get("cluster_size").getArray().set(new float[] {5, 1, 0.1f, 0.1f});
            float[] outputs = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, -1, 0, 0, -1};
            NDArray z = manager.create(outputs, new Shape(1, 8, 2));
            NDArray valid = manager.ones(new Shape(1, 8));
            for (int seed = 0; seed < 20; seed++) {
                vq.codebook().set(codes);
                ParameterNames.canonical(vq).get("cluster_size").getArray().set(new float[] {5, 1, 0.1f, 0.1f});
                assertEquals(2, vq.reseedDeadCodes(z, valid, new Random(seed)));
                float[] now = vq.codebook().toFloatArray();
                float[] seeded = {now[4], now[5], now[6], now[7]};
                boolean west = seeded[0] == -1 && seeded[1] == 0 || seeded[2] == -1 && seeded[3] == 0;
                boolean south = seeded[0] == 0 && seeded[1] == -1 || seeded[2] == 0 && seeded[3] == -1;
                assertTrue(west && south, "seed " + seed + ": dead codes re-seeded at (" + seeded[0] + ", " + seeded[1]
                        + ") and (" + seeded[2] + ", " + seeded[3] + "), expected (-1, 0) and (0, -1)");
            }
        }
    }

    @Test
    void proportionalDrawsFollowTheirWeights() {
        double[] weights = {0, 1, 3, 0, 4};
        int[] counts = new int[weights.length];
        Random rng = new Random(3);
        int draws = 80_000;
        for (int i = 0; i < draws; i++) {
            counts[VectorQuantizerBlock.drawProportional(weights, rng)]++;
        }
        assertEquals(0, counts[0]);
        assertEquals(0, counts[3]);
        for (int i : new int[] {1, 2, 4}) {
            double expected = draws * weights[i] / 8;
            // Four binomial standard deviations.
            assertEquals(expected, counts[i], 4 * Math.sqrt(expected), "index " + i);
        }
        int[] uniform = new int[3];
        for (int i = 0; i < 30_000; i++) {
            uniform[VectorQuantizerBlock.drawProportional(new double[3], rng)]++;
        }
        for (int c : uniform) {
            assertEquals(10_000, c, 400, "all-zero weights draw uniformly");
        }
    }

    @Test
    void codebookUsageAndIndexConsistency() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CodebookUsage usage = new CodebookUsage(4);
            NDArray indices = manager.create(new long[] {0, 0, 1, 3, 2, 2}, new Shape(2, 3));
            NDArray valid = manager.create(new float[] {1, 1, 1, 1, 0, 0}, new Shape(2, 3));
            usage.add(indices, valid);
            assertArrayEquals(new long[] {2, 1, 0, 1}, usage.counts());
            assertEquals(0.25, usage.unusedFraction(), 1e-12);
            double entropy = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
            assertEquals(Math.exp(entropy), usage.perplexity(), 1e-12);
            NDArray augmented = manager.create(new long[] {0, 1, 1, 3, 0, 0}, new Shape(2, 3));
            assertEquals(0.75, IndexConsistencyRate.of(indices, augmented, valid), 1e-12);
        }
    }

    private static float[] unit(double x, double y) {
        double n = Math.hypot(x, y);
        return new float[] {(float) (x / n), (float) (y / n)};
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int i = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    private static float[] sorted(float[] values) {
        float[] s = values.clone();
        java.util.Arrays.sort(s);
        return s;
    }
}
