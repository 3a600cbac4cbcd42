package org.sigmappg.model;

import ai.djl.ndarray.NDArray;

/**
 * One student forward.
 *
 * @param logits code logits [B, P, K] at every patch (the loss uses the masked ones only)
 * @param tokens per-patch features after the final LayerNorm [B, P, W]
 * @param classToken the class token's features [B, W]
 * @param valid validity [B, P]
 */
public record StudentOutput(NDArray logits, NDArray tokens, NDArray classToken, NDArray valid) {

    /** Mean of the valid patch tokens [B, W] (METHOD's mean pooling; class token and padding excluded). */
    public NDArray pooled() {
        return PaddingTools.windowMean(tokens, valid);
    }
}
