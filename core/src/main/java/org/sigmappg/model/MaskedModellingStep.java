package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.training.ParameterStore;
import java.util.Objects;
import java.util.Random;

/**
 * One stage-2 step for {@link TrainingTools#run}: the frozen tokenizer's target codes (before the
 * collector, so it records no graph), the teacher's logits (adversarial strategy), the mask, the
 * student's masked cross-entropy and the teacher's REINFORCE loss, summed for ONE backward. Then run the
 * student's and (adversarial strategy only) the teacher's {@link BlockOptimiser}.
 */
public final class MaskedModellingStep implements TrainingStep<MaskedModellingStep.Result> {
    private final StudentBlock student;
    private final TeacherBlock teacher;
    private final TeacherPolicy policy;
    private final TokenizerBlock tokenizer;
    private final ParameterStore ps;
    private final NDArray patches;
    private final NDArray counts;
    private final NDArray prior;
    private final Random rng;
    private NDArray targets;
    private MaskSample sample;
    private StudentOutput output;
    private NDArray studentLoss;
    private NDArray teacherLoss;
    private NDArray perWindow;
    private NDArray baseline;
    private GumbelTopK.Draw second;

    /**
     * What one step reports.
     *
     * @param studentLoss masked cross-entropy (mean over masked patches)
     * @param teacherLoss REINFORCE loss (0 without a teacher)
     * @param maskedAccuracy share of masked patches whose code the student got right
     * @param meanReward mean per-window masked cross-entropy (the teacher's reward before the baseline)
     * @param maskEntropy normalised policy entropy ({@link TeacherPolicy#maskEntropy})
     * @param maskedPriorMean mean prior of the masked patches (NaN without a prior)
     */
    public record Result(double studentLoss, double teacherLoss, double maskedAccuracy, double meanReward,
                         double maskEntropy, double maskedPriorMean) {
    }

    /**
     * @param teacher the teacher; required by the adversarial strategy, null otherwise
     * @param tokenizer the frozen tokenizer that provides the target codes
     * @param prior per-patch prior [B, P] in [0, 1]; required when {@link TeacherPolicy#usesPrior()}
     * @param rng source of the Gumbel noise
     */
    public MaskedModellingStep(StudentBlock student, TeacherBlock teacher, TeacherPolicy policy,
                               TokenizerBlock tokenizer, ParameterStore ps, NDArray patches, NDArray counts,
                               NDArray prior, Random rng) {
        if (policy.usesTeacher()) {
            Objects.requireNonNull(teacher, "the adversarial strategy needs a teacher");
        }
        this.student = student;
        this.teacher = teacher;
        this.policy = policy;
        this.tokenizer = tokenizer;
        this.ps = ps;
        this.patches = patches;
        this.counts = counts;
        this.prior = prior;
        this.rng = rng;
    }

    @Override
    public void prepare() {
        targets = tokenizer.encode(ps, patches, counts);
        if (policy.usesTeacher() && policy.baseline() == TeacherParams.RewardBaseline.RANDOM_MASK) {
            // Outside the collector: the paired baseline needs no gradient.
            NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
            int[] picks = GumbelTopK.pickCounts(PaddingTools.toIntArray(counts), policy.masking().maskRatio());
            NDArray uniform = GumbelTopK.sample(valid.zerosLike(), valid, picks, rng).mask();
            baseline = MaskedCrossEntropy.perWindow(student.forward(ps, patches, counts, uniform, true).logits(), targets, uniform);
        }
    }

    @Override
    public NDArray loss() {
        NDArray teacherLogits = policy.usesTeacher() ? teacher.logits(ps, patches, counts, true) : null;
        sample = policy.sample(teacherLogits, prior, counts, patches.getShape().get(1), rng);
        output = student.forward(ps, patches, counts, sample.mask(), true);
        NDArray perPatch = MaskedCrossEntropy.perPatch(output.logits(), targets);
        perWindow = MaskedCrossEntropy.maskedMeanPerWindow(perPatch, sample.mask());
        studentLoss = MaskedCrossEntropy.maskedMean(perPatch, sample.mask());
        if (!policy.usesTeacher()) {
            return studentLoss;
        }
        if (policy.baseline() == TeacherParams.RewardBaseline.PER_PATCH) {
            teacherLoss = policy.teacherLossPerPatch(perPatch, sample);
            return NDArrays.add(studentLoss, teacherLoss);
        }
        if (policy.baseline() == TeacherParams.RewardBaseline.SECOND_DRAW) {
            // A second draw from the same final logits; its loss is a baseline and carries no gradient (its forward
            // is recorded by the collector but never reached by the backward pass).
            second = GumbelTopK.sample(sample.finalLogits(), sample.valid(), sample.picks(), rng);
            baseline = MaskedCrossEntropy.perWindow(student.forward(ps, patches, counts, second.mask(), true).logits(), targets,
                    second.mask()).stopGradient();
        }
        if (baseline == null) {
            teacherLoss = policy.teacherLoss(perWindow, sample);
        } else if (second == null) {
            teacherLoss = policy.teacherLoss(perWindow, sample, baseline);
        } else {
            teacherLoss = policy.teacherLoss(perWindow, sample, baseline, second);
        }
        return NDArrays.add(studentLoss, teacherLoss);
    }

    @Override
    public Result finish() {
        double priorMean = Double.NaN;
        if (prior != null) {
            priorMean = prior.mul(sample.mask()).sum().getFloat() / Math.max(1f, sample.mask().sum().getFloat());
        }
        return new Result(studentLoss.getFloat(), teacherLoss == null ? 0 : teacherLoss.getFloat(),
                MaskedCrossEntropy.accuracy(output.logits(), targets, sample.mask()), perWindow.mean().getFloat(),
                TeacherPolicy.maskEntropy(sample.finalLogits(), sample.valid()), priorMean);
    }
}
