package org.sigmappg.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Collection;

/**
 * Reusable pieces of a training loop that follow the DJL memory rules: one {@code NDScope} per step
 * around forward, backward and post-backward work; ONE gradient collector per step (student and teacher
 * losses are summed); optimiser updates outside the scope (AdamW creates its state on the first update,
 * which a closing scope would destroy); gradients closed after use; clipping by global norm done here
 * because DJL's own clipping is element-wise.
 */
public final class TrainingTools {
    private TrainingTools() {
    }

    /**
     * Runs one step: scope, prepare, collector, backward, finish, then each optimiser's clip-and-update.
     *
     * @return the step's report
     */
    public static <R> R run(TrainingStep<R> step, BlockOptimiser... optimisers) {
        R result;
        try (NDScope scope = new NDScope()) {
            step.prepare();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(step.loss());
            }
            result = step.finish();
        }
        for (BlockOptimiser optimiser : optimisers) {
            optimiser.step();
        }
        return result;
    }

    /**
     * Linear warm-up then cosine decay: step {@code s} (1-based) of {@code total} gets
     * {@code lr * s / w} while {@code s <= w = round(warmupFraction x total)}, then
     * {@code min + (lr - min) (1 + cos(pi (s - w) / (total - w))) / 2}.
     */
    public static double learningRate(OptimiserParams params, long step, long totalSteps) {
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
     * only measures.
     *
     * @return the global norm before clipping
     */
    public static double clipGradientNorm(Collection<Parameter> parameters, double maxNorm) {
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
}
