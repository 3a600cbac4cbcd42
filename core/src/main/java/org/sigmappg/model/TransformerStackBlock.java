package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link TransformerLayerBlock}s (children {@code 0 .. depth-1}) and a final LayerNorm
 * ({@code norm}), with drop-path rates rising linearly from 0 to {@link TransformerParams#dropPath()}.
 * Inputs: tokens [B, T, W] and the key validity [B, T] (1 = real token, 0 = padding, never attended
 * to); output [B, T, W].
 */
public final class TransformerStackBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final List<TransformerLayerBlock> layers = new ArrayList<>();
    private final LayerNorm norm;

    public TransformerStackBlock(TransformerParams params) {
        super(VERSION);
        for (int i = 0; i < params.depth(); i++) {
            layers.add(addChildBlock(Integer.toString(i), new TransformerLayerBlock(params, params.dropPathRate(i))));
        }
        norm = addChildBlock("norm", InitialisationTools.layerNorm(2, params.layerNormEps()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray bias = PaddingTools.attentionBias(inputs.get(1));
        for (TransformerLayerBlock layer : layers) {
            x = layer.forward(ps, new NDList(x, bias), training).head();
        }
        return norm.forward(ps, new NDList(x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape bias = new Shape(x.get(0), 1, 1, x.get(1));
        for (TransformerLayerBlock layer : layers) {
            layer.initialize(manager, dataType, x, bias);
        }
        norm.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
