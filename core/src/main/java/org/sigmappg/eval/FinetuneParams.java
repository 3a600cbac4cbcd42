package org.sigmappg.eval;

import com.google.gson.Gson;
import org.sigmappg.model.OptimiserParams;

/**
 * Settings of the full fine-tuning protocol: the student backbone and a linear head trained together
 * with AdamW (warm-up then cosine, global-norm clipping, weight decay on weight matrices only, as
 * {@link org.sigmappg.model.BlockOptimiser}), the head at a higher learning rate than the pre-trained
 * backbone, MSE on the training-standardised target or cross-entropy, and early stopping on a validation
 * share of the TRAINING subjects: the weights of the epoch with the lowest validation loss are kept.
 * Every fold and every backbone (pre-trained or scratch) is trained with the same settings.
 *
 * @param version layout version ({@link #VERSION})
 * @param backboneLearningRate peak learning rate of the student backbone
 * @param headLearningRate peak learning rate of the linear head
 * @param weightDecay decoupled AdamW weight decay
 * @param batchSize windows per step
 * @param maxEpochs most passes over the fitting windows
 * @param patience epochs without a lower validation loss before stopping
 * @param validationFraction share of each fold's training subjects held out for early stopping
 * @param warmupFraction share of the steps spent in the linear warm-up
 * @param gradientClipNorm global gradient norm limit (0: no clipping)
 */
public record FinetuneParams(int version, double backboneLearningRate, double headLearningRate, double weightDecay, int batchSize,
                             int maxEpochs, int patience, double validationFraction, double warmupFraction, double gradientClipNorm) {
    public static final int VERSION = 1;

    public FinetuneParams {
        if (version != VERSION) {
            throw new IllegalArgumentException("fine-tuning settings of version " + version + " are not readable by this build (version "
                    + VERSION + ")");
        }
        if (!(backboneLearningRate > 0) || !(headLearningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("fine-tuning learning rates must be positive and weight decay >= 0: " + this);
        }
        if (batchSize < 1 || maxEpochs < 1 || patience < 1) {
            throw new IllegalArgumentException("fine-tuning batch size, epochs and patience must be positive: " + this);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1): " + validationFraction);
        }
    }

    /**
     * Backbone 3e-4 and head 1e-3 (a pre-trained backbone moves less than a new head), weight decay 0.05 as
     * stage 2, batch 32, at most 40 epochs, patience 6, 20 % of the training subjects for validation,
     * 10 % warm-up, clipping at 3.0 as stage 2.
     */
    public static FinetuneParams defaults() {
        return new FinetuneParams(VERSION, 3e-4, 1e-3, 0.05, 32, 40, 6, 0.2, 0.1, 3.0);
    }

    public FinetuneParams withEpochs(int epochs, int newPatience) {
        return new FinetuneParams(version, backboneLearningRate, headLearningRate, weightDecay, batchSize, epochs, newPatience,
                validationFraction, warmupFraction, gradientClipNorm);
    }

    public static FinetuneParams fromJson(String json) {
        return new Gson().fromJson(json, FinetuneParams.class);
    }

    /** The AdamW settings of one parameter group (backbone or head). */
    OptimiserParams optimiser(double learningRate) {
        return new OptimiserParams(learningRate, 0, 0.9, 0.999, 1e-8, weightDecay, warmupFraction, gradientClipNorm, batchSize, maxEpochs);
    }
}
