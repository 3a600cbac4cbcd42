package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LowPassFilterTest {
    /** scipy.signal.firwin(21, 0.32, window="hamming"), computed independently with SciPy 1.17. */
    private static final float[] FIRWIN = {-0.00149720f, 0.00133508f, 0.00656215f, 0.00839511f, -0.00525049f,
        -0.03270401f, -0.04183787f, 0.01077967f, 0.13139285f, 0.26278019f, 0.32008902f, 0.26278019f, 0.13139285f,
        0.01077967f, -0.04183787f, -0.03270401f, -0.00525049f, 0.00839511f, 0.00656215f, 0.00133508f, -0.00149720f};

    @Test
    void tapsMatchSciPysWindowedSincDesign() {
        assertArrayEquals(FIRWIN, new LowPassFilter(0.32, 21).taps(), 1e-7f);
    }

    @Test
    void filtersAcrossPatchBordersAsOneSignal() {
        // Two windows of 6 patches x 50 samples at 50 Hz: a 1 Hz sine plus a 20 Hz sine. Away from the
        // window's ends the 1 Hz part passes (gain 1.0001) and the 20 Hz part is gone (gain 0.0024),
        // including the samples next to every patch border.
        int patches = 6;
        int samples = 50;
        float[] x = new float[2 * patches * samples];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < patches * samples; t++) {
                double s = t / 50.0;
                x[b * patches * samples + t] = (float) (Math.sin(2 * Math.PI * s + b) + Math.sin(2 * Math.PI * 20 * s));
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray in = manager.create(x, new Shape(2, patches, samples));
            float[] y = new LowPassFilter(0.32, 21).apply(in).toFloatArray();
            assertEquals(x.length, y.length);
            for (int b = 0; b < 2; b++) {
                for (int t = 10; t < patches * samples - 10; t++) {
                    double slow = Math.sin(2 * Math.PI * t / 50.0 + b);
                    assertEquals(slow, y[b * patches * samples + t], 0.005, "window " + b + " sample " + t);
                }
            }
        }
    }

    @Test
    void refusesCutoffsOutsideTheBand() {
        assertThrows(IllegalArgumentException.class, () -> new LowPassFilter(0, 21));
        assertThrows(IllegalArgumentException.class, () -> new LowPassFilter(1, 21));
        assertThrows(IllegalArgumentException.class, () -> new LowPassFilter(0.3, 20));
    }

    @Test
    void theTinyEncoderFiltersItsInputAndTheReferenceOneDoesNot() {
        assertEquals(0.32, TokenizerParams.tiny().inputLowPass());
        assertEquals(0, TokenizerParams.base().inputLowPass());
        assertEquals(0, TokenizerParams.pro().inputLowPass());
        assertTrue(TokenizerParams.tiny().architecture().contains("inputLowPass"));
        assertTrue(!TokenizerParams.pro().architecture().contains("inputLowPass"),
                "checkpoints written before the setting existed keep their architecture");
    }
}
