package org.sigmappg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/**
 * The trunk shared by the tokenizer encoder and decoder, the student and the teacher: a per-patch
 * embedding ({@code patch_embed}), optionally the learned mask embedding ({@code mask_token}) in place
 * of masked patches, a learned time embedding per patch index ({@code time_embed}, up to
 * {@code maxPatches}), optionally a class token ({@code cls_token}, first token, always attended to),
 * dropout, and a {@link TransformerStackBlock} ({@code blocks}) with key padding. Subclasses add their
 * head. Order of operations as LaBraM: embed, mask, class token, positions, dropout, transformer.
 */
public abstract class PatchTransformerBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block patchEmbed;
    private final int maxPatches;
    private final TransformerParams transformer;
    private final Parameter timeEmbed;
    private final Parameter clsToken;
    private final Parameter maskToken;
    private final TransformerStackBlock blocks;

    /** Tokens after the final LayerNorm: per-patch [B, P, W] and, with a class token, the class token's [B, W]. */
    protected record Trunk(NDArray tokens, NDArray classToken) {
    }

    protected PatchTransformerBlock(Block patchEmbed, int maxPatches, TransformerParams transformer,
                                    boolean classToken, boolean maskEmbedding) {
        super(VERSION);
        this.maxPatches = maxPatches;
        this.transformer = transformer;
        long w = transformer.width();
        timeEmbed = addParameter(InitialisationTools.token("time_embed", new Shape(maxPatches, w)));
        clsToken = classToken ? addParameter(InitialisationTools.token("cls_token", new Shape(1, 1, w))) : null;
        maskToken = maskEmbedding ? addParameter(InitialisationTools.token("mask_token", new Shape(1, 1, w))) : null;
        this.patchEmbed = addChildBlock("patch_embed", patchEmbed);
        blocks = addChildBlock("blocks", new TransformerStackBlock(transformer));
    }

    /**
     * Runs the trunk.
     *
     * @param input per-patch input [B, P, F] (raw samples, or codes for the decoder)
     * @param valid validity [B, P] (see {@link PaddingTools})
     * @param mask 1 where the patch embedding is replaced by the mask embedding, [B, P]; null for none
     */
    protected final Trunk trunk(ParameterStore ps, NDArray input, NDArray valid, NDArray mask, boolean training) {
        Shape shape = input.getShape();
        long batch = shape.get(0);
        long patches = shape.get(1);
        if (patches > maxPatches) {
            throw new IllegalArgumentException("a window of " + patches + " patches is longer than this model's "
                    + maxPatches + " positions; cut the window or build the model with a larger maxPatches");
        }
        Device device = input.getDevice();
        // The temporal convolution may take window-level statistics, over the valid patches only.
        NDList embedInput = patchEmbed instanceof TemporalConvBlock ? new NDList(input, valid) : new NDList(input);
        NDArray x = patchEmbed.forward(ps, embedInput, training).head();
        if (mask != null) {
            if (maskToken == null) {
                throw new IllegalStateException(getClass().getSimpleName() + " has no mask embedding");
            }
            NDArray m = mask.expandDims(2);
            x = x.mul(m.neg().add(1f)).add(m.mul(ps.getValue(maskToken, device, training)));
        }
        x = x.add(ps.getValue(timeEmbed, device, training).get(new NDIndex("0:{}", patches)));
        NDArray keyValid = valid;
        if (clsToken != null) {
            NDArray cls = ps.getValue(clsToken, device, training).broadcast(batch, 1, transformer.width());
            x = NDArrays.concat(new NDList(cls, x), 1);
            keyValid = NDArrays.concat(new NDList(valid.getManager().ones(new Shape(batch, 1)), valid), 1);
        }
        x = Dropout.dropout(x, (float) transformer.dropout(), training).head();
        x = blocks.forward(ps, new NDList(x, keyValid), training).head();
        if (clsToken == null) {
            return new Trunk(x, null);
        }
        return new Trunk(x.get(new NDIndex(":, 1:, :")), x.get(new NDIndex(":, 0, :")));
    }

    public final TransformerParams transformer() {
        return transformer;
    }

    public final int maxPatches() {
        return maxPatches;
    }

    /** Initialises the trunk for input [B, P, F]; subclasses then initialise their head for [B, P, width]. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        patchEmbed.initialize(manager, dataType, input);
        long tokens = input.get(1) + (clsToken == null ? 0 : 1);
        blocks.initialize(manager, dataType, new Shape(input.get(0), tokens, transformer.width()),
                new Shape(input.get(0), tokens));
    }

    /** Shape of the per-patch tokens for a given input shape. */
    protected final Shape tokenShape(Shape input) {
        return new Shape(input.get(0), input.get(1), transformer.width());
    }
}
