package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The tokenizer's encoder: temporal convolution, learned positions and transformer
 * ({@link PatchTransformerBlock}), then LaBraM's {@code encode_task_layer} (Linear, Tanh, Linear) to the
 * code dimension. Output: one unnormalised code-space vector per patch [B, P, codeDim]; the quantiser
 * normalises it. Forward inputs: patches [B, P, S] and counts [B]. With {@link TokenizerParams#inputLowPass()}
 * set, the window first goes through a fixed low-pass.
 */
public final class PatchEncoderBlock extends PatchTransformerBlock {
    private final int codeDim;
    private final MlpBlock head;
    /** The optional fixed input low-pass ({@link TokenizerParams#inputLowPass()}); null when off. */
    private final LowPassFilter lowPass;

    public PatchEncoderBlock(TokenizerParams params) {
        super(new TemporalConvBlock(params.temporalConv(), params.patchSamples(), params.encoder().width()),
                params.maxPatches(), params.encoder(), false, false);
        this.codeDim = params.codeDim();
        lowPass = params.inputLowPass() > 0
                ? new LowPassFilter(params.inputLowPass(), TokenizerParams.INPUT_LOW_PASS_TAPS) : null;
        head = addChildBlock("encode_task_layer", new MlpBlock(params.encoder().width(), codeDim,
                MlpBlock.Nonlinearity.TANH, 0));
    }

    /** Code-space vectors [B, P, codeDim] (not yet normalised) for patches [B, P, S] with validity [B, P]. */
    public NDArray encode(ParameterStore ps, NDArray patches, NDArray valid, boolean training) {
        NDArray input = lowPass == null ? patches : lowPass.apply(patches);
        NDArray tokens = trunk(ps, input, valid, null, training).tokens();
        return head.forward(ps, new NDList(tokens), training).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray patches = inputs.get(0);
        NDArray valid = PaddingTools.validMask(inputs.get(1), patches.getShape().get(1));
        return new NDList(encode(ps, patches, valid, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        head.initialize(manager, dataType, tokenShape(inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), codeDim)};
    }
}
