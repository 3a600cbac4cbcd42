package org.sigmappg.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sigmappg.io.Recording;

/** Checks the QUALITY label against clipping and flat lines found in the samples themselves. */
class SyntheticPpgQualityTest {
    /** A sensor-off stretch is at least 0.5 s here; noisy live signal never repeats a count that long. */
    private static final double FLAT_RUN_SECONDS = 0.5;

    /** Events are random, so a single seed may have no clipping; over these seeds both kinds occur. */
    @Test
    void lowQualitySeedsClipAndDropOut() {
        int railRuns = 0;
        int flatRuns = 0;
        for (long seed = 1; seed <= 5; seed++) {
            int[] runs = checkUnusableSeconds(seed);
            railRuns += runs[0];
            flatRuns += runs[1];
        }
        assertTrue(railRuns > 0 && flatRuns > 0, railRuns + " clipped runs, " + flatRuns + " flat runs");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void unusableExactlyWhereSamplesAreClippedOrFlat(long seed) {
        checkUnusableSeconds(seed);
    }

    /** Asserts QUALITY 0 exactly in the seconds with a sample at an ADC rail or in a flat run; {rail runs, flat runs}. */
    private static int[] checkUnusableSeconds(long seed) {
        SyntheticPpgParams params = SyntheticPpgParams.lowQuality(seed);
        Recording rec = SyntheticPpg.generate(params);
        double fs = params.samplingRateHz();
        int adcMin = Integer.parseInt(rec.annotations().get(SyntheticPpg.ANNOTATION_ADC_MIN));
        int adcMax = Integer.parseInt(rec.annotations().get(SyntheticPpg.ANNOTATION_ADC_MAX));
        assertEquals(0, adcMin);
        assertEquals((1 << params.adcBits()) - 1, adcMax);
        double[] quality = SyntheticPpgPhysiologyTest.label(rec, SyntheticPpg.QUALITY).values();
        boolean[] unusable = new boolean[quality.length];
        int railRuns = 0;
        int flatRuns = 0;
        for (String name : new String[] {SyntheticPpg.RED, SyntheticPpg.IR, SyntheticPpg.PLETH}) {
            float[] x = rec.channel(name).orElseThrow().samples();
            for (int j = 0; j < x.length; j++) {
                assertTrue(x[j] >= adcMin && x[j] <= adcMax, name + " sample " + j + " = " + x[j] + " outside the ADC");
                assertEquals(Math.rint(x[j]), x[j], name + " sample " + j + " is not a whole count");
                if (x[j] == adcMin || x[j] == adcMax) {
                    mark(unusable, j, fs);
                }
            }
            int minRun = (int) Math.round(FLAT_RUN_SECONDS * fs);
            for (int start = 0; start < x.length; ) {
                int end = start + 1;
                while (end < x.length && x[end] == x[start]) {
                    end++;
                }
                boolean atRail = x[start] == adcMin || x[start] == adcMax;
                if (atRail && end - start >= 3) {
                    railRuns++;
                }
                if (end - start >= minRun) {
                    if (!atRail) {
                        flatRuns++;
                    }
                    for (int j = start; j < end; j++) {
                        mark(unusable, j, fs);
                    }
                }
                start = end;
            }
        }
        int[] counts = new int[3];
        for (int i = 0; i < quality.length; i++) {
            assertEquals(unusable[i], quality[i] == SyntheticPpg.QUALITY_UNUSABLE, "second " + i);
            counts[(int) quality[i]]++;
        }
        System.out.printf("quality lowQuality seed %d: %d unusable, %d acceptable, %d good seconds;"
                + " %d clipped runs, %d flat runs over 3 channels%n", seed, counts[0], counts[1], counts[2],
                railRuns, flatRuns);
        assertTrue(counts[1] > 0 && counts[2] > 0, "motion seconds and clean seconds expected too");
        return new int[] {railRuns, flatRuns};
    }

    @Test
    void plethIsTheInfraredMirroredInsideTheAdcRange() {
        SyntheticPpgParams params = SyntheticPpgParams.lowQuality(9);
        Recording rec = SyntheticPpg.generate(params);
        float[] ir = rec.channel(SyntheticPpg.IR).orElseThrow().samples();
        float[] pleth = rec.channel(SyntheticPpg.PLETH).orElseThrow().samples();
        for (int j = 0; j < ir.length; j++) {
            assertEquals(params.adcMin() + params.adcMax() - ir[j], pleth[j], "sample " + j);
        }
    }

    @Test
    void cleanPresetIsGoodThroughout() {
        Recording rec = SyntheticPpg.generate(SyntheticPpgParams.healthyAdult(8));
        for (double q : SyntheticPpgPhysiologyTest.label(rec, SyntheticPpg.QUALITY).values()) {
            assertEquals(SyntheticPpg.QUALITY_GOOD, q);
        }
    }

    /** Artefacts draw from their own random streams: adding them leaves the physiology untouched. */
    @Test
    void artefactsDoNotMoveThePhysiology() {
        SyntheticPpgParams clean = SyntheticPpgParams.healthyAdult(10);
        SyntheticPpgParams noisy = clean.toBuilder().optMotionEventsPerMinute(3).optClippingEventsPerMinute(1)
                .optFlatLineEventsPerMinute(0.5).build();
        Recording a = SyntheticPpg.generate(clean);
        Recording b = SyntheticPpg.generate(noisy);
        for (String name : new String[] {SyntheticPpg.HR, SyntheticPpg.RR, SyntheticPpg.SPO2, SyntheticPpg.AF}) {
            assertArrayEquals(SyntheticPpgPhysiologyTest.label(a, name).values(),
                    SyntheticPpgPhysiologyTest.label(b, name).values(), name);
        }
        assertFalse(Arrays.equals(a.channel(SyntheticPpg.IR).orElseThrow().samples(),
                b.channel(SyntheticPpg.IR).orElseThrow().samples()));
    }

    /**
     * Motion changes the light path at both wavelengths alike, so the ratio of ratios measured during a
     * strong artefact moves from the arterial value (about 0.48 at 98 %) towards 1.
     */
    @Test
    void motionPullsTheRatioOfRatiosTowardsOne() {
        SyntheticPpgParams params = SyntheticPpgParams.healthyAdult(12).toBuilder()
                .optMotionEventsPerMinute(3).optMotionDurationSeconds(8).optMotionAmplitude(10).build();
        Recording rec = SyntheticPpg.generate(params);
        double fs = params.samplingRateHz();
        float[] red = rec.channel(SyntheticPpg.RED).orElseThrow().samples();
        float[] ir = rec.channel(SyntheticPpg.IR).orElseThrow().samples();
        double[] quality = SyntheticPpgPhysiologyTest.label(rec, SyntheticPpg.QUALITY).values();
        double motionRatio = 0;
        double cleanRatio = 0;
        int motionSeconds = 0;
        int cleanSeconds = 0;
        for (int i = 0; i < quality.length; i++) {
            int from = (int) Math.ceil(i * fs);
            int to = (int) Math.ceil((i + 1) * fs);
            double r = relativeSpread(red, from, to) / relativeSpread(ir, from, to);
            if (quality[i] == SyntheticPpg.QUALITY_ACCEPTABLE && middleOfRun(quality, i)) {
                motionRatio += r;
                motionSeconds++;
            } else if (quality[i] == SyntheticPpg.QUALITY_GOOD) {
                cleanRatio += r;
                cleanSeconds++;
            }
        }
        motionRatio /= motionSeconds;
        cleanRatio /= cleanSeconds;
        System.out.printf("motion: ratio of ratios %.2f in motion (%d s), %.2f clean (%d s); expected clean %.2f%n",
                motionRatio, motionSeconds, cleanRatio, cleanSeconds, SyntheticPpgParams.ratioOfRatios(98));
        assertEquals(SyntheticPpgParams.ratioOfRatios(98), cleanRatio, 0.08);
        assertEquals(1.0, motionRatio, 0.15);
    }

    /** True when the seconds either side have the same quality (the height of an artefact, not its edge). */
    private static boolean middleOfRun(double[] quality, int i) {
        return i > 0 && i + 1 < quality.length && quality[i - 1] == quality[i] && quality[i + 1] == quality[i];
    }

    /** Standard deviation over mean of samples [from, to). */
    private static double relativeSpread(float[] x, int from, int to) {
        double sum = 0;
        for (int j = from; j < to; j++) {
            sum += x[j];
        }
        double mean = sum / (to - from);
        double ss = 0;
        for (int j = from; j < to; j++) {
            ss += (x[j] - mean) * (x[j] - mean);
        }
        return Math.sqrt(ss / (to - from)) / mean;
    }

    private static void mark(boolean[] seconds, int sample, double fs) {
        int second = (int) Math.floor(sample / fs);
        if (second < seconds.length) {
            seconds[second] = true;
        }
    }
}
