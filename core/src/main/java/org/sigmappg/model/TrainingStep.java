package org.sigmappg.model;

import ai.djl.ndarray.NDArray;

/**
 * One training step, run by {@link TrainingTools#run}: {@link #prepare()} and {@link #finish()} run
 * inside the step's {@code NDScope} but outside the gradient collector, {@link #loss()} inside it. The
 * result must hold only Java values: every NDArray of the step is closed when the scope ends.
 *
 * @param <R> what the step reports (losses, statistics)
 */
public interface TrainingStep<R> {

    /** Work that must not be differentiated, e.g. the frozen tokenizer's target codes. */
    default void prepare() {
    }

    /** The forward pass; returns the scalar to back-propagate (all losses of the step summed). */
    NDArray loss();

    /** After backward: in-place state updates (codebook EMA) and reading the figures to report. */
    R finish();
}
