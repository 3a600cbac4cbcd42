package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The tokenizer's decoder: quantised codes [B, P, codeDim] -> linear to the decoder width
 * ({@code patch_embed}) -> learned positions -> transformer (reference: 3 layers, width 200) -> a
 * 2-layer MLP head ({@code decode_task_layer}: Linear, Tanh, Linear) to the z-normalised amplitude
 * spectrum of each patch [B, P, bins], and with {@link TokenizerParams#reconstructPhase()} a second
 * head ({@code decode_task_layer_angle}) to the phase. Forward inputs: codes and counts [B];
 * outputs: amplitude[, phase].
 */
public final class SpectralDecoderBlock extends PatchTransformerBlock {
    private final int bins;
    private final MlpBlock amplitudeHead;
    private final MlpBlock phaseHead;

    public SpectralDecoderBlock(TokenizerParams params) {
        super(InitialisationTools.linear(params.decoder().width(), true), params.maxPatches(), params.decoder(),
                false, false);
        this.bins = params.spectrumBins();
        int width = params.decoder().width();
        amplitudeHead = addChildBlock("decode_task_layer",
                new MlpBlock(width, bins, MlpBlock.Nonlinearity.TANH, 0));
        phaseHead = params.reconstructPhase()
                ? addChildBlock("decode_task_layer_angle", new MlpBlock(width, bins, MlpBlock.Nonlinearity.TANH, 0))
                : null;
    }

    /** Predicted amplitude [B, P, bins] and, when the phase head exists, predicted phase [B, P, bins]. */
    public NDList decode(ParameterStore ps, NDArray codes, NDArray valid, boolean training) {
        NDList tokens = new NDList(trunk(ps, codes, valid, null, training).tokens());
        NDList out = new NDList(amplitudeHead.forward(ps, tokens, training).head());
        if (phaseHead != null) {
            out.add(phaseHead.forward(ps, tokens, training).head());
        }
        return out;
    }

    public boolean predictsPhase() {
        return phaseHead != null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray codes = inputs.get(0);
        return decode(ps, codes, PaddingTools.validMask(inputs.get(1), codes.getShape().get(1)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        Shape tokens = tokenShape(inputShapes[0]);
        amplitudeHead.initialize(manager, dataType, tokens);
        if (phaseHead != null) {
            phaseHead.initialize(manager, dataType, tokens);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape out = new Shape(in.get(0), in.get(1), bins);
        return phaseHead == null ? new Shape[] {out} : new Shape[] {out, out};
    }
}
