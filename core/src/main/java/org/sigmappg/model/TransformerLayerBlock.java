package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer layer as timm's {@code Block}:
 * {@code x + dropPath(attn(norm1(x)))}, then {@code x + dropPath(mlp(norm2(x)))} with an MLP of ratio 4
 * and GELU. Stochastic depth (drop-path) drops the whole residual branch per sample, in training only.
 * Inputs: tokens [B, T, W] and the attention bias [B, 1, 1, T]; output [B, T, W].
 */
public final class TransformerLayerBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final float dropPathRate;
    private final LayerNorm norm1;
    private final MultiHeadAttentionBlock attn;
    private final LayerNorm norm2;
    private final MlpBlock mlp;

    public TransformerLayerBlock(TransformerParams params, double dropPathRate) {
        super(VERSION);
        this.dropPathRate = (float) dropPathRate;
        norm1 = addChildBlock("norm1", InitialisationTools.layerNorm(2, params.layerNormEps()));
        attn = addChildBlock("attn", new MultiHeadAttentionBlock(params));
        norm2 = addChildBlock("norm2", InitialisationTools.layerNorm(2, params.layerNormEps()));
        mlp = addChildBlock("mlp", new MlpBlock(params.hiddenWidth(), params.width(), MlpBlock.Nonlinearity.GELU,
                params.dropout()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray out;
        // The layer's intermediates are closed when it ends rather than when the step's scope ends. Those the
        // backward needs stay alive through autograd's own references; the others (the attention scores
        // before and after the padding bias, B x heads x T x T each, the attention and MLP outputs) are freed
        // at once, as PyTorch frees a tensor with its last reference. Kept to the end of the step they
        // multiplied the step's memory (several GB at base size) and every new tensor landed on fresh pages.
        try (NDScope scope = new NDScope()) {
            NDArray x = inputs.get(0);
            NDArray bias = inputs.get(1);
            NDArray h = norm1.forward(ps, new NDList(x), training).head();
            x = x.add(dropPath(attn.forward(ps, new NDList(h, bias), training).head(), training));
            h = norm2.forward(ps, new NDList(x), training).head();
            out = x.add(dropPath(mlp.forward(ps, new NDList(h), training).head(), training));
            NDScope.unregister(out);
        }
        NDScope.register(out);
        return new NDList(out);
    }

    /** Keeps each sample's branch with probability 1 - rate, scaled by 1 / (1 - rate), as timm's {@code drop_path}. */
    private NDArray dropPath(NDArray branch, boolean training) {
        if (!training || dropPathRate == 0) {
            return branch;
        }
        float keep = 1 - dropPathRate;
        NDArray keepMask = branch.getManager()
                .randomUniform(0f, 1f, new Shape(branch.getShape().get(0), 1, 1))
                .add(keep)
                .floor();
        return branch.mul(keepMask.div(keep));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm1.initialize(manager, dataType, inputShapes[0]);
        attn.initialize(manager, dataType, inputShapes);
        norm2.initialize(manager, dataType, inputShapes[0]);
        mlp.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
