package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The augmented view of the semantic consistency loss (METHOD section 5), applied to the patched raw
 * window: one amplitude scale per window drawn from U(scaleMin, scaleMax), then Gaussian noise of
 * standard deviation {@code noiseSigma} on every sample. All randomness comes from the caller's
 * {@link Random}, so a seed reproduces the view exactly.
 *
 * @param scaleMin lower bound of the scale (0.9)
 * @param scaleMax upper bound of the scale (1.1)
 * @param noiseSigma noise standard deviation (0.05)
 */
public record ConsistencyAugmentation(double scaleMin, double scaleMax, double noiseSigma) {

    /** The augmented copy of patches [B, P, S], on the same manager and device. */
    public NDArray apply(NDArray patches, Random rng) {
        Shape shape = patches.getShape();
        int batch = (int) shape.get(0);
        float[] scales = new float[batch];
        for (int b = 0; b < batch; b++) {
            scales[b] = (float) (scaleMin + (scaleMax - scaleMin) * rng.nextDouble());
        }
        float[] noise = new float[(int) shape.size()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (noiseSigma * rng.nextGaussian());
        }
        NDManager manager = patches.getManager();
        NDArray scale = manager.create(scales, new Shape(batch, 1, 1));
        return patches.mul(scale).add(manager.create(noise, shape));
    }
}
