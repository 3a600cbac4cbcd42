package org.sigmappg.train;

/**
 * A training run's parameters that hold the {@link RunSettings} every run has, read through as if they were its own
 * (the tasks ask {@code params.dataset()}, not {@code params.run().dataset()}).
 */
public interface WithRunSettings {
    /** The settings every training run has. */
    RunSettings run();

    default String dataset() {
        return run().dataset();
    }

    default long seed() {
        return run().seed();
    }

    default double heldOutFraction() {
        return run().heldOutFraction();
    }

    default String heldOutBy() {
        return run().heldOutBy();
    }

    default String device() {
        return run().device();
    }
}
