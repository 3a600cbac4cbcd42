package org.sigmappg.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape and regularisation of a pre-LayerNorm transformer stack (used by the tokenizer encoder and
 * decoder, the student and the teacher).
 *
 * @param width token width (embedding dimension)
 * @param depth number of transformer layers
 * @param heads attention heads; must divide {@code width}
 * @param mlpRatio hidden width of the MLP as a multiple of {@code width} (reference 4)
 * @param qkvBias whether the query/key/value projection has a bias
 * @param qkNorm whether queries and keys are layer-normalised per head before the dot product (QK-LayerNorm)
 * @param dropout dropout after the token embedding, after the attention projection and after the MLP's second layer
 *     (none between its activation and second layer: the reference leaves that one commented out)
 * @param attentionDropout dropout on the attention probabilities
 * @param dropPath stochastic-depth rate of the LAST layer; layer {@code i} uses {@code dropPath * i / (depth - 1)}
 * @param layerNormEps LayerNorm epsilon (reference 1e-6)
 */
public record TransformerParams(int width, int depth, int heads, double mlpRatio, boolean qkvBias, boolean qkNorm,
                                double dropout, double attentionDropout, double dropPath, double layerNormEps) {

    public TransformerParams {
        if (width < 1 || depth < 1 || heads < 1) {
            throw new IllegalArgumentException("transformer width, depth and heads must be positive: " + this);
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException("transformer width " + width + " is not divisible by " + heads
                    + " heads; choose a head count that divides the width");
        }
        if (mlpRatio <= 0 || (int) (width * mlpRatio) < 1) {
            throw new IllegalArgumentException("transformer MLP ratio must give a hidden width of at least 1: " + this);
        }
        checkRate("dropout", dropout);
        checkRate("attentionDropout", attentionDropout);
        checkRate("dropPath", dropPath);
        if (layerNormEps <= 0) {
            throw new IllegalArgumentException("layerNormEps must be positive: " + layerNormEps);
        }
    }

    /** A transformer with the reference defaults: MLP ratio 4, qkv bias, no QK-norm, no regularisation, eps 1e-6. */
    public static TransformerParams of(int width, int depth, int heads) {
        return new TransformerParams(width, depth, heads, 4.0, true, false, 0, 0, 0, 1e-6);
    }

    public int headDim() {
        return width / heads;
    }

    /** MLP hidden width, truncated like PyTorch's {@code int(dim * mlp_ratio)}. */
    public int hiddenWidth() {
        return (int) (width * mlpRatio);
    }

    /** Stochastic-depth rate of layer {@code layer}: {@code torch.linspace(0, rate, depth)[layer]}. */
    public double dropPathRate(int layer) {
        return depth == 1 ? 0 : dropPath * layer / (depth - 1);
    }

    public TransformerParams withRegularisation(double newDropout, double newAttentionDropout, double newDropPath) {
        return new TransformerParams(width, depth, heads, mlpRatio, qkvBias, qkNorm, newDropout, newAttentionDropout,
                newDropPath, layerNormEps);
    }

    /** The fields that decide the parameter set and the inference output; regularisation rates are left out. */
    Map<String, Object> architecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", width);
        m.put("depth", depth);
        m.put("heads", heads);
        m.put("mlpRatio", mlpRatio);
        m.put("qkvBias", qkvBias);
        m.put("qkNorm", qkNorm);
        m.put("layerNormEps", layerNormEps);
        return m;
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1): " + rate);
        }
    }
}
