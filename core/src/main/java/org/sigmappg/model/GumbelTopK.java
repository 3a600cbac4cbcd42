package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Gumbel-Top-k sampling of k distinct valid patches per window, and the exact Plackett-Luce
 * log-probability of the sampled pick order. Adding independent Gumbel noise to logits s and sorting
 * draws patches one after another without replacement with probabilities softmax(s) over the patches
 * not yet picked; the probability of the order pi is prod_j exp(s_pi_j) / sum_{i not yet picked}
 * exp(s_i). Padding patches are never picked and never in a normaliser.
 */
public final class GumbelTopK {
    private GumbelTopK() {
    }

    /**
     * A draw.
     *
     * @param mask 1 at the picked patches [B, P] float32
     * @param order all patch indices by decreasing perturbed logit [B, P] int64; the first {@code picks[b]}
     *     entries of row b are the picks in the order they were drawn, padding comes last
     * @param picks k per window
     */
    public record Draw(NDArray mask, NDArray order, int[] picks) {
    }

    /** k = round(ratio x valid patches), half up, per window. */
    public static int[] pickCounts(int[] validCounts, double ratio) {
        int[] k = new int[validCounts.length];
        for (int b = 0; b < k.length; b++) {
            k[b] = (int) Math.min(validCounts[b], Math.floor(ratio * validCounts[b] + 0.5));
        }
        return k;
    }

    /**
     * Samples {@code picks[b]} distinct valid patches of each window. The logits are detached: the
     * gradient of the policy flows only through {@link #logProbability}.
     *
     * @param logits [B, P]
     * @param valid validity [B, P]
     * @param picks k per window, at most the window's valid count
     * @param rng source of the Gumbel noise
     */
    public static Draw sample(NDArray logits, NDArray valid, int[] picks, Random rng) {
        Shape shape = logits.getShape();
        NDManager manager = logits.getManager();
        NDArray perturbed = logits.stopGradient().add(gumbel(manager, shape, rng))
                .add(valid.sub(1f).mul(-PaddingTools.PADDING_SCORE));
        NDArray order = perturbed.argSort(1, false);
        NDArray rank = order.argSort(1, true);
        NDArray k = manager.create(toFloats(picks), new Shape(shape.get(0), 1));
        NDArray mask = rank.toType(DataType.FLOAT32, false).lt(k).toType(DataType.FLOAT32, false);
        return new Draw(mask, order, picks.clone());
    }

    /**
     * Plackett-Luce log-probability [B] of drawing the first {@code picks[b]} patches of {@code order} in
     * that order: sum over picks of logit_pick - logsumexp(logits of the valid patches not picked before
     * it). Differentiable with respect to {@code logits}.
     */
    public static NDArray logProbability(NDArray logits, NDArray valid, NDArray order, int[] picks) {
        return pickLogProbabilities(logits, valid, order, picks).sum(new int[] {1});
    }

    /**
     * The terms of {@link #logProbability} one by one [B, P], in draw order: entry j of row b is the
     * log-probability of the j-th pick given the picks before it (logit - logsumexp of the valid patches
     * not picked before it) for j < {@code picks[b]}, and 0 after the picks. Differentiable.
     */
    public static NDArray pickLogProbabilities(NDArray logits, NDArray valid, NDArray order, int[] picks) {
        Shape shape = logits.getShape();
        NDManager manager = logits.getManager();
        NDArray sorted = logits.add(valid.sub(1f).mul(-PaddingTools.PADDING_SCORE)).gather(order, 1);
        NDArray shift = sorted.stopGradient().max(new int[] {1}, true);
        // Suffix sums in sorted order: the normaliser of pick j covers every valid patch from position j on.
        NDArray remaining = sorted.sub(shift).exp().flip(1).cumSum(1).flip(1);
        // The floor only matters when exp underflows for a pick ~90 nats below the window's best logit.
        NDArray floor = AutogradTools.constant(remaining, Float.MIN_NORMAL);
        NDArray logNormaliser = remaining.maximum(floor).log().add(shift);
        NDArray position = manager.arange(0f, (float) shape.get(1), 1f).reshape(1, shape.get(1));
        NDArray isPick = position.lt(manager.create(toFloats(picks), new Shape(shape.get(0), 1)))
                .toType(DataType.FLOAT32, false);
        return sorted.sub(logNormaliser).mul(isPick);
    }

    /** Standard Gumbel noise -log(-log u) with u uniform in the open interval (0, 1). */
    static NDArray gumbel(NDManager manager, Shape shape, Random rng) {
        float[] g = new float[(int) shape.size()];
        for (int i = 0; i < g.length; i++) {
            double u = (rng.nextInt(1 << 24) + 0.5) / (1 << 24);
            g[i] = (float) -Math.log(-Math.log(u));
        }
        return manager.create(g, shape);
    }

    private static float[] toFloats(int[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
