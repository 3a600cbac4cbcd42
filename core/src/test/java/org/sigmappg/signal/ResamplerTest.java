package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    /*
     * python3 -c "import numpy as np, scipy.signal as s; i = np.arange(25);
     *   x = np.sin(0.3*i) + 0.2*i - 0.01*i*i; print(list(s.resample_poly(x, 2, 5))); print(list(s.resample_poly(x, 3, 2)));
     *   i = np.arange(45); x = np.cos(0.05*i) + np.sin(0.9*i);
     *   print(list(s.resample_poly(x, 1, 20))); print(list(s.resample_poly(x, 4, 10)))"
     * (SciPy 1.17.1)
     */
    private static final double[] SCIPY_2_5 = {0.11181979682377645, 1.1044962786152126, 1.754737255821286,
            1.7127682471644026, 1.1453665036591727, 0.36226022676863506, -0.22262808640983123, -0.42895797716273115,
            -0.26774481488593793, -0.13781004785255827};
    private static final double[] SCIPY_3_2 = {4.7371177733163096e-18, 0.2933821954245797, 0.6593723966980787,
            0.9252029672091066, 1.169817450139983, 1.4055304050502553, 1.5729920144866438, 1.6978795992650761,
            1.7861581826706017, 1.8149471373426154, 1.7978874809056422, 1.7396937913718313, 1.6364545550793776,
            1.4984074783326409, 1.331683820760053, 1.1418117248304394, 0.9378498506591344, 0.7268405956650875,
            0.5177932391270434, 0.31694662098199883, 0.13144762572740895, -0.03159491281176531, -0.1698853951806729,
            -0.27960563341247463, -0.35638050640250823, -0.4034482796737617, -0.42366880896307557, -0.4130146944722821,
            -0.3808204431685664, -0.33989732022668107, -0.2795848724844495, -0.21561830471719062, -0.1762090329950486,
            -0.1285365047148143, -0.09515511331803414, -0.14538904512045983, -0.16643296229292467, -0.05669391598614741};
    private static final double[] SCIPY_1_20 = {0.6012436595626351, 0.5851365672822385, -0.2365744695614679};
    private static final double[] SCIPY_4_10 = {0.9609001219500126, 1.7838388926460769, -0.016858711996366918,
            1.3870875226688877, 1.2871607149462918, -0.1552549190442993, 1.5364934712552119, 0.5986577156257985,
            -0.20954416537492704, 1.4156383751124084, -0.1691144352870873, -0.18370969891418565, 1.0329661939632737,
            -0.8905764080516643, -0.08379147198721547, 0.4060026425138883, -1.3789354924861388, -0.07084439302767372};

    @Test
    void matchesScipyResamplePoly() {
        double[] a = new double[25];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(0.3 * i) + 0.2 * i - 0.01 * i * i;
        }
        double[] b = new double[45];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.cos(0.05 * i) + Math.sin(0.9 * i);
        }
        assertArrayEquals(SCIPY_2_5, Resampler.resamplePoly(a, 2, 5), 1e-12);
        assertArrayEquals(SCIPY_3_2, Resampler.resamplePoly(a, 3, 2), 1e-12);
        assertArrayEquals(SCIPY_1_20, Resampler.resamplePoly(b, 1, 20), 1e-12);
        assertArrayEquals(SCIPY_4_10, Resampler.resamplePoly(b, 4, 10), 1e-12, "factors are reduced to 2/5 first");
    }

    @Test
    void inBandTonesKeepTheirAmplitudeAndAToneAboveTheNewNyquistDoesNotAlias() {
        double fsIn = 125;
        double[] inBand = {1, 4.5, 11, 20};
        double above = 37; // aliases to 13 Hz at 50 Hz
        float[] x = new float[(int) (fsIn * 60)];
        for (int i = 0; i < x.length; i++) {
            double t = i / fsIn;
            double v = Math.sin(2 * Math.PI * above * t);
            for (double f : inBand) {
                v += Math.sin(2 * Math.PI * f * t + f);
            }
            x[i] = (float) v;
        }
        Resampled r = Resampler.resample(x, fsIn, 50);
        assertEquals(2, r.rate().up());
        assertEquals(5, r.rate().down());
        assertEquals(50.0, r.fs(), 0);
        assertEquals(3000, r.samples().length);
        for (double f : inBand) {
            assertEquals(1.0, amplitude(r.samples(), f, 50, 500, 2500), 0.01, "tone at " + f + " Hz");
        }
        double alias = amplitude(r.samples(), 50 - above, 50, 500, 2500);
        assertTrue(alias < 0.01, "37 Hz leaks into 13 Hz with amplitude " + alias + ", less than 40 dB down");
    }

    @Test
    void upsamplingKeepsTheTone() {
        float[] x = new float[600];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.cos(2 * Math.PI * 1.5 * i / 10.0);
        }
        Resampled r = Resampler.resample(x, 10, 50);
        assertEquals(3000, r.samples().length);
        assertEquals(1.0, amplitude(r.samples(), 1.5, 50, 500, 2500), 0.01);
    }

    @Test
    void outputLengthIsCeilingOfNTimesUpOverDown() {
        assertEquals(3001, Resampler.resample(new float[7501], 125, 50).samples().length);
        assertEquals(105, Resampler.resample(new float[2100], 1000, 50).samples().length, "PPG-BP: 2.1 s at 1000 Hz");
    }

    @Test
    void nonIntegerRatioUsesABoundedFractionWithSmallRateError() {
        RationalRate rate = RationalRate.approximate(117.19, 50, Resampler.DEFAULT_RATE_TOLERANCE, Resampler.DEFAULT_MAX_FACTOR);
        // Convergents of 50/117.19: ..., 32/75 (error 2.1e-5), 605/1418 (error 7.1e-7): the first within 1e-6.
        assertEquals(605, rate.up());
        assertEquals(1418, rate.down());
        assertEquals(117.19 * 605 / 1418, rate.achievedFsOut(), 1e-12);
        assertTrue(rate.relativeError() < 1e-6 && rate.relativeError() > 0);
        RationalRate coarse = RationalRate.approximate(117.19, 50, 1e-4, 100);
        assertEquals(32, coarse.up());
        assertEquals(75, coarse.down());
        assertTrue(coarse.relativeError() < 1e-4);
        assertThrows(IllegalArgumentException.class, () -> RationalRate.approximate(117.19, 50, 1e-6, 100));
        assertThrows(IllegalArgumentException.class, () -> RationalRate.approximate(117.19, 50, 1e-3, 100));
    }

    @Test
    void maskPositionsFollowTheNearestInputSample() {
        boolean[] mask = new boolean[20];
        for (int i = 5; i <= 9; i++) {
            mask[i] = true;
        }
        // 2/5: output j sits at input position 2.5 j; j = 2 -> 5, j = 3 -> 7.5 (tie goes to 8), j = 4 -> 10.
        boolean[] out = Resampler.resampleMask(mask, new RationalRate(2, 5, 125, 50));
        assertArrayEquals(new boolean[] {false, false, true, true, false, false, false, false}, out);
    }

    @Test
    void parallelOutputEqualsSequential() {
        double[] x = new double[200_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 0.01) + Math.cos(i * 0.37);
        }
        ExecutorService pool = SignalThreads.newPool(3, "test-resampler");
        try {
            assertArrayEquals(Resampler.resamplePoly(x, 2, 5), Resampler.resamplePoly(x, 2, 5, pool));
        } finally {
            pool.shutdown();
        }
    }

    /** Amplitude of the f-Hz component over [from, to), which must span whole periods. */
    private static double amplitude(double[] y, double f, double fs, int from, int to) {
        double s = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            double phase = 2 * Math.PI * f * i / fs;
            s += y[i] * Math.sin(phase);
            c += y[i] * Math.cos(phase);
        }
        return 2 * Math.hypot(s, c) / (to - from);
    }
}
