package org.sigmappg.train;

/**
 * The figures a pre-training run reports, measured on held-out windows with the final student, each averaged
 * over {@link PretrainTask#FINAL_EVAL_DRAWS} mask draws per window.
 *
 * @param maskedAccuracy share of masked patches whose code the student predicts (under the run's own masks)
 * @param chanceAccuracy accuracy of always predicting the most frequent training code (the majority baseline)
 * @param lossTeacherMasks student masked cross-entropy under the run's masking policy (teacher + prior for adversarial)
 * @param lossRandomMasks the same under uniformly random masks of the same ratio
 * @param priorMasked mean prior score of the patches the policy masks
 * @param priorUnmasked mean prior score of the patches it leaves visible
 * @param accuracyHighPrior masked accuracy on patches above their window's median prior (peaks)
 * @param accuracyLowPrior masked accuracy on patches below it (flat regions)
 * @param maskEntropy normalised entropy of the masking policy (1 = uniform)
 */
public record PretrainSummary(String run, String status, String masking, int epochs, long steps, long parameters,
                              double maskedAccuracy, double chanceAccuracy, double lossTeacherMasks, double lossRandomMasks,
                              double priorMasked, double priorUnmasked, double accuracyHighPrior, double accuracyLowPrior,
                              double maskEntropy, int heldOutWindows, String device, double seconds) {
}
