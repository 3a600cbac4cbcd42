package org.sigmappg.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * A top-level model block that records its architecture, so that {@link ModelCheckpoint} can refuse a
 * mismatched file.
 */
public interface CheckpointableBlock extends Block {

    /** What the block is: {@code tokenizer}, {@code student} or {@code teacher}. */
    String architectureKind();

    /** Canonical JSON of the fields that decide the parameter set (equal strings = loadable). */
    String architecture();

    /** JSON of the block's full parameter record, stored in checkpoints so a loader can rebuild the block. */
    String paramsJson();

    /** Creates and initialises every parameter on {@code manager} (its device is the model's device). */
    void initialize(NDManager manager);
}
