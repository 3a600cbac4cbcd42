package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * AdamW for one block's trainable parameters ({@link OptimiserParams}): weight decay on weight matrices
 * only (not on biases, norms, the time embedding, class or mask tokens, as the references'
 * {@code no_weight_decay}), warm-up + cosine learning rate, global-norm clipping, and gradients zeroed
 * by the update. Call {@link #step()} after backward, outside the step's NDScope (see
 * {@link TrainingTools#run}). Frozen parameters ({@code requiresGrad = false}, e.g. the codebook) are
 * left alone.
 */
public final class BlockOptimiser {
    private final OptimiserParams params;
    private final long totalSteps;
    private final List<Parameter> decayed = new ArrayList<>();
    private final List<Parameter> undecayed = new ArrayList<>();
    private final List<Parameter> trainable = new ArrayList<>();
    private final Optimizer withDecay;
    private final Optimizer withoutDecay;
    private long completedSteps;
    private float currentLearningRate;
    private double lastGradientNorm;

    /** A fresh optimiser at step 0 of {@code totalSteps}; the block must be initialised. */
    public BlockOptimiser(Block block, OptimiserParams params, long totalSteps) {
        this(block, params, totalSteps, 0);
    }

    /**
     * An optimiser whose schedule continues after {@code completedSteps} (resuming a run; AdamW's moments
     * start again from zero).
     */
    public BlockOptimiser(Block block, OptimiserParams params, long totalSteps, long completedSteps) {
        this.params = params;
        this.totalSteps = totalSteps;
        this.completedSteps = completedSteps;
        for (Map.Entry<String, Parameter> e : ParameterNames.canonical(block).entrySet()) {
            Parameter p = e.getValue();
            if (p.requiresGradient()) {
                (isDecayed(e.getKey(), p) ? decayed : undecayed).add(p);
                trainable.add(p);
            }
        }
        withDecay = adamW(params.weightDecay());
        withoutDecay = adamW(0);
    }

    private Optimizer adamW(double weightDecay) {
        // The learning rate follows this optimiser's own step count, so a resumed schedule continues.
        Tracker schedule = numUpdate -> currentLearningRate;
        return Optimizer.adamW()
                .optLearningRateTracker(schedule)
                .optBeta1((float) params.beta1())
                .optBeta2((float) params.beta2())
                .optEpsilon((float) params.epsilon())
                .optWeightDecays((float) weightDecay)
                .build();
    }

    static boolean isDecayed(String canonicalName, Parameter p) {
        String leaf = canonicalName.substring(canonicalName.lastIndexOf('.') + 1);
        boolean token = leaf.equals("time_embed") || leaf.equals("cls_token") || leaf.equals("mask_token");
        return !token && p.getArray().getShape().dimension() >= 2;
    }

    /**
     * Clips the gradients by global norm, applies AdamW at this step's learning rate and zeroes the
     * gradients.
     *
     * @return the global gradient norm before clipping
     */
    public double step() {
        completedSteps++;
        currentLearningRate = (float) scheduledLearningRate(params, completedSteps, totalSteps);
        lastGradientNorm = clipGradientNorm(trainable, params.gradientClipNorm());
        update(withDecay, decayed);
        update(withoutDecay, undecayed);
        return lastGradientNorm;
    }

    /**
     * Linear warm-up then cosine decay: step {@code s} (1-based) of {@code total} gets
     * {@code lr * s / w} while {@code s <= w = round(warmupFraction x total)}, then
     * {@code min + (lr - min) (1 + cos(pi (s - w) / (total - w))) / 2}.
     */
    static double scheduledLearningRate(OptimiserParams params, long step, long totalSteps) {
        long warmup = Math.round(params.warmupFraction() * totalSteps);
        if (step <= warmup) {
            return params.learningRate() * step / warmup;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, totalSteps - warmup));
        return params.minLearningRate()
                + (params.learningRate() - params.minLearningRate()) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    /**
     * Scales the gradients of {@code parameters} in place so that their global L2 norm is at most
     * {@code maxNorm}, as PyTorch's {@code clip_grad_norm_} (factor maxNorm / (norm + 1e-6)); maxNorm 0
     * only measures. Done here because DJL's own clipping is element-wise.
     *
     * @return the global norm before clipping
     */
    static double clipGradientNorm(Collection<Parameter> parameters, double maxNorm) {
        try (NDScope scope = new NDScope()) {
            NDArray sumOfSquares = null;
            for (Parameter p : parameters) {
                NDArray g = p.getArray().getGradient().square().sum();
                sumOfSquares = sumOfSquares == null ? g : sumOfSquares.add(g);
            }
            if (sumOfSquares == null) {
                return 0;
            }
            double norm = Math.sqrt(sumOfSquares.getFloat());
            if (maxNorm > 0 && norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-6));
                for (Parameter p : parameters) {
                    p.getArray().getGradient().muli(scale);
                }
            }
            return norm;
        }
    }

    private static void update(Optimizer optimizer, List<Parameter> parameters) {
        for (Parameter p : parameters) {
            NDArray weight = p.getArray();
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(p.getId(), weight, gradient);
            }
        }
    }

    /** Learning rate used by the last step (0 before the first). */
    public double learningRate() {
        return currentLearningRate;
    }

    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    public long completedSteps() {
        return completedSteps;
    }
}
