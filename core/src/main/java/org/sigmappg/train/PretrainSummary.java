package org.sigmappg.train;

/**
 * The figures a pre-training run reports, measured on held-out windows with the final student, each averaged
 * over {@link PretrainTask#FINAL_EVAL_DRAWS} mask draws per window. Every figure is null when none was measured:
 * when the run holds no window out ({@code --held-out 0}, or a split that leaves nothing out), or when it stopped
 * before its first evaluation. Figures under the run's own masks compare runs on different tests (each its own
 * masks); those under the shared uniform masks ({@link MaskEvaluation}) compare them on one.
 *
 * @param maskedAccuracy share of masked patches whose code the student predicts (under the run's own masks)
 * @param chanceAccuracy accuracy of always predicting the most frequent code of the held-out patches (the majority
 *     baseline)
 * @param lossTeacherMasks student masked cross-entropy under the run's masking policy (teacher + prior for adversarial)
 * @param lossRandomMasks the same under the shared uniformly random masks of the same ratio
 * @param maskedAccuracyRandomMasks masked accuracy under those shared uniform masks
 * @param priorMasked mean prior score of the patches the policy masks
 * @param priorUnmasked mean prior score of the patches it leaves visible
 * @param accuracyHighPrior masked accuracy on patches above their window's median prior (peaks)
 * @param accuracyLowPrior masked accuracy on patches below it (flat regions)
 * @param maskEntropy normalised entropy of the masking policy (1 = uniform)
 * @param heldOutWindows windows the figures were measured on
 */
public record PretrainSummary(String run, String status, String masking, int epochs, long steps, long parameters,
                              Double maskedAccuracy, Double chanceAccuracy, Double lossTeacherMasks, Double lossRandomMasks,
                              Double maskedAccuracyRandomMasks, Double priorMasked, Double priorUnmasked,
                              Double accuracyHighPrior, Double accuracyLowPrior, Double maskEntropy, int heldOutWindows,
                              String device, double seconds) {
}
