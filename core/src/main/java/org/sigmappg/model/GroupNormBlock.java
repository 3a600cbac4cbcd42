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

/** Group normalisation of a [N, C, L] batch with a per-channel affine transform, as PyTorch's {@code nn.GroupNorm}. */
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

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
