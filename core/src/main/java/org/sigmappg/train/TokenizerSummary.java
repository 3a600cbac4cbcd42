package org.sigmappg.train;

/**
 * The figures a finished (or stopped) tokenizer run reports: code usage on the last epoch's training batches,
 * the final model's health on held-out windows, and how the reconstruction loss moved. Fractions are 0..1. The
 * held-out figures are null when nothing is held out, or when the run stopped before its first epoch ended.
 * Dead-code re-seeding revives codes unused on the training batches, so {@code unusedCodes} stays near 0 by
 * construction; {@code unusedCodesHeldOut} says how much of the codebook unseen windows use.
 *
 * @param icr index consistency rate on held-out windows: share of patches whose code survives the augmentation
 * @param unusedCodes share of the codebook no training patch chose in the last epoch
 * @param perplexity exp(entropy) of the code usage in the last epoch's training batches
 * @param unusedCodesHeldOut share of the codebook no held-out patch gets from the final model
 * @param perplexityHeldOut exp(entropy) of the final model's code usage on the held-out patches
 * @param reseededCodes dead codes re-seeded from encoder outputs over the run
 */
public record TokenizerSummary(String run, String status, int epochs, long steps, Double icr, double unusedCodes,
                               double perplexity, Double unusedCodesHeldOut, Double perplexityHeldOut,
                               double reconLossFirstEpoch, double reconLossLastEpoch, double lossFirstEpoch,
                               double lossLastEpoch, long reseededCodes, int heldOutWindows, String device,
                               double seconds) {
}
