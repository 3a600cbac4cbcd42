package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MissingSamplesTest {
    private static final float NAN = Float.NaN;

    @Test
    void interiorRunsAreBridgedAndEdgeRunsTakeTheNearestValue() {
        float[] x = {NAN, NAN, 1, NAN, NAN, 4, 5, NAN};
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 4, 5, 5}, MissingSamples.fill(x, "test"), 1e-12);
        assertArrayEquals(new boolean[] {true, true, false, true, true, false, false, true}, MissingSamples.mask(x));
    }

    @Test
    void allMissingOrEmptyIsRefusedInPlainWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MissingSamples.fill(new float[] {NAN, NAN}, "channel PLETH"));
        assertTrue(e.getMessage().contains("channel PLETH") && e.getMessage().contains("missing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MissingSamples.fill(new float[0], "channel PLETH"));
    }
}
