package org.sigmappg.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.sigmappg.io.ReadException;

/** Reading little-endian tensor bytes from a file region straight into float or long arrays. */
final class TensorTools {
    /** Chunk size for streaming reads: large enough for throughput, a multiple of every element size. */
    static final int CHUNK_BYTES = 1 << 20;
    /** The largest array the JVM allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private TensorTools() {
    }

    /** Receives consecutive chunks of a byte stream, little-endian, positioned at their first byte. */
    @FunctionalInterface
    interface ChunkSink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Fills {@code b} from {@code position} on, stopping early only at the end of the file. */
    static void readFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }

    /**
     * Streams {@code length} bytes from {@code offset} in chunks of {@link #CHUNK_BYTES} (the last shorter);
     * returns the number of bytes streamed, less than {@code length} only if the file ends first.
     */
    static long streamRegion(FileChannel channel, long offset, long length, ChunkSink sink) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(length, 16))).order(ByteOrder.LITTLE_ENDIAN);
        long done = 0;
        while (done < length) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), length - done));
            readFully(channel, chunk, offset + done);
            int got = chunk.position();
            if (got > 0) {
                sink.accept(chunk.flip());
            }
            done += got;
            if (got < chunk.capacity() && done < length) {
                break;
            }
        }
        return done;
    }

    /** A float array for the float types, a long array for int64. */
    static Object allocate(TorchDType dtype, int n) {
        return dtype.isFloat() ? new float[n] : new long[n];
    }

    static int length(Object values) {
        return values instanceof float[] f ? f.length : ((long[]) values).length;
    }

    /**
     * Decodes the whole elements of a little-endian chunk into {@code values} from index {@code at};
     * returns the number decoded.
     */
    static int decode(TorchDType dtype, ByteBuffer chunk, Object values, int at) {
        int n = chunk.remaining() / dtype.bytes();
        switch (dtype) {
            case FLOAT32 -> chunk.asFloatBuffer().get((float[]) values, at, n);
            case INT64 -> chunk.asLongBuffer().get((long[]) values, at, n);
            case FLOAT16, BFLOAT16 -> {
                float[] out = (float[]) values;
                ShortBuffer in = chunk.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    int bits = in.get(i) & 0xFFFF;
                    out[at + i] = dtype == TorchDType.FLOAT16 ? halfToFloat(bits) : Float.intBitsToFloat(bits << 16);
                }
            }
            default -> throw new IllegalArgumentException(dtype + " values are not read");
        }
        return n;
    }

    /** Decodes a whole region of {@code n} elements of {@code dtype} into a new array. */
    static Object readRegion(FileChannel channel, long offset, TorchDType dtype, int n) throws IOException {
        Object values = allocate(dtype, n);
        int[] at = {0};
        streamRegion(channel, offset, (long) n * dtype.bytes(), chunk -> at[0] += decode(dtype, chunk, values, at[0]));
        return at[0] == n ? values : null;
    }

    /** IEEE 754 binary16 to float, exactly (every half is a float), subnormals, infinities and NaN payloads included. */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }

    /** Whether a view with these sizes and strides lies row-major without gaps. */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    /**
     * Copies the strided view ({@code offset}, {@code size}, {@code stride}, in elements) of {@code source}
     * into {@code target} in row-major order; the caller has checked that every index lies in the source.
     */
    static void gather(Object source, Object target, long offset, long[] size, long[] stride) {
        int rank = size.length;
        int n = length(target);
        if (n == 0) {
            return;
        }
        if (rank == 0) {
            System.arraycopy(source, (int) offset, target, 0, 1);
            return;
        }
        int last = rank - 1;
        int run = (int) size[last];
        long[] index = new long[rank];
        long base = offset;
        for (int out = 0; out < n; out += run) {
            if (stride[last] == 1) {
                System.arraycopy(source, (int) base, target, out, run);
            } else {
                for (int i = 0; i < run; i++) {
                    System.arraycopy(source, (int) (base + i * stride[last]), target, out + i, 1);
                }
            }
            for (int d = last - 1; d >= 0; d--) {
                base += stride[d];
                if (++index[d] < size[d]) {
                    break;
                }
                base -= stride[d] * size[d];
                index[d] = 0;
            }
        }
    }

    /** Refuses, in words, an allocation the Java heap cannot hold, rather than failing with an out-of-memory error. */
    static void ensureMemory(Path file, String what, long bytes) throws ReadException {
        if (bytes <= free()) {
            return;
        }
        // Only on this rare path: garbage counts as used until collected, so collect once before refusing.
        System.gc();
        long free = free();
        if (bytes > free) {
            throw new ReadException(file, null, what + " needs " + megabytes(bytes) + " MB of memory but Java has only "
                    + megabytes(free) + " MB free; give Java more memory (the -Xmx option)");
        }
    }

    private static long free() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
