package org.sigmappg.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalisation with a per-channel affine transform, as PyTorch's {@code nn.GroupNorm}: of a [N, C, L] batch
 * (statistics per item), or with {@link #forwardWindows} of the patches of whole windows together.
 */
public final class GroupNormBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int groups;
    private final int channels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNormBlock(int groups, int channels, double eps) {
        super(VERSION);
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels cannot be split into " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        NDArray grouped = x.reshape(shape.get(0), groups, -1);
        // Normalising each group is a layer norm over its elements (biased variance, eps inside the root, as
        // PyTorch's group norm); the fused kernel replaces the eight elementwise ops and reductions, and their
        // backward, that the statistics took when spelled out. Its own affine is per element, not per
        // channel, so it gets the identity and the channel affine follows.
        Shape groupShape = new Shape(grouped.getShape().get(2));
        NDManager manager = x.getManager();
        NDArray normed = grouped.getNDArrayInternal()
                .layerNorm(grouped, groupShape, manager.ones(groupShape), manager.zeros(groupShape), (float) eps)
                .head()
                .reshape(shape);
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training).reshape(1, channels, 1);
        NDArray b = ps.getValue(bias, device, training).reshape(1, channels, 1);
        return new NDList(normed.mul(w).add(b));
    }

    /**
     * Normalises the patches of each window with statistics taken over all of its VALID patches together (the
     * reference's GroupNorm over a window's [channels, patches, time] map), then applies the channel affine.
     *
     * @param x per-patch maps [B * P, C, L], window-major
     * @param valid 1 for a real patch, 0 for padding [B, P] (float32); padding patches come out finite but meaningless
     */
    public NDArray forwardWindows(ParameterStore ps, NDArray x, NDArray valid, boolean training) {
        Shape shape = x.getShape();
        long batch = valid.getShape().get(0);
        long patches = valid.getShape().get(1);
        NDArray grouped = x.reshape(batch, patches, groups, -1);
        long perPatch = grouped.getShape().get(3);
        NDArray m = valid.reshape(batch, patches, 1, 1);
        // Elements of one group of one window: its valid patches x (channels / groups) x time.
        NDArray count = valid.sum(new int[] {1}).mul(perPatch).reshape(batch, 1);
        NDArray mean = grouped.mul(m).sum(new int[] {1, 3}).div(count).reshape(batch, 1, groups, 1);
        NDArray centred = grouped.sub(mean);
        NDArray variance = centred.mul(m).square().sum(new int[] {1, 3}).div(count).reshape(batch, 1, groups, 1);
        NDArray normed = centred.div(variance.add((float) eps).sqrt()).reshape(shape);
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training).reshape(1, channels, 1);
        NDArray b = ps.getValue(bias, device, training).reshape(1, channels, 1);
        return normed.mul(w).add(b);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
