package org.sigmappg.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * PyTorch-like initialisation, set explicitly on every layer so that a PyTorch mirror script draws
 * from the same distributions (DJL's defaults differ): linear weights and learned tokens N(0, 0.02),
 * zero biases, LayerNorm and GroupNorm ones/zeros, convolutions PyTorch's default uniform.
 */
final class InitialisationTools {
    /**
     * The references use timm's {@code trunc_normal_(std=0.02)}, whose bounds are +-2 in absolute units,
     * i.e. 100 standard deviations: the same distribution as a plain normal with this deviation.
     */
    static final float WEIGHT_STD = 0.02f;

    private InitialisationTools() {
    }

    static Linear linear(long units, boolean bias) {
        Linear linear = Linear.builder().setUnits(units).optBias(bias).build();
        linear.setInitializer(new NormalInitializer(WEIGHT_STD), Parameter.Type.WEIGHT);
        linear.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        return linear;
    }

    /**
     * PyTorch's default convolution initialisation, kaiming_uniform(a=sqrt(5)), is U(+-1/sqrt(fan_in))
     * for weight and bias.
     */
    static Conv1d conv1d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        Conv1d conv = Conv1d.builder()
                .setKernelShape(new Shape(kernel))
                .setFilters(outChannels)
                .optStride(new Shape(stride))
                .optPadding(new Shape(padding))
                .optBias(true)
                .build();
        float bound = (float) (1.0 / Math.sqrt((double) inChannels * kernel));
        conv.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        conv.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        return conv;
    }

    /** LayerNorm over one (positive) axis; DJL's gamma/beta start at ones/zeros like PyTorch's. */
    static LayerNorm layerNorm(int axis, double eps) {
        return LayerNorm.builder().axis(axis).optEpsilon((float) eps).build();
    }

    /** A learned embedding or token (position table, class token, mask token), N(0, 0.02). */
    static Parameter token(String name, Shape shape) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(new NormalInitializer(WEIGHT_STD))
                .build();
    }
}
