package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Classic features on a pulse train whose rate, rhythm and breathing are known exactly. */
class ClassicFeaturesTest {
    private static final double FS = 50;
    private static final double RAW_FS = 100;

    /** A two-wave pulse (systolic peak 0.15 s after the beat, reflected wave at 0.4 s) repeated at the given beat times. */
    private static double pulse(double t, double[] beats) {
        double v = 0;
        for (double b : beats) {
            double d = t - b;
            v += Math.exp(-Math.pow((d - 0.15) / 0.05, 2)) + 0.4 * Math.exp(-Math.pow((d - 0.4) / 0.08, 2));
        }
        return v;
    }

    private static double[] regularBeats(double bpm, double seconds) {
        int n = (int) (seconds * bpm / 60) + 2;
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = -0.5 + i * 60 / bpm;
        }
        return b;
    }

    private static float[] window(double[] beats, double seconds) {
        int n = (int) (seconds * FS);
        float[] x = new float[n];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = pulse(i / FS, beats);
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
        }
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((v[i] - min) / (max - min));
        }
        return x;
    }

    /** Raw intensity: DC 1000, pulses of 20 counts, breathing at 15/min moving the baseline by 30 counts. */
    private static float[] raw(double[] beats, double seconds) {
        int n = (int) (seconds * RAW_FS);
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / RAW_FS;
            r[i] = (float) (1000 + 20 * pulse(t, beats) + 30 * Math.sin(2 * Math.PI * 0.25 * t));
        }
        return r;
    }

    private static double feature(double[] f, String name) {
        return f[ClassicFeatures.NAMES.indexOf(name)];
    }

    @Test
    void regularRhythmGivesItsRateAndNoVariability() {
        for (double bpm : new double[] {48, 72, 110}) {
            double[] beats = regularBeats(bpm, 30);
            double[] f = ClassicFeatures.of(window(beats, 30), FS, raw(beats, 30), RAW_FS, 0.02);
            assertEquals(bpm, feature(f, "hr_peaks_bpm"), 1.0, "peaks at " + bpm);
            assertEquals(bpm, feature(f, "hr_autocorr_bpm"), 2.0, "autocorrelation at " + bpm);
            assertEquals(0, feature(f, "ibi_cv"), 0.02);
            assertEquals(15, feature(f, "resp_rate_bpm"), 1.0, "breathing at 15/min");
            assertTrue(feature(f, "rise_time_s") > 0.1 && feature(f, "rise_time_s") < 0.5, "rise time " + feature(f, "rise_time_s"));
            assertTrue(feature(f, "pulse_width_s") > 0.05 && feature(f, "pulse_width_s") < 0.5, "width " + feature(f, "pulse_width_s"));
            assertTrue(feature(f, "periodicity") > 0.9, "a clean pulse train is periodic: " + feature(f, "periodicity"));
            assertTrue(feature(f, "perfusion_index_pct") > 3 && feature(f, "perfusion_index_pct") < 12, "AC/DC " + feature(f, "perfusion_index_pct"));
            assertEquals(0.02, feature(f, "flagged_fraction"), 0);
        }
    }

    @Test
    void irregularRhythmRaisesTheIntervalVariation() {
        double[] beats = new double[40];
        java.util.Random r = new java.util.Random(4);
        beats[0] = -0.5;
        for (int i = 1; i < beats.length; i++) {
            beats[i] = beats[i - 1] + 0.7 * Math.exp(0.25 * r.nextGaussian());
        }
        double[] f = ClassicFeatures.of(window(beats, 25), FS, raw(beats, 25), RAW_FS, 0);
        assertTrue(feature(f, "ibi_cv") > 0.12, "AF-like rhythm: " + feature(f, "ibi_cv"));
    }

    @Test
    void shortWindowsStillGiveAHeartRateAndLeaveTheBreathingBandOut() {
        // PPG-BP segments are 2.1 s: under two beats at 60 bpm.
        double[] beats = regularBeats(80, 2.1);
        double[] f = ClassicFeatures.of(window(beats, 2.1), FS, raw(beats, 2.1), RAW_FS, 0);
        assertEquals(80, feature(f, "hr_autocorr_bpm"), 4.0);
        assertTrue(Double.isNaN(feature(f, "resp_rate_bpm")), "2.1 s cannot resolve breathing");
        assertTrue(ClassicFeatures.NAMES.size() >= 6);
    }
}
