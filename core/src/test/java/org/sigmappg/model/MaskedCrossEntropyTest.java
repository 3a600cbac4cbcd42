package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MaskedCrossEntropyTest {
    private static final float[] MASK = {1, 0, 1, 0, 0, 1, 0, 0};

    @Test
    void onlyMaskedPositionsCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.randomNormal(new Shape(2, 4, 5));
            NDArray mask = manager.create(MASK, new Shape(2, 4));
            long[] targets = {0, 1, 2, 3, 4, 0, 1, 2};
            float mean = MaskedCrossEntropy.mean(logits, manager.create(targets, new Shape(2, 4)), mask).getFloat();
            float[] perWindow = MaskedCrossEntropy.perWindow(logits, manager.create(targets, new Shape(2, 4)), mask)
                    .toFloatArray();

            float[] l = logits.toFloatArray();
            double[] nll = new double[8];
            for (int i = 0; i < 8; i++) {
                double z = 0;
                for (int k = 0; k < 5; k++) {
                    z += Math.exp(l[i * 5 + k]);
                }
                nll[i] = Math.log(z) - l[i * 5 + (int) targets[i]];
            }
            assertEquals((nll[0] + nll[2] + nll[5]) / 3, mean, 1e-5);
            assertEquals((nll[0] + nll[2]) / 2, perWindow[0], 1e-5);
            assertEquals(nll[5], perWindow[1], 1e-5);

            long[] visibleChanged = targets.clone();
            visibleChanged[1] = 3;
            visibleChanged[7] = 0;
            NDArray v = manager.create(visibleChanged, new Shape(2, 4));
            assertEquals(mean, MaskedCrossEntropy.mean(logits, v, mask).getFloat(), 0f);

            long[] maskedChanged = targets.clone();
            maskedChanged[5] = 3;
            NDArray m = manager.create(maskedChanged, new Shape(2, 4));
            assertNotEquals(mean, MaskedCrossEntropy.mean(logits, m, mask).getFloat());
            assertNotEquals(perWindow[1], MaskedCrossEntropy.perWindow(logits, m, mask).getFloat(1));
        }
    }

    @Test
    void accuracyCountsMaskedArgmaxHits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {5, 0, 0, 5, 5, 0, 0, 5}, new Shape(1, 4, 2));
            NDArray targets = manager.create(new long[] {0, 0, 1, 1}, new Shape(1, 4));
            NDArray mask = manager.create(new float[] {1, 1, 1, 0}, new Shape(1, 4));
            assertEquals(1.0 / 3, MaskedCrossEntropy.accuracy(logits, targets, mask), 1e-9);
        }
    }
}
