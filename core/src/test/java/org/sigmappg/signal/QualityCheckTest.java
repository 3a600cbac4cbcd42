package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QualityCheckTest {
    private static final double FS = 100;

    /**
     * 20 s at 100 Hz of a pulse-like wave between about -1.2 and 1.2, with: a 2 s flat run (200 samples), a
     * 1.5 s constant stretch broken by a missing sample (so no 1 s run), 50 samples saturated at the maximum
     * 1.5, 30 at the minimum -1.5, and 2 more at the maximum, too few to count as clipping.
     */
    private static float[] signal() {
        float[] x = new float[2000];
        for (int i = 0; i < x.length; i++) {
            double t = i / FS;
            x[i] = (float) (Math.sin(2 * Math.PI * 1.2 * t) + 0.3 * Math.sin(2 * Math.PI * 2.4 * t + 0.5));
        }
        fill(x, 500, 700, 0.2f);
        fill(x, 800, 950, -0.4f);
        x[870] = Float.NaN;
        fill(x, 1200, 1250, 1.5f);
        fill(x, 1400, 1430, -1.5f);
        fill(x, 1600, 1602, 1.5f);
        return x;
    }

    private static void fill(float[] x, int from, int to, float v) {
        for (int i = from; i < to; i++) {
            x[i] = v;
        }
    }

    @Test
    void flatRunsAndClippingGiveTheConstructedFractions() {
        QualityMasks m = QualityCheck.assess(signal(), FS, QualityParams.defaults());
        assertEquals(200, m.flatCount());
        assertEquals(80, m.clippedCount());
        assertEquals(1, m.missingCount());
        assertEquals(0.1, (double) m.flatCount() / m.length(), 1e-12);
        assertEquals(0.04, (double) m.clippedCount() / m.length(), 1e-12);
        assertTrue(m.flat()[500] && m.flat()[699] && !m.flat()[499] && !m.flat()[700]);
        assertFalse(m.flat()[850], "a constant stretch split by a missing sample into two runs under 1 s");
        assertTrue(m.clipped()[1200] && m.clipped()[1429] && !m.clipped()[1600]);
    }

    @Test
    void fractionsSurviveTheMoveToTheFiftyHertzGrid() {
        QualityMasks m = QualityCheck.assess(signal(), FS, QualityParams.defaults()).resample(new RationalRate(1, 2, FS, 50));
        assertEquals(1000, m.length());
        assertEquals(100, m.flatCount());
        assertEquals(40, m.clippedCount());
    }

    @Test
    void longerMinimumDurationIgnoresTheTwoSecondRun() {
        QualityMasks m = QualityCheck.assess(signal(), FS, new QualityParams(2.5, 1e-4, 0.01, 3, 0.1));
        assertEquals(0, m.flatCount());
    }

    @Test
    void constantChannelIsAllFlatAndAllMissingChannelHasNoFlags() {
        float[] constant = new float[300];
        fill(constant, 0, 300, 7f);
        assertEquals(300, QualityCheck.assess(constant, FS, QualityParams.defaults()).flatCount());
        float[] missing = new float[300];
        fill(missing, 0, 300, Float.NaN);
        QualityMasks m = QualityCheck.assess(missing, FS, QualityParams.defaults());
        assertEquals(300, m.missingCount());
        assertEquals(0, m.flatCount() + m.clippedCount());
    }

    @Test
    void anOverflowingConverterThatWrapsAroundIsFlaggedAsClipped() {
        // A 12-bit converter overflowing: a pulse that should rise to 2300 counts wraps to -1796 (2300 - 4096).
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            double v = 1800 * Math.sin(2 * Math.PI * 1.0 * i / FS) + (i >= 400 && i < 420 ? 500 : 0);
            x[i] = (float) (v > 2047 ? v - 4096 : v);
        }
        QualityMasks m = QualityCheck.assess(x, FS, QualityParams.defaults());
        assertTrue(m.clippedCount() > 0, "the wrap-around step is found");
        for (int i = 0; i < 380; i++) {
            assertFalse(m.clipped()[i], "no flag far from the wrap at sample " + i);
        }
        QualityMasks off = QualityCheck.assess(x, FS, new QualityParams(1.0, 1e-4, 0.01, 3, 0));
        assertEquals(0, off.clippedCount(), "a zero guard turns the check off");
    }

    @Test
    void aChannelFlatForHalfItsValidSamplesOrMoreIsReportedAsFlat() {
        QualityParams p = QualityParams.defaults();
        float[] constant = new float[3000];
        fill(constant, 0, 3000, 0f);
        String whole = QualityCheck.flatChannel("channel PPG", QualityCheck.assess(constant, FS, p), p);
        assertEquals("channel PPG is flat over its whole length (3000 of 3000 samples lie in runs of 1 s or more in which"
                + " the signal does not move): there is no pulse wave there, so its flat windows hold nothing to learn"
                + " from; a dead sensor, a loose probe or the wrong channel looks like this", whole);

        // 20 s of pulse with a 2 s flat run (10 %), then with 12 s of its 20 s flat (60 %); missing samples do not count.
        float[] x = signal();
        assertEquals(null, QualityCheck.flatChannel("channel PPG", QualityCheck.assess(x, FS, p), p));
        fill(x, 0, 1200, 0.2f);
        fill(x, 1900, 2000, Float.NaN);
        QualityMasks m = QualityCheck.assess(x, FS, p);
        assertEquals(1200, m.flatCount());
        String most = QualityCheck.flatChannel("channel PPG", m, p);
        assertTrue(most.startsWith("channel PPG is flat for 63.1 % of its valid samples (1200 of 1900 samples"), most);

        float[] missing = new float[300];
        fill(missing, 0, 300, Float.NaN);
        assertEquals(null, QualityCheck.flatChannel("channel PPG", QualityCheck.assess(missing, FS, p), p));
    }
}
