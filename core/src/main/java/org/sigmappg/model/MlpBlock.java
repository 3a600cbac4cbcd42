package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Two linear layers with an activation between them ({@code fc1 -> act -> fc2 -> dropout}): the
 * transformer's feed-forward part (GELU) and the tokenizer's task heads (Tanh, as LaBraM's
 * {@code encode_task_layer} / {@code decode_task_layer}). Works on the last axis. As the reference's
 * {@code Mlp} (LaBraM, from BEiT), there is no dropout between the activation and {@code fc2}: the
 * reference leaves that line commented out, so the pro preset's dropout acts after {@code fc2} only.
 */
public final class MlpBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    /** The activation between the two layers. */
    public enum Nonlinearity {
        /** Exact (erf) GELU, PyTorch's {@code nn.GELU()} default. */
        GELU,
        /** Hyperbolic tangent. */
        TANH
    }

    private final int hidden;
    private final int out;
    private final Nonlinearity nonlinearity;
    private final float dropout;
    private final Linear fc1;
    private final Linear fc2;

    public MlpBlock(int hidden, int out, Nonlinearity nonlinearity, double dropout) {
        super(VERSION);
        this.hidden = hidden;
        this.out = out;
        this.nonlinearity = nonlinearity;
        this.dropout = (float) dropout;
        fc1 = addChildBlock("fc1", InitialisationTools.linear(hidden, true));
        fc2 = addChildBlock("fc2", InitialisationTools.linear(out, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray h = fc1.forward(ps, inputs, training).head();
        h = nonlinearity == Nonlinearity.GELU ? Activation.gelu(h) : Activation.tanh(h);
        NDArray y = fc2.forward(ps, new NDList(h), training).head();
        return Dropout.dropout(y, dropout, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc1.initialize(manager, dataType, inputShapes[0]);
        Shape in = inputShapes[0];
        fc2.initialize(manager, dataType, in.slice(0, in.dimension() - 1).add(hidden));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(out)};
    }
}
