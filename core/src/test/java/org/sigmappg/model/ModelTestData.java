package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Small deterministic inputs and sizes for the model tests. */
final class ModelTestData {
    static final int SAMPLES = 50;

    private ModelTestData() {
    }

    /** A tokenizer small enough for millisecond steps: width 32, 1 encoder and 1 decoder layer, K 16. */
    static TokenizerParams tinyTokenizer() {
        TokenizerParams t = TokenizerParams.tiny();
        return new TokenizerParams(TokenizerParams.VERSION, SAMPLES, 16, t.temporalConv(), TransformerParams.of(32, 1, 4),
                16, 16, TransformerParams.of(32, 1, 4), false, TokenizerParams.ReconstructionLoss.L1, 1.0, 0.99, 0.05,
                1, 3, 64, 0.5, 0.9, 1.1, 0.05, t.optimiser(), 1.0, 0);
    }

    /** A student of width 32, 1 layer, K 16 with a width-16 teacher; adversarial masking with the prior. */
    static StudentParams tinyStudent() {
        StudentParams s = StudentParams.tiny();
        TeacherParams teacher = new TeacherParams(TransformerParams.of(16, 1, 2), s.teacher().optimiser(), 0,
                TeacherParams.RewardBaseline.BATCH_MEAN);
        return new StudentParams(StudentParams.VERSION, SAMPLES, 16, s.temporalConv(), TransformerParams.of(32, 1, 4),
                16, s.optimiser(), MaskingParams.defaults(), teacher);
    }

    /** PPG-like windows in [0, 1]: a pulse train with per-window rate and phase plus noise, [batch, patches, 50]. */
    static NDArray windows(NDManager manager, int batch, int patches, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[batch * patches * SAMPLES];
        for (int b = 0; b < batch; b++) {
            double rate = 0.8 + rng.nextDouble();
            double phase = rng.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < patches * SAMPLES; i++) {
                double t = i / 50.0;
                double v = Math.sin(2 * Math.PI * rate * t + phase) + 0.4 * Math.sin(4 * Math.PI * rate * t + phase)
                        + 0.05 * rng.nextGaussian();
                x[b * patches * SAMPLES + i] = (float) (0.5 + 0.3 * v);
            }
        }
        return manager.create(x, new Shape(batch, patches, SAMPLES));
    }

    /** Uniform priors in [0, 1], [batch, patches]. */
    static NDArray prior(NDManager manager, int batch, int patches, long seed) {
        Random rng = new Random(seed);
        float[] p = new float[batch * patches];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextFloat();
        }
        return manager.create(p, new Shape(batch, patches));
    }
}
