package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsToolsTest {
    @Test
    void skewnessByHand() {
        // {1, 2, 3, 10}: mean 4, deviations -3 -2 -1 6, m2 = 50/4 = 12.5, m3 = 180/4 = 45.
        float[] x = {1, 2, 3, 10};
        assertEquals(45 / Math.pow(12.5, 1.5), StatsTools.skewness(x, 0, 4), 1e-12);
        assertEquals(-45 / Math.pow(12.5, 1.5), StatsTools.skewness(new float[] {-1, -2, -3, -10}, 0, 4), 1e-12);
        assertEquals(0, StatsTools.skewness(new float[] {1, 2, 3}, 0, 3), 1e-15, "symmetric");
        assertEquals(0, StatsTools.skewness(new float[] {5, 5, 5}, 0, 3), "constant: defined as 0");
        // A sub-range: {9, 1, 2, 3, 10, 9} from 1 to 5 is the first vector again.
        assertEquals(45 / Math.pow(12.5, 1.5), StatsTools.skewness(new float[] {9, 1, 2, 3, 10, 9}, 1, 5), 1e-12);
    }

    @Test
    void standardDeviationIsThePopulationOne() {
        // Mean 5, squared deviations 9 1 1 1 0 0 4 16 sum to 32, over 8 -> variance 4.
        assertEquals(2.0, StatsTools.std(new float[] {2, 4, 4, 4, 5, 5, 7, 9}, 0, 8), 1e-12);
    }

    @Test
    void medianAndMadByHand() {
        assertEquals(3, StatsTools.median(new double[] {5, 1, 3}));
        assertEquals(2.5, StatsTools.median(new double[] {1, 3, 2, 10}));
        // {1, 2, 3, 4, 100}: median 3, |deviations| 2 1 0 1 97 -> median 1; the outlier does not matter.
        assertEquals(1, StatsTools.mad(new double[] {1, 2, 3, 4, 100}));
        // {1, 1, 2, 2, 4, 6, 9}: median 2, |deviations| 1 1 0 0 2 4 7 -> sorted 0 0 1 1 2 4 7 -> 1.
        assertEquals(1, StatsTools.mad(new double[] {1, 1, 2, 2, 4, 6, 9}));
        double[] input = {4, 1, 3};
        StatsTools.median(input);
        assertArrayEquals(new double[] {4, 1, 3}, input, "input left unchanged");
        assertThrows(IllegalArgumentException.class, () -> StatsTools.median(new double[0]));
    }

    @Test
    void quantilesInterpolateLinearlyAndSkipNaN() {
        float[] x = {Float.NaN, 3, 1, 2, Float.NaN, 4};
        // Valid values sorted 1 2 3 4: q = 0.5 -> position 1.5 -> 2.5; q = 0.1 -> position 0.3 -> 1.3.
        assertArrayEquals(new double[] {2.5, 1.3, 1, 4}, StatsTools.quantiles(x, 0.5, 0.1, 0, 1), 1e-6);
        float[] ramp = new float[101];
        for (int i = 0; i < ramp.length; i++) {
            ramp[100 - i] = i;
        }
        assertArrayEquals(new double[] {1, 99}, StatsTools.quantiles(ramp, 0.01, 0.99), 1e-9);
        assertTrue(Double.isNaN(StatsTools.quantiles(new float[] {Float.NaN}, 0.5)[0]));
    }
}
