package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Padding conventions shared by every block and loss. A batch is [batch, patches, ...] with a per-window
 * count of valid patches; padding patches sit at the end, are never attended to and never enter a loss
 * or a statistic. Counts are an int32 NDArray [batch]; validity masks are float32 [batch, patches] with
 * 1 for a valid patch and 0 for padding.
 */
public final class PaddingTools {
    /**
     * Added to the attention scores of padding keys. In float32 its softmax weight is exactly 0, and unlike
     * -infinity it cannot produce NaN (0 x inf) when masks are built arithmetically.
     */
    static final float PADDING_SCORE = -1e9f;

    private PaddingTools() {
    }

    /**
     * Pads the partial last patch of a window by edge replication: {@code samples[offset + valid, offset + length)}
     * get the last valid sample. Zero, the other choice, is a min-max scaled window's minimum, so a zero-filled
     * patch would end in an artificial step down that feeds the convolution, the spectral target and the codes.
     * Nothing is written when no sample is valid.
     *
     * @param offset where the window's first sample sits in {@code samples}
     * @param valid the window's valid samples
     * @param length the samples of the window's valid patches (valid patches x patch length)
     */
    public static void padPartialPatch(float[] samples, int offset, int valid, int length) {
        if (valid > 0 && valid < length) {
            Arrays.fill(samples, offset + valid, offset + length, samples[offset + valid - 1]);
        }
    }

    /** An int32 [batch] array of valid-patch counts. */
    public static NDArray counts(NDManager manager, int... validPatches) {
        return manager.create(validPatches);
    }

    /** The counts as Java ints. */
    public static int[] toIntArray(NDArray counts) {
        return counts.toType(DataType.INT32, false).toIntArray();
    }

    /** Float32 [batch, patches] validity: 1 where the patch index is below the window's count, else 0. */
    public static NDArray validMask(NDArray counts, long patches) {
        NDArray index = counts.getManager().arange(0f, (float) patches, 1f).reshape(1, patches);
        NDArray limit = counts.toType(DataType.FLOAT32, false).reshape(-1, 1);
        return index.lt(limit).toType(DataType.FLOAT32, false);
    }

    /** Additive attention bias [batch, 1, 1, keys]: 0 for valid keys, {@link #PADDING_SCORE} for padding. */
    public static NDArray attentionBias(NDArray keyValid) {
        Shape shape = keyValid.getShape();
        return keyValid.sub(1f).mul(-PADDING_SCORE).reshape(shape.get(0), 1, 1, shape.get(1));
    }

    /**
     * Mean of {@code values} [batch, patches, ...] over the valid patches (and every trailing element):
     * sum(values x valid) / (number of valid patches x trailing size). A scalar; 0 when nothing is valid.
     */
    public static NDArray maskedMean(NDArray values, NDArray valid) {
        Shape shape = values.getShape();
        long trailing = shape.dimension() > 2 ? shape.slice(2).size() : 1;
        NDArray weights = valid;
        while (weights.getShape().dimension() < shape.dimension()) {
            weights = weights.expandDims(weights.getShape().dimension());
        }
        return values.mul(weights).sum().div(valid.sum().mul(trailing).maximum(1f));
    }

    /** Mean over the valid patches of each window: [batch, patches, width] -> [batch, width] (mean pooling). */
    public static NDArray windowMean(NDArray tokens, NDArray valid) {
        NDArray summed = tokens.mul(valid.expandDims(2)).sum(new int[] {1});
        return summed.div(valid.sum(new int[] {1}, true).maximum(1f));
    }

    /** Flat (row-major) positions of the valid patches of a [B, P] validity mask. */
    public static int[] validPositions(NDArray valid) {
        float[] v = valid.toFloatArray();
        int n = 0;
        for (float f : v) {
            if (f > 0) {
                n++;
            }
        }
        int[] positions = new int[n];
        int j = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0) {
                positions[j++] = i;
            }
        }
        return positions;
    }

    /** The values at valid positions, in row-major order (e.g. the code indices of the real patches). */
    public static long[] validValues(NDArray values, NDArray valid) {
        long[] all = values.toType(DataType.INT64, false).toLongArray();
        int[] positions = validPositions(valid);
        long[] out = new long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = all[positions[i]];
        }
        return out;
    }
}
