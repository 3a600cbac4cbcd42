package org.sigmappg.model;

import ai.djl.ndarray.NDArray;

/**
 * Everything one tokenizer training forward produces. The arrays live until the enclosing
 * {@code NDScope} closes; read what you keep (losses as floats, indices as longs) inside it.
 *
 * @param valid validity [B, P]
 * @param z normalised pre-quantisation embeddings [B, P, D] (with gradient to the encoder)
 * @param zq the chosen codes [B, P, D] (constants)
 * @param indices chosen code indices [B, P] int64
 * @param amplitude predicted normalised amplitude spectrum [B, P, bins]
 * @param phase predicted normalised phase [B, P, bins], or null without the phase head
 * @param target the amplitude target [B, P, bins] ({@link SpectralTarget#target})
 * @param augmentedIndices code indices of the augmented view [B, P] int64 (for the index consistency rate)
 * @param reconstructionLoss L1 or MSE over valid patches and bins (amplitude, plus phase when predicted)
 * @param commitmentLoss weight x MSE(z, stopgrad(zq)) over valid patches
 * @param consistencyLoss MSE(stopgrad(z), z_augmented) over valid patches, unweighted
 * @param totalLoss reconstruction + commitment + consistencyWeight x consistency
 */
public record TokenizerOutput(NDArray valid, NDArray z, NDArray zq, NDArray indices, NDArray amplitude, NDArray phase,
                              NDArray target, NDArray augmentedIndices, NDArray reconstructionLoss,
                              NDArray commitmentLoss, NDArray consistencyLoss, NDArray totalLoss) {
}
