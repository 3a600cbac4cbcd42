package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sigmappg.io.Channel;

class PreprocessorTest {
    private static final Preprocessor DEFAULT = new Preprocessor(PreprocessParams.defaults());

    /** A pulse-like wave at 72 beats per minute with a slow baseline drift. */
    private static float[] pulse(double fs, double seconds) {
        float[] x = new float[(int) Math.round(fs * seconds)];
        for (int i = 0; i < x.length; i++) {
            double t = i / fs;
            double phase = (t * 1.2) % 1.0;
            double beat = Math.exp(-Math.pow((phase - 0.2) / 0.07, 2)) + 0.4 * Math.exp(-Math.pow((phase - 0.5) / 0.1, 2));
            x[i] = (float) (1000 + 200 * beat + 30 * Math.sin(2 * Math.PI * 0.05 * t));
        }
        return x;
    }

    @Test
    void ppgBpSegmentOfTwoPointOneSecondsAtOneKilohertzIsOneWindowOfThreePatches() {
        PreprocessResult r = DEFAULT.process(new Channel("PPG", "", 1000, pulse(1000, 2.1)));
        assertEquals(105, r.signal().length);
        assertEquals(50.0, r.fs(), 0);
        assertEquals(1, r.windows().size());
        Window w = r.windows().get(0);
        assertEquals(0, w.start());
        assertEquals(3, w.patches());
        assertEquals(105, w.validSamples());
        assertEquals(150, w.samples().length);
        assertTrue(w.has(2, PatchFlag.PADDED));
        assertTrue(r.dropped().isEmpty());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void slowlySampledChannelGetsALowerUpperEdgeAndAWarning() {
        PreprocessResult r = DEFAULT.process(new Channel("PPG", "", 10, pulse(10, 60)));
        assertEquals(4.5, r.bandHighHz(), 1e-12);
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("lowered to 4.5 Hz"), r.warnings().get(0));
        assertEquals(3000, r.signal().length);
    }

    @Test
    void tooSlowAllMissingAndEmptyChannelsAreRefusedInPlainWords() {
        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.process(new Channel("PPG", "", 4, pulse(4, 60))));
        assertTrue(slow.getMessage().contains("4 Hz") && slow.getMessage().contains("at least 5 Hz"), slow.getMessage());
        float[] nan = new float[500];
        Arrays.fill(nan, Float.NaN);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> DEFAULT.process(new Channel("PLETH", "", 125, nan)));
        assertTrue(missing.getMessage().contains("channel PLETH: all 500 samples are missing"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.process(new Channel("PLETH", "", 125, new float[0])));
    }

    @Test
    void csvTimerRateIsResampledByABoundedFractionAndTheTrueRateReported() {
        PreprocessResult r = DEFAULT.process(new Channel("PPG", "", 117.19, pulse(117.19, 30)));
        assertEquals(605, r.rate().up());
        assertEquals(1418, r.rate().down());
        assertEquals(50, r.fs(), 50 * 1e-6);
        assertTrue(r.warnings().get(0).contains("605/1418"), r.warnings().get(0));
    }

    @Test
    void longRecordWithAGapDropsTheGappyWindowAndKeepsTheRest() {
        double fs = 125;
        float[] x = pulse(fs, 500);
        for (int i = 0; i < (int) (100 * fs); i++) {
            x[i] = Float.NaN; // 100 s of the first 240 s window
        }
        for (int i = (int) (300 * fs); i < (int) (302 * fs); i++) {
            x[i] = 1100f; // a 2 s flat line in the second window, inside the signal's range
        }
        PreprocessResult r = DEFAULT.process(new Channel("PLETH", "NU", fs, x));
        assertEquals(25_000, r.signal().length);
        assertEquals(1, r.dropped().size());
        DroppedWindow d = r.dropped().get(0);
        assertEquals(DroppedWindow.Reason.TOO_MUCH_MISSING, d.reason());
        assertEquals(0, d.start());
        assertEquals(12_000, d.length());
        assertEquals(2, r.windows().size());
        Window second = r.windows().get(0);
        assertEquals(12_000, second.start());
        assertEquals(240, second.patches());
        assertEquals(0, second.missingFraction());
        assertEquals(100 / 12_000.0, second.flatFraction(), 1e-12);
        Window tail = r.windows().get(1);
        assertEquals(24_000, tail.start());
        assertEquals(1000, tail.validSamples());
        assertEquals(20, tail.patches());
        assertEquals(new PreprocessResult.RawCounts(62_500, 12_500, 250, 0), r.rawCounts());
        assertEquals(5000, r.masks().missingCount());
    }

    @Test
    void sameResultOnTheCallersThreadAndOnThePool() {
        Channel c = new Channel("PPG", "", 125, pulse(125, 700));
        PreprocessResult pooled = DEFAULT.process(c);
        PreprocessResult single = new Preprocessor(PreprocessParams.defaults(), null).process(c);
        assertArrayEquals(single.signal(), pooled.signal());
        assertEquals(single.windows().size(), pooled.windows().size());
        for (int i = 0; i < single.windows().size(); i++) {
            assertArrayEquals(single.windows().get(i).priors().prior(), pooled.windows().get(i).priors().prior());
        }
    }
}
