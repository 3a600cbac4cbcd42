package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sigmappg.io.Channel;

/**
 * The DC level and AC amplitude kept with every window, against values computed by hand on a pulse of known
 * offset and amplitude: x(t) = D + A sin(2 pi 1.25 t) sampled at 50 Hz (so the 50 Hz model rate needs no
 * resampling, and every 40-sample period has its extremes on samples).
 */
class WindowLevelsTest {
    private static final double FS = 50;
    private static final double D = 3000;
    private static final double A = 150;
    private static final double F = 1.25;
    /**
     * |H(f)|^2 of the 0.5-8 Hz Butterworth band-pass of order 2 at 1.25 Hz and 50 Hz: the forward-backward filter's gain.
     * python3 -c "import scipy.signal as s; sos=s.butter(2,[0.5,8],'bandpass',fs=50,output='sos');
     *   w,h=s.sosfreqz(sos,worN=[1.25],fs=50); print(abs(h[0])**2)"  -> 0.9945815105894898
     */
    private static final double GAIN = 0.9945815105894898;
    private static final Preprocessor THIRTY_SECONDS = new Preprocessor(PreprocessParams.defaults()
            .withWindows(new WindowParams(50, 32, 0.2, 0.5)));

    private static float[] pulse(int seconds) {
        float[] x = new float[(int) (seconds * FS)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (D + A * Math.sin(2 * Math.PI * F * i / FS));
        }
        return x;
    }

    private static List<Window> windows(float[] x) {
        return THIRTY_SECONDS.process(new Channel("IR", "counts", FS, x)).windows();
    }

    @Test
    void dcIsTheRawMeanAndAcThePeakToPeakOfTheBandPassedPulse() {
        List<Window> w = windows(pulse(128));
        assertEquals(4, w.size());
        // The inner windows, away from the filter's edge transients: 32 s hold 40 periods, a 2 s segment 2.5.
        for (Window inner : w.subList(1, 3)) {
            // The mean of D + A sin over whole periods is D.
            assertEquals(D, inner.levels().dc(), 1e-6 * D, "DC");
            assertEquals(2 * A * GAIN, inner.levels().ac(), 1e-3 * 2 * A, "AC = 2 A |H(1.25 Hz)|^2");
            assertEquals(2 * A * GAIN / D, inner.levels().perfusionIndex(), 1e-6);
        }
    }

    @Test
    void anArtefactInAFifthOfTheSegmentsLeavesAcAsItWas() {
        float[] x = pulse(128);
        // A motion burst of 6 s (3 of the window's 16 segments) with five times the pulse's amplitude, at 40-46 s.
        for (int i = 40 * 50; i < 46 * 50; i++) {
            x[i] += (float) (5 * A * Math.sin(2 * Math.PI * 2.7 * i / FS));
        }
        Window hit = windows(x).get(1);
        assertEquals(2 * A * GAIN, hit.levels().ac(), 2e-3 * 2 * A, "the lower quartile of the segments' ranges ignores the burst");
        double[] q = StatsTools.quantiles(windowOfFiltered(x, 1600), 0.05, 0.95);
        assertTrue(q[1] - q[0] > 1.2 * 2 * A, "a percentile range over the whole window would have measured the burst: " + (q[1] - q[0]));
    }

    @Test
    void segmentsMostlyInAFlatRunAreLeftOutAndMissingSamplesLeaveTheMean() {
        float[] x = pulse(128);
        // The sensor lifts off for 12 s: a flat line at a low level (flagged flat) over 6 of the window's 16 segments, whose
        // nearly flat band-passed ranges would set the lower quartile if they were not left out; then missing samples.
        for (int i = 34 * 50; i < 46 * 50; i++) {
            x[i] = 200;
        }
        for (int i = 50 * 50; i < 50 * 50 + 40; i++) {
            x[i] = Float.NaN;
        }
        Window w = windows(x).get(1);
        assertEquals(2 * A * GAIN, w.levels().ac(), 2e-3 * 2 * A, "the flat run's segments are flagged and left out");
        // DC is the mean of what was recorded: the flat run's 600 samples at 200 included, the 40 missing ones not.
        double sum = 0;
        int n = 0;
        for (int i = 1600; i < 3200; i++) {
            if (!Float.isNaN(x[i])) {
                sum += x[i];
                n++;
            }
        }
        assertEquals(1560, n);
        assertEquals(sum / n, w.levels().dc(), 1e-6 * D);
    }

    @Test
    void aWindowWhoseEverySegmentIsFlaggedHasNoAc() {
        boolean[] flat = new boolean[300];
        java.util.Arrays.fill(flat, true);
        QualityMasks masks = new QualityMasks(new boolean[300], flat, new boolean[300]);
        WindowLevels l = WindowLevels.of(new float[300], 0, 300, new float[300], masks, 0, 300, 100);
        assertEquals(0, l.dc());
        assertTrue(Double.isNaN(l.ac()));
        assertTrue(Double.isNaN(l.perfusionIndex()));
    }

    /** The band-passed samples of the window at {@code start}, as pre-processing computed them. */
    private static float[] windowOfFiltered(float[] x, int start) {
        float[] signal = THIRTY_SECONDS.process(new Channel("IR", "counts", FS, x)).signal();
        return java.util.Arrays.copyOfRange(signal, start, start + 1600);
    }
}
