package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention as timm's {@code Attention}: one {@code qkv} projection (bias optional),
 * optional per-head QK-LayerNorm ({@code q_norm}, {@code k_norm} over the head dimension), scaled dot
 * product, an additive key-padding bias before the softmax, attention dropout, output {@code proj} and
 * dropout. Inputs: tokens [B, T, W] and the bias [B, 1, 1, T] of {@link PaddingTools#attentionBias};
 * output [B, T, W].
 */
public final class MultiHeadAttentionBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final TransformerParams params;
    private final double scale;
    private final Linear qkv;
    private final LayerNorm qNorm;
    private final LayerNorm kNorm;
    private final Linear proj;

    public MultiHeadAttentionBlock(TransformerParams params) {
        super(VERSION);
        this.params = params;
        this.scale = 1.0 / Math.sqrt(params.headDim());
        qkv = addChildBlock("qkv", InitialisationTools.linear(3L * params.width(), params.qkvBias()));
        if (params.qkNorm()) {
            qNorm = addChildBlock("q_norm", InitialisationTools.layerNorm(3, params.layerNormEps()));
            kNorm = addChildBlock("k_norm", InitialisationTools.layerNorm(3, params.layerNormEps()));
        } else {
            qNorm = null;
            kNorm = null;
        }
        proj = addChildBlock("proj", InitialisationTools.linear(params.width(), true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> ignored) {
        NDArray x = inputs.get(0);
        NDArray bias = inputs.get(1);
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        int heads = params.heads();
        NDArray qkvOut = qkv.forward(ps, new NDList(x), training).head()
                .reshape(batch, tokens, 3, heads, params.headDim())
                .transpose(2, 0, 3, 1, 4);
        // One split instead of three indexings: the backward of each index op writes a zero tensor the size of
        // all of q, k and v and the three are then summed; the split's backward is one concatenation.
        NDList parts = qkvOut.split(3, 0);
        NDArray q = parts.get(0).squeeze(0);
        NDArray k = parts.get(1).squeeze(0);
        NDArray v = parts.get(2).squeeze(0);
        if (qNorm != null) {
            q = qNorm.forward(ps, new NDList(q), training).head();
            k = kNorm.forward(ps, new NDList(k), training).head();
        }
        NDArray scores = q.mul(AutogradTools.constant(q, scale)).matMul(k.transpose(0, 1, 3, 2)).add(bias);
        NDArray attention = Dropout.dropout(scores.softmax(-1), (float) params.attentionDropout(), training).head();
        NDArray merged = attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, params.width());
        NDArray out = proj.forward(ps, new NDList(merged), training).head();
        return Dropout.dropout(out, (float) params.dropout(), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        qkv.initialize(manager, dataType, x);
        if (qNorm != null) {
            Shape perHead = new Shape(x.get(0), params.heads(), x.get(1), params.headDim());
            qNorm.initialize(manager, dataType, perHead);
            kNorm.initialize(manager, dataType, perHead);
        }
        proj.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
