package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PaddingToolsTest {

    @Test
    void masksMeansAndPoolingIgnorePadding() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray valid = PaddingTools.validMask(PaddingTools.counts(manager, 3, 1, 5), 4);
            assertArrayEquals(new float[] {1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1}, valid.toFloatArray());
            assertArrayEquals(new int[] {0, 1, 2, 4, 8, 9, 10, 11}, PaddingTools.validPositions(valid));
            assertArrayEquals(new float[] {0, 0, 0, -1e9f}, PaddingTools.attentionBias(valid).get("0, 0, 0")
                    .toFloatArray());

            // values[b, p, f] = 10 b + p + f / 10, with a large value at padding that must not count.
            float[] v = new float[3 * 4 * 2];
            for (int b = 0; b < 3; b++) {
                for (int p = 0; p < 4; p++) {
                    for (int f = 0; f < 2; f++) {
                        boolean pad = valid.toFloatArray()[b * 4 + p] == 0;
                        v[(b * 4 + p) * 2 + f] = pad ? 1e6f : 10 * b + p + f / 10f;
                    }
                }
            }
            NDArray values = manager.create(v, new Shape(3, 4, 2));
            // Valid: window 0 p 0..2, window 1 p 0, window 2 p 0..3; mean over 8 patches x 2 features.
            double sum = 0;
            for (int p = 0; p < 3; p++) {
                sum += 2 * p + 0.1;
            }
            sum += 2 * 10 + 0.1;
            for (int p = 0; p < 4; p++) {
                sum += 2 * (20 + p) + 0.1;
            }
            assertEquals(sum / 16, PaddingTools.maskedMean(values, valid).getFloat(), 1e-4);
            assertArrayEquals(new float[] {1, 1.1f, 10, 10.1f, 21.5f, 21.6f},
                    PaddingTools.windowMean(values, valid).toFloatArray(), 1e-5f);
            assertArrayEquals(new long[] {0, 1, 2, 10, 20, 21, 22, 23},
                    PaddingTools.validValues(values.get(":, :, 0"), valid));
        }
    }

    @Test
    void aPartialPatchIsCompletedWithItsLastValidSample() {
        // Two windows of two 3-sample patches: 4 valid samples (one whole patch, one partial), then 6 (whole).
        float[] samples = {0.2f, 0.9f, 0.4f, 0.7f, 0, 0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        PaddingTools.padPartialPatch(samples, 0, 4, 6);
        PaddingTools.padPartialPatch(samples, 6, 6, 6);
        assertArrayEquals(new float[] {0.2f, 0.9f, 0.4f, 0.7f, 0.7f, 0.7f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, samples);
        float[] empty = new float[3];
        PaddingTools.padPartialPatch(empty, 0, 0, 3);
        assertArrayEquals(new float[3], empty, "no valid sample: nothing to repeat");
    }
}
