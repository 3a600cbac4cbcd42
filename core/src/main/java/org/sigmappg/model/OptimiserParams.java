package org.sigmappg.model;

/**
 * AdamW with decoupled weight decay, a linear warm-up then a cosine decay of the learning rate, and
 * gradient clipping by global norm. Weight decay applies to weight matrices only (not to biases,
 * normalisation parameters, position embeddings, class or mask tokens), as in the references.
 *
 * @param learningRate peak learning rate, reached at the end of the warm-up
 * @param minLearningRate learning rate at the end of the cosine decay
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param epsilon AdamW denominator epsilon
 * @param weightDecay decoupled weight decay (applied as {@code w -= lr * weightDecay * w})
 * @param warmupFraction share of all steps spent in the linear warm-up
 * @param gradientClipNorm maximum global L2 norm of the gradients; 0 turns clipping off
 * @param batchSize windows per step
 * @param epochs passes over the training windows
 */
public record OptimiserParams(double learningRate, double minLearningRate, double beta1, double beta2, double epsilon,
                              double weightDecay, double warmupFraction, double gradientClipNorm, int batchSize,
                              int epochs) {

    public OptimiserParams {
        if (!(learningRate > 0) || minLearningRate < 0 || minLearningRate > learningRate) {
            throw new IllegalArgumentException("learning rates must satisfy 0 <= min <= peak, peak > 0: " + this);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("AdamW betas must be in [0, 1) and epsilon positive: " + this);
        }
        if (weightDecay < 0 || !(warmupFraction >= 0 && warmupFraction < 1) || gradientClipNorm < 0) {
            throw new IllegalArgumentException("weight decay >= 0, warm-up fraction in [0, 1), clip norm >= 0: "
                    + this);
        }
        if (batchSize < 1 || epochs < 1) {
            throw new IllegalArgumentException("batch size and epochs must be positive: " + this);
        }
    }

    public OptimiserParams withLearningRate(double newLearningRate) {
        return new OptimiserParams(newLearningRate, Math.min(minLearningRate, newLearningRate), beta1, beta2, epsilon,
                weightDecay, warmupFraction, gradientClipNorm, batchSize, epochs);
    }

    public OptimiserParams withBatchSize(int newBatchSize) {
        return new OptimiserParams(learningRate, minLearningRate, beta1, beta2, epsilon, weightDecay, warmupFraction,
                gradientClipNorm, newBatchSize, epochs);
    }

    public OptimiserParams withEpochs(int newEpochs) {
        return new OptimiserParams(learningRate, minLearningRate, beta1, beta2, epsilon, weightDecay, warmupFraction,
                gradientClipNorm, batchSize, newEpochs);
    }

    /** Optimiser steps for a training set of {@code windows} windows: epochs x ceil(windows / batch size). */
    public long totalSteps(long windows) {
        return (long) epochs * Math.max(1, (windows + batchSize - 1) / batchSize);
    }
}
