package org.sigmappg.io.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growing list of floats kept in fixed-size blocks, so that appending ten million samples never
 * copies the whole series and a column seen only once (a one-row file) stays small.
 */
final class FloatSeries {
    private static final int BLOCK_BITS = 16;
    private static final int BLOCK = 1 << BLOCK_BITS;

    private final List<float[]> blocks = new ArrayList<>();
    private float[] last = new float[16];
    private int lastSize;
    private long size;

    void add(float value) {
        if (lastSize == last.length) {
            if (last.length < BLOCK) {
                last = Arrays.copyOf(last, last.length * 2);
            } else {
                blocks.add(last);
                last = new float[BLOCK];
                lastSize = 0;
            }
        }
        last[lastSize++] = value;
        size++;
    }

    float get(long index) {
        int block = (int) (index >>> BLOCK_BITS);
        return block == blocks.size() ? last[(int) (index & (BLOCK - 1))] : blocks.get(block)[(int) (index & (BLOCK - 1))];
    }

    long size() {
        return size;
    }

    /** The values in one array (for sorting or handing out). */
    float[] toArray() {
        float[] out = new float[Math.toIntExact(size)];
        int at = 0;
        for (float[] b : blocks) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        System.arraycopy(last, 0, out, at, lastSize);
        return out;
    }
}
