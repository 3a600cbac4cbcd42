package org.sigmappg.train;

/**
 * The figures a finished (or stopped) tokenizer run reports: health on held-out windows and how the
 * reconstruction loss moved. Fractions are 0..1.
 *
 * @param icr index consistency rate on held-out windows: share of patches whose code survives the augmentation
 * @param unusedCodes share of the codebook no training patch chose in the last epoch
 * @param perplexity exp(entropy) of the code usage in the last epoch
 * @param reseededCodes dead codes re-seeded from encoder outputs over the run
 */
public record TokenizerSummary(String run, String status, int epochs, long steps, double icr, double unusedCodes,
                               double perplexity, double reconLossFirstEpoch, double reconLossLastEpoch,
                               double lossFirstEpoch, double lossLastEpoch, long reseededCodes, int heldOutWindows,
                               String device, double seconds) {
}
