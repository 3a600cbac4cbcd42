package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for differentiable arithmetic. DJL's {@code mul(Number)}, {@code div(Number)},
 * {@code maximum(Number)} and the like wrap the number in a tensor whose memory is a Java direct buffer
 * and close that tensor right after the op. When autograd keeps the scalar for backward (a product, a
 * quotient, a maximum), a garbage collection before {@code backward()} frees the memory and the
 * gradients read whatever is there next: wrong values or NaN, depending on timing. So every scalar
 * that meets a tensor requiring gradients is made here and lives, like the step's other arrays, until
 * its manager or NDScope closes. Number overloads remain fine on arrays without gradients (masks,
 * targets, priors).
 */
public final class AutogradTools {
    private AutogradTools() {
    }

    /**
     * A float32 scalar on {@code like}'s manager and device, alive until that manager or the current
     * NDScope closes. Write {@code loss.mul(AutogradTools.constant(loss, 0.5))}, never {@code loss.mul(0.5f)}.
     * Its memory is the engine's, not a Java buffer, so autograd's own reference keeps it valid even after
     * the array is closed (blocks close their intermediates early, see {@link TransformerLayerBlock}).
     */
    public static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, DataType.FLOAT32, like.getDevice());
    }
}
