package org.sigmappg.io.torch;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A dense tensor as a checkpoint stores it: element type, shape and values in row-major order (float16 and
 * bfloat16 widened to float, int64 as long). Tensors of a type that is not read keep their type and shape
 * but no values, so a caller can name what it refuses.
 *
 * <p>The value arrays are the tensor's own and are not copied on access (a checkpoint's tensors can be
 * hundreds of megabytes): treat them as read-only.
 */
public final class TorchTensor {
    private final TorchDType dtype;
    private final long[] shape;
    private final long numel;
    private final float[] floats;
    private final long[] longs;

    private TorchTensor(TorchDType dtype, long[] shape, float[] floats, long[] longs) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.numel = numel(this.shape);
        this.floats = floats;
        this.longs = longs;
        int length = floats != null ? floats.length : longs != null ? longs.length : -1;
        if (length >= 0 && length != numel) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + numel
                    + " values but " + length + " were given");
        }
    }

    /** A float32 tensor over {@code values} (not copied). */
    public static TorchTensor ofFloats(long[] shape, float[] values) {
        return new TorchTensor(TorchDType.FLOAT32, shape, values, null);
    }

    /** An int64 tensor over {@code values} (not copied). */
    public static TorchTensor ofLongs(long[] shape, long[] values) {
        return new TorchTensor(TorchDType.INT64, shape, null, values);
    }

    /** A tensor read from a file: float values for the float types, long values for int64, none otherwise. */
    static TorchTensor read(TorchDType dtype, long[] shape, Object values) {
        return new TorchTensor(dtype, shape, values instanceof float[] f ? f : null, values instanceof long[] l ? l : null);
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements to count", e);
            }
        }
        return n;
    }

    /** The element type the file declares (float16 stays float16 here although its values are floats). */
    public TorchDType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements: the product of the shape (1 for a 0-dim tensor). */
    public long numel() {
        return numel;
    }

    /** Whether the values were read (false for element types that are not read). */
    public boolean hasData() {
        return floats != null || longs != null;
    }

    /** The values of a float32, float16 or bfloat16 tensor, row-major. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException(missing("float"));
        }
        return floats;
    }

    /** The values of an int64 tensor, row-major. */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException(missing("int64"));
        }
        return longs;
    }

    private String missing(String wanted) {
        if (!dtype.isRead()) {
            return "a " + dtype + " tensor has no values here; only " + TorchDType.readNames(false) + " tensors are read";
        }
        return "a " + dtype + " tensor has no " + wanted + " values";
    }

    /** Type and shape, e.g. {@code float32[2, 3]}. */
    @Override
    public String toString() {
        return dtype + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
