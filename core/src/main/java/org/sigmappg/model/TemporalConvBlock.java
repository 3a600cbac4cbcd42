package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The reference patch embedding (METHOD section 5): each patch of raw samples goes through
 * Conv1d(1 -> 8, kernel 15, stride 8, padding 7) + GroupNorm(4) + GELU and two Conv1d(8 -> 8, kernel 3,
 * padding 1) + GroupNorm + GELU; the [8, L] result is flattened time-major ({@code (L C)}, as the
 * reference's {@code rearrange('B C NA T -> B NA (T C)')}) and projected linearly to the token width.
 * Inputs: patches [batch, patches, patchSamples] and, optionally, their validity [batch, patches] (float32, 1 for
 * signal, 0 for padding); output [batch, patches, width].
 *
 * <p>Group-norm statistics are taken per patch ({@link TemporalConvParams.NormScope#PATCH}) or, as the reference's
 * {@code TemporalConv} does (its Conv2d runs on the window as a [1, patches, samples] image), over the whole window
 * ({@link TemporalConvParams.NormScope#WINDOW}); then only the valid patches enter the statistics, so a padding
 * patch never changes a valid one.
 */
public final class TemporalConvBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final TemporalConvParams conv;
    private final int patchSamples;
    private final int width;
    private final Conv1d conv1;
    private final GroupNormBlock norm1;
    private final Conv1d conv2;
    private final GroupNormBlock norm2;
    private final Conv1d conv3;
    private final GroupNormBlock norm3;
    private final Linear proj;

    public TemporalConvBlock(TemporalConvParams conv, int patchSamples, int width) {
        super(VERSION);
        this.conv = conv;
        this.patchSamples = patchSamples;
        this.width = width;
        conv.outputLength(patchSamples);
        int c = conv.channels();
        conv1 = addChildBlock("conv1", InitialisationTools.conv1d(1, c, conv.kernel(), conv.stride(), conv.padding()));
        norm1 = addChildBlock("norm1", new GroupNormBlock(conv.groups(), c, conv.groupNormEps()));
        conv2 = addChildBlock("conv2", InitialisationTools.conv1d(c, c, conv.refineKernel(), 1, conv.refinePadding()));
        norm2 = addChildBlock("norm2", new GroupNormBlock(conv.groups(), c, conv.groupNormEps()));
        conv3 = addChildBlock("conv3", InitialisationTools.conv1d(c, c, conv.refineKernel(), 1, conv.refinePadding()));
        norm3 = addChildBlock("norm3", new GroupNormBlock(conv.groups(), c, conv.groupNormEps()));
        proj = addChildBlock("proj", InitialisationTools.linear(width, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape shape = x.getShape();
        if (shape.dimension() != 3 || shape.get(2) != patchSamples) {
            throw new IllegalArgumentException("temporal convolution expects [batch, patches, " + patchSamples
                    + "] samples, got " + shape);
        }
        long batch = shape.get(0);
        long patches = shape.get(1);
        NDArray valid = null;
        if (conv.normScope() == TemporalConvParams.NormScope.WINDOW) {
            valid = inputs.size() > 1 ? inputs.get(1) : x.getManager().ones(new Shape(batch, patches));
        }
        NDArray h = x.reshape(batch * patches, 1, patchSamples);
        h = stage(ps, conv1, norm1, h, valid, training);
        h = stage(ps, conv2, norm2, h, valid, training);
        h = stage(ps, conv3, norm3, h, valid, training);
        NDArray flat = h.transpose(0, 2, 1).reshape(batch, patches, -1);
        return proj.forward(ps, new NDList(flat), training);
    }

    /** Convolution, group norm (per patch, or per window over the valid patches when {@code valid} is given), GELU. */
    private static NDArray stage(ParameterStore ps, Conv1d conv, GroupNormBlock norm, NDArray x, NDArray valid,
                                 boolean training) {
        NDArray y = conv.forward(ps, new NDList(x), training).head();
        NDArray normed = valid == null ? norm.forward(ps, new NDList(y), training).head()
                : norm.forwardWindows(ps, y, valid, training);
        return Activation.gelu(normed);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int c = conv.channels();
        int[] lengths = conv.stageLengths(patchSamples);
        conv1.initialize(manager, dataType, new Shape(1, 1, patchSamples));
        norm1.initialize(manager, dataType, new Shape(1, c, lengths[0]));
        conv2.initialize(manager, dataType, new Shape(1, c, lengths[0]));
        norm2.initialize(manager, dataType, new Shape(1, c, lengths[1]));
        conv3.initialize(manager, dataType, new Shape(1, c, lengths[1]));
        norm3.initialize(manager, dataType, new Shape(1, c, lengths[2]));
        proj.initialize(manager, dataType, new Shape(1, 1, (long) c * lengths[2]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), width)};
    }
}
