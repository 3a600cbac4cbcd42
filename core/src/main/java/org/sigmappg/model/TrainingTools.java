package org.sigmappg.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;

/**
 * Reusable pieces of a training loop that follow the DJL memory rules: one {@code NDScope} per step
 * around forward, backward and post-backward work; ONE gradient collector per step (student and teacher
 * losses are summed); optimiser updates outside the scope (AdamW creates its state on the first update,
 * which a closing scope would destroy); gradients closed after use.
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
}
