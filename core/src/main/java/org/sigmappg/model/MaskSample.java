package org.sigmappg.model;

import ai.djl.ndarray.NDArray;

/**
 * The mask of one stage-2 step and how it was drawn.
 *
 * @param mask 1 at masked patches [B, P] float32: exactly {@code picks[b]} valid patches per window
 * @param order pick order [B, P] int64 (see {@link GumbelTopK.Draw#order()})
 * @param picks k per window
 * @param logProbability exact log-probability [B] of the applied mask's draw under {@code finalLogits},
 *     with gradient to the teacher logits (adversarial strategy): the row sums of {@code pickLogProbabilities}
 * @param pickLogProbabilities its terms pick by pick [B, P] ({@link GumbelTopK#pickLogProbabilities}), which
 *     per-patch credit weighs one by one
 * @param finalLogits the logits the mask was drawn from [B, P]
 * @param valid validity [B, P]
 */
public record MaskSample(NDArray mask, NDArray order, int[] picks, NDArray logProbability,
                         NDArray pickLogProbabilities, NDArray finalLogits, NDArray valid) {
}
