package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.Random;

/**
 * The masking policy of stage 2 (METHOD section 3): final logits = teacher logits + alpha x zscore(prior)
 * over each window's valid patches, Gumbel-Top-k sampling of k = round(ratio x valid) patches, and the
 * teacher's REINFORCE loss with the batch-mean baseline. Strategies: adversarial (teacher, plus the
 * prior unless switched off), random (uniform, the baseline), prior-only (no teacher). No re-exposure
 * or run capping is applied, so the log-probability is that of the mask actually used.
 */
public final class TeacherPolicy {
    /** Added to the prior's standard deviation so a window of equal priors gets z-scores of 0. */
    static final float ZSCORE_EPS = 1e-6f;

    private final MaskingParams masking;
    private final double entropyBonusWeight;
    private final TeacherParams.RewardBaseline baseline;

    public TeacherPolicy(MaskingParams masking, double entropyBonusWeight) {
        this(masking, entropyBonusWeight, TeacherParams.RewardBaseline.BATCH_MEAN);
    }

    public TeacherPolicy(MaskingParams masking, double entropyBonusWeight, TeacherParams.RewardBaseline baseline) {
        this.baseline = baseline;
        this.masking = Objects.requireNonNull(masking, "masking");
        this.entropyBonusWeight = entropyBonusWeight;
    }

    /** The policy of a stage-2 parameter record (masking settings and the teacher's entropy bonus). */
    public static TeacherPolicy of(StudentParams params) {
        return new TeacherPolicy(params.masking(), params.teacher().entropyBonusWeight(), params.teacher().baseline());
    }

    public TeacherParams.RewardBaseline baseline() {
        return baseline;
    }

    /** Whether this strategy uses (and trains) the teacher. */
    public boolean usesTeacher() {
        return masking.strategy() == MaskingParams.Strategy.ADVERSARIAL;
    }

    /** Whether this strategy needs the per-patch prior. */
    public boolean usesPrior() {
        return masking.strategy() == MaskingParams.Strategy.PRIOR_ONLY
                || usesTeacher() && masking.usePrior();
    }

    public MaskingParams masking() {
        return masking;
    }

    /**
     * The logits the mask is drawn from [B, P].
     *
     * @param teacherLogits [B, P]; required by the adversarial strategy, ignored otherwise
     * @param prior per-patch prior in [0, 1] [B, P]; required when {@link #usesPrior()}
     * @param valid validity [B, P]
     */
    public NDArray finalLogits(NDArray teacherLogits, NDArray prior, NDArray valid) {
        return switch (masking.strategy()) {
            case RANDOM -> valid.zerosLike();
            case PRIOR_ONLY -> priorTerm(prior, valid);
            case ADVERSARIAL -> {
                Objects.requireNonNull(teacherLogits, "the adversarial strategy needs the teacher's logits");
                yield masking.usePrior() ? teacherLogits.add(priorTerm(prior, valid)) : teacherLogits;
            }
        };
    }

    private NDArray priorTerm(NDArray prior, NDArray valid) {
        Objects.requireNonNull(prior, "the " + masking.strategy() + " strategy with the prior needs the per-patch "
                + "prior [batch, patches]");
        return zscore(prior, valid).mul((float) masking.priorAlpha());
    }

    /**
     * Draws this step's mask: final logits, then Gumbel-Top-k of round(ratio x valid) patches per window.
     *
     * @param teacherLogits [B, P] (adversarial strategy; null otherwise)
     * @param prior [B, P] (when {@link #usesPrior()}; null otherwise)
     * @param counts valid patches per window [B]
     * @param patches P, the padded window length
     * @param rng source of the Gumbel noise
     */
    public MaskSample sample(NDArray teacherLogits, NDArray prior, NDArray counts, long patches, Random rng) {
        NDArray valid = PaddingTools.validMask(counts, patches);
        NDArray logits = finalLogits(teacherLogits, prior, valid);
        int[] picks = GumbelTopK.pickCounts(PaddingTools.toIntArray(counts), masking.maskRatio());
        GumbelTopK.Draw draw = GumbelTopK.sample(logits, valid, picks, rng);
        NDArray terms = GumbelTopK.pickLogProbabilities(logits, valid, draw.order(), picks);
        return new MaskSample(draw.mask(), draw.order(), picks, terms.sum(new int[] {1}), terms, logits, valid);
    }

    /**
     * REINFORCE loss of the teacher: -mean((reward - mean reward) x log-probability), reward = the
     * student's detached per-window masked cross-entropy (hard masks are rewarded), minus the entropy
     * bonus weight x mean policy entropy.
     *
     * @param perWindowStudentLoss [B], e.g. {@link MaskedCrossEntropy#perWindow}
     */
    public NDArray teacherLoss(NDArray perWindowStudentLoss, MaskSample sample) {
        NDArray reward = perWindowStudentLoss.stopGradient();
        return reinforce(reward.sub(reward.mean()), sample);
    }

    /**
     * REINFORCE loss with a per-window baseline ({@link TeacherParams.RewardBaseline#RANDOM_MASK}):
     * -mean((reward - baseline) x log-probability), minus the entropy bonus.
     *
     * @param perWindowBaseline [B] the same windows' masked loss under uniformly random masks of the same size
     */
    public NDArray teacherLoss(NDArray perWindowStudentLoss, MaskSample sample, NDArray perWindowBaseline) {
        return reinforce(perWindowStudentLoss.stopGradient().sub(perWindowBaseline.stopGradient()), sample);
    }

    /**
     * REINFORCE loss with the leave-one-out baseline of two draws ({@link TeacherParams.RewardBaseline#SECOND_DRAW}):
     * -mean(0.5 x (reward - other reward) x (log-probability - other log-probability)), minus the entropy bonus.
     * Both draws must come from the same final logits.
     *
     * @param otherLoss [B] the same windows' masked loss under {@code other}
     * @param other a second draw; its log-probability is taken under {@code sample}'s final logits, with gradient
     */
    public NDArray teacherLoss(NDArray perWindowStudentLoss, MaskSample sample, NDArray otherLoss, GumbelTopK.Draw other) {
        NDArray otherLogProbability = GumbelTopK.logProbability(sample.finalLogits(), sample.valid(), other.order(), other.picks());
        NDArray advantage = perWindowStudentLoss.stopGradient().sub(otherLoss.stopGradient()).mul(0.5f);
        return reinforce(advantage, sample.logProbability().sub(otherLogProbability), sample);
    }

    /**
     * REINFORCE loss with per-patch credit ({@link TeacherParams.RewardBaseline#PER_PATCH}): -mean over windows of
     * (1/k) sum over picks of (loss of the picked patch - the window's mean masked loss) x log-probability of
     * that pick given the picks before it, minus the entropy bonus.
     *
     * @param perPatchStudentLoss [B, P] every patch's cross-entropy ({@link MaskedCrossEntropy#perPatch}); only
     *     the masked patches' values are used
     */
    public NDArray teacherLossPerPatch(NDArray perPatchStudentLoss, MaskSample sample) {
        NDArray loss = perPatchStudentLoss.stopGradient();
        NDArray windowMean = MaskedCrossEntropy.maskedMeanPerWindow(loss, sample.mask()).expandDims(1);
        // In draw order, as the pick terms are; positions after the picks have a pick term of 0.
        NDArray advantage = loss.gather(sample.order(), 1).sub(windowMean);
        NDArray terms = sample.pickLogProbabilities();
        float[] inverse = new float[sample.picks().length];
        for (int b = 0; b < inverse.length; b++) {
            inverse[b] = 1f / Math.max(1, sample.picks()[b]);
        }
        NDArray perWindow = advantage.mul(terms).sum(new int[] {1})
                .mul(loss.getManager().create(inverse));
        return withEntropyBonus(perWindow.mean().neg(), sample);
    }

    private NDArray reinforce(NDArray advantage, MaskSample sample) {
        return reinforce(advantage, sample.logProbability(), sample);
    }

    private NDArray reinforce(NDArray advantage, NDArray logProbability, MaskSample sample) {
        return withEntropyBonus(advantage.mul(logProbability).mean().neg(), sample);
    }

    private NDArray withEntropyBonus(NDArray loss, MaskSample sample) {
        if (entropyBonusWeight != 0) {
            NDArray entropy = entropy(sample.finalLogits(), sample.valid()).mean();
            loss = loss.sub(entropy.mul(AutogradTools.constant(entropy, entropyBonusWeight)));
        }
        return loss;
    }

    /** Z-score of the prior over each window's valid patches (population deviation); 0 at padding. */
    public static NDArray zscore(NDArray prior, NDArray valid) {
        NDArray count = valid.sum(new int[] {1}, true).maximum(1f);
        NDArray mean = prior.mul(valid).sum(new int[] {1}, true).div(count);
        NDArray centred = prior.sub(mean).mul(valid);
        NDArray deviation = centred.square().sum(new int[] {1}, true).div(count).sqrt();
        return centred.div(deviation.add(ZSCORE_EPS));
    }

    /** Entropy in nats [B] of softmax(logits) over each window's valid patches. */
    public static NDArray entropy(NDArray logits, NDArray valid) {
        NDArray logP = logits.add(valid.sub(1f).mul(-PaddingTools.PADDING_SCORE)).logSoftmax(1);
        return logP.exp().mul(logP).mul(valid).sum(new int[] {1}).neg();
    }

    /**
     * Mask entropy for monitoring: the policy entropy divided by log(valid patches), averaged over
     * windows with at least two valid patches. 1 = uniform masking; towards 0 = the teacher always picks
     * the same patches (a METHOD failure signature).
     */
    public static double maskEntropy(NDArray logits, NDArray valid) {
        float[] h = entropy(logits.stopGradient(), valid).toFloatArray();
        float[] n = valid.sum(new int[] {1}).toFloatArray();
        double sum = 0;
        int windows = 0;
        for (int b = 0; b < h.length; b++) {
            if (n[b] > 1) {
                sum += h[b] / Math.log(n[b]);
                windows++;
            }
        }
        return windows == 0 ? 0 : sum / windows;
    }
}
