package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer's two stop-gradients (METHOD section 2), each checked by what it blocks: the consistency loss
 * MSE(stopgrad(z), z_augmented) moves the encoder only through the augmented view, and the commitment loss
 * MSE(z, stopgrad(zq)) never reaches the codebook.
 */
class StopGradientTest {
    private static final int PATCHES = 8;

    /**
     * The encoder's gradient from the tokenizer's consistency loss equals the gradient of the same loss rebuilt with
     * the original view's embedding computed outside the gradient collector (a constant). Without the stop-gradient
     * the loss would also pull the original view towards the augmented one; that part is measured too, so that the
     * test cannot pass because it is negligible.
     */
    @Test
    void consistencyMovesTheEncoderThroughTheAugmentedViewOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TokenizerBlock tokenizer = new TokenizerBlock(ModelTestData.tinyTokenizer());
            tokenizer.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 3, PATCHES, 1);
            NDArray counts = PaddingTools.counts(manager, PATCHES, 6, PATCHES);
            NDArray valid = PaddingTools.validMask(counts, PATCHES);
            List<Parameter> encoder = trainable(tokenizer.encoder());
            long seed = 5;

            float[] own = gradients(encoder, () -> tokenizer.forwardWithLosses(ps, patches, counts, new Random(seed), false)
                    .consistencyLoss());
            NDArray original = tokenizer.embed(ps, patches, counts);
            NDArray augmentedPatches = tokenizer.params().augmentation().apply(patches, new Random(seed));
            float[] augmentedOnly = gradients(encoder, () -> PaddingTools.maskedMean(original.sub(
                    VectorQuantizerBlock.normalise(tokenizer.encoder().encode(ps, augmentedPatches, valid, false))).square(), valid));
            NDArray augmented = tokenizer.embed(ps, augmentedPatches, counts);
            float[] originalOnly = gradients(encoder, () -> PaddingTools.maskedMean(augmented.sub(
                    VectorQuantizerBlock.normalise(tokenizer.encoder().encode(ps, patches, valid, false))).square(), valid));

            double scale = norm(augmentedOnly);
            assertTrue(scale > 0, "the consistency loss moves the encoder");
            assertTrue(norm(originalOnly) > 0.1 * scale, "the blocked path would matter: " + norm(originalOnly) + " vs " + scale);
            double worst = 0;
            for (int i = 0; i < own.length; i++) {
                worst = Math.max(worst, Math.abs(own[i] - augmentedOnly[i]));
            }
            assertTrue(worst <= 1e-4 * scale, "the encoder's consistency gradient differs from the augmented view's by " + worst
                    + " (norm " + scale + "): the gradient reaches the original view's embedding");
        }
    }

    /**
     * The codebook is an EMA buffer, not a gradient parameter; here it is made to accept a gradient, so that only the
     * stop-gradient on the chosen codes keeps the commitment loss from pulling them. The encoder does receive it.
     */
    @Test
    void commitmentNeverReachesTheCodebook() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TokenizerBlock tokenizer = new TokenizerBlock(ModelTestData.tinyTokenizer());
            tokenizer.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 3, PATCHES, 2);
            NDArray counts = PaddingTools.counts(manager, PATCHES, 6, PATCHES);
            NDArray codebook = tokenizer.quantizer().codebook();
            codebook.setRequiresGradient(true);
            List<Parameter> encoder = trainable(tokenizer.encoder());
            float[] encoderGradient = gradients(encoder, () -> {
                TokenizerOutput out = tokenizer.forwardWithLosses(ps, patches, counts, new Random(3), true);
                assertTrue(out.commitmentLoss().getFloat() > 0, "codes differ from the embeddings they stand for");
                return out.commitmentLoss();
            });
            assertTrue(norm(encoderGradient) > 0, "the commitment loss moves the encoder");
            float[] codebookGradient = codebook.getGradient().toFloatArray();
            assertEquals(0.0, norm(codebookGradient), 0.0, "the commitment loss reached the codebook");
        }
    }

    private static List<Parameter> trainable(ai.djl.nn.Block block) {
        List<Parameter> out = new ArrayList<>();
        for (var p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** The gradients of {@code parameters} for one backward of {@code loss}, concatenated; zeroed afterwards. */
    private static float[] gradients(List<Parameter> parameters, Supplier<NDArray> loss) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.get());
        }
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (Parameter p : parameters) {
            NDArray g = p.getArray().getGradient();
            float[] values = g.toFloatArray();
            g.subi(g);
            parts.add(values);
            total += values.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }
}
