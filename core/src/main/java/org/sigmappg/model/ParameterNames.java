package org.sigmappg.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical, PyTorch-style names of a block's parameters, for a converter that maps a reference state
 * dict onto our blocks one to one, and parameter counts.
 *
 * <p><b>Scheme.</b> A canonical name is the path of child-block names joined by dots, then the
 * parameter name; DJL's child-order prefix ({@code "01"}, {@code "02"}, ...) is dropped and DJL's
 * LayerNorm {@code gamma}/{@code beta} are called {@code weight}/{@code bias}. Child names copy the
 * module names of LaBraM and timm, which the reference builds on; {@link ReferenceLayout} maps the
 * published student's state dict onto them. The student's names:
 * <pre>
 * time_embed                 [maxPatches, W]   LaBraM-style time_embed [1, maxPatches, W]: drop the leading 1
 * cls_token, mask_token      [1, 1, W]
 * patch_embed.conv1.weight   [8, 1, 15]        a Conv2d weight [8, 1, 1, 15]: drop the height axis
 * patch_embed.conv1.bias, patch_embed.norm1.weight/bias, conv2, norm2, conv3, norm3 (same scheme)
 * patch_embed.proj.weight/bias                 linear 56 -> W on the time-major flattening (T C)
 * blocks.{i}.norm1.weight/bias, blocks.{i}.norm2.weight/bias
 * blocks.{i}.attn.qkv.weight [3W, W]; blocks.{i}.attn.qkv.bias [3W] only with qkv bias
 *                            (a BEiT-style q_bias/v_bias pair maps to cat(q_bias, zeros, v_bias))
 * blocks.{i}.attn.q_norm.weight/bias, blocks.{i}.attn.k_norm.weight/bias   [W / heads], only with QK-norm
 * blocks.{i}.attn.proj.weight/bias, blocks.{i}.mlp.fc1.weight/bias, blocks.{i}.mlp.fc2.weight/bias
 * blocks.norm.weight/bias    the final norm.weight/bias
 * lm_head.weight/bias        [K, W], [K]
 * </pre>
 * Shapes of linear weights are [out, in] on both sides, so they copy unchanged. Tensors a LaBraM-style
 * checkpoint may hold without a counterpart fold in exactly: layer-scale {@code gamma_1}/{@code gamma_2} multiply the rows
 * of {@code attn.proj} / {@code mlp.fc2} (weight and bias); the SIGMA-PPG student's channel table
 * {@code pos_embed} [1, 129, W] adds its PPG row (1) to every {@code time_embed} row and to {@code cls_token},
 * as its forward does (LaBraM's adds row 0 to the class token; SIGMA-PPG's re-uses the expanded patch rows). The
 * teacher uses the same scheme with {@code head}; the tokenizer prefixes {@code encoder.},
 * {@code quantize.} ({@code weight}, {@code cluster_size}, {@code embed_avg}, {@code initted}) and
 * {@code decoder.}, with LaBraM's {@code encode_task_layer} / {@code decode_task_layer} heads written as
 * {@code fc1}/{@code fc2} instead of Sequential indices 0/2.
 */
public final class ParameterNames {
    private ParameterNames() {
    }

    /** Canonical name -> parameter, in DJL's save order. */
    public static Map<String, Parameter> canonical(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, "", out);
        return out;
    }

    /** Number of scalar parameters (requires initialised shapes). */
    public static long count(Block block) {
        long total = 0;
        for (Parameter p : canonical(block).values()) {
            total += p.getArray().getShape().size();
        }
        return total;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + rename(p.getKey()), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            // DJL stores children as "%02d" + name.
            collect(child.getValue(), prefix + child.getKey().substring(2) + ".", out);
        }
    }

    private static String rename(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            default -> djlName;
        };
    }
}
