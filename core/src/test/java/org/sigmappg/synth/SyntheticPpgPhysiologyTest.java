package org.sigmappg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.Recording;

/** Checks the labels against what independent estimators measure in the generated signals. */
class SyntheticPpgPhysiologyTest {

    static Stream<Arguments> sinusPresets() {
        return Stream.of(
                Arguments.of(SyntheticPpgParams.healthyAdult(11), 60.0),
                Arguments.of(SyntheticPpgParams.healthyAdult(12).toBuilder().optMeanHeartRateBpm(90).build(), 90.0),
                Arguments.of(SyntheticPpgParams.sinusTachycardia(13), 120.0),
                Arguments.of(SyntheticPpgParams.elderlyAdult(14), 72.0),
                Arguments.of(SyntheticPpgParams.desaturation(15), 66.0));
    }

    @ParameterizedTest
    @MethodSource("sinusPresets")
    void detectedHeartRateMatchesLabel(SyntheticPpgParams params, double nominalBpm) {
        Recording rec = SyntheticPpg.generate(params);
        Channel pleth = rec.channel(SyntheticPpg.PLETH).orElseThrow();
        double fs = pleth.fs();
        int[] beats = UpstrokeDetector.upstrokes(pleth.samples(), fs);
        double[] hr = label(rec, SyntheticPpg.HR).values();

        double detected = 60 * (beats.length - 1) / ((beats[beats.length - 1] - beats[0]) / fs);
        double labelled = UpstrokeDetector.mean(hr);
        System.out.printf("HR %s: detected %.2f bpm, label %.2f bpm, nominal %.0f%n",
                params.preset(), detected, labelled, nominalBpm);
        assertEquals(labelled, detected, 2.0, "whole recording");
        assertEquals(nominalBpm, labelled, 3.0, "label near the preset's mean rate");

        // Minute by minute too, so a label that is right only on average fails.
        for (int start = 0; start + 60 <= hr.length; start += 60) {
            double sumRr = 0;
            int count = 0;
            for (int k = 0; k + 1 < beats.length; k++) {
                if (beats[k] >= start * fs && beats[k + 1] < (start + 60) * fs) {
                    sumRr += (beats[k + 1] - beats[k]) / fs;
                    count++;
                }
            }
            double minuteLabel = 0;
            for (int i = start; i < start + 60; i++) {
                minuteLabel += hr[i] / 60;
            }
            assertEquals(minuteLabel, 60 * count / sumRr, 2.0, "minute starting at " + start + " s");
        }
    }

    static Stream<Arguments> breathingPresets() {
        return Stream.of(
                Arguments.of(SyntheticPpgParams.healthyAdult(21)),
                Arguments.of(SyntheticPpgParams.sinusTachycardia(22)),
                Arguments.of(SyntheticPpgParams.elderlyAdult(23)),
                Arguments.of(SyntheticPpgParams.desaturation(24)));
    }

    /** Breathing rate from the spectral peak of the beat-to-beat pulse amplitude (respiratory AM). */
    @ParameterizedTest
    @MethodSource("breathingPresets")
    void breathingRateFromAmplitudeModulationMatchesLabel(SyntheticPpgParams params) {
        Recording rec = SyntheticPpg.generate(params);
        Channel pleth = rec.channel(SyntheticPpg.PLETH).orElseThrow();
        double fs = pleth.fs();
        int[] beats = UpstrokeDetector.upstrokes(pleth.samples(), fs);
        double[] amplitude = UpstrokeDetector.amplitudes(pleth.samples(), beats);
        double[] times = new double[amplitude.length];
        for (int k = 0; k < amplitude.length; k++) {
            times[k] = beats[k + 1] / fs;
        }

        // Resample the irregular amplitude series evenly at 4 Hz, remove its mean, taper with Hann.
        double rate = 4;
        int m = (int) Math.floor((times[times.length - 1] - times[0]) * rate);
        double[] even = new double[m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            double t = times[0] + i / rate;
            while (times[k + 1] < t) {
                k++;
            }
            double w = (t - times[k]) / (times[k + 1] - times[k]);
            even[i] = amplitude[k] + w * (amplitude[k + 1] - amplitude[k]);
        }
        double mean = UpstrokeDetector.mean(even);
        for (int i = 0; i < m; i++) {
            even[i] = (even[i] - mean) * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (m - 1)));
        }
        // Direct DFT over the adult breathing band, 8-42 breaths/min, in steps of 0.05 breaths/min.
        double bestPower = -1;
        double bestPerMin = Double.NaN;
        for (double perMin = 8; perMin <= 42; perMin += 0.05) {
            double f = perMin / 60 / rate;
            double re = 0;
            double im = 0;
            for (int i = 0; i < m; i++) {
                re += even[i] * Math.cos(2 * Math.PI * f * i);
                im -= even[i] * Math.sin(2 * Math.PI * f * i);
            }
            double power = re * re + im * im;
            if (power > bestPower) {
                bestPower = power;
                bestPerMin = perMin;
            }
        }
        double labelled = UpstrokeDetector.mean(label(rec, SyntheticPpg.RR).values());
        System.out.printf("RR %s: AM spectral peak %.2f /min, label %.2f /min, nominal %.0f%n",
                params.preset(), bestPerMin, labelled, params.respiratoryRatePerMin());
        assertEquals(labelled, bestPerMin, 1.5);
        assertEquals(params.respiratoryRatePerMin(), labelled, 1.5, "label near the preset's mean rate");
    }

    static Stream<Arguments> oximetryPresets() {
        return Stream.of(
                Arguments.of(SyntheticPpgParams.healthyAdult(31)),
                Arguments.of(SyntheticPpgParams.elderlyAdult(32)),
                Arguments.of(SyntheticPpgParams.desaturation(33)),
                Arguments.of(SyntheticPpgParams.healthyAdult(34).toBuilder().optSpo2Percent(85).build()));
    }

    /**
     * SpO2 from the ratio of ratios measured per beat in the RED and IR channels (AC peak to trough, DC
     * the mean over the beat), median over 10 s windows, against the label over the same seconds.
     */
    @ParameterizedTest
    @MethodSource("oximetryPresets")
    void ratioOfRatiosGivesLabelledSpo2(SyntheticPpgParams params) {
        Recording rec = SyntheticPpg.generate(params);
        double fs = params.samplingRateHz();
        float[] red = rec.channel(SyntheticPpg.RED).orElseThrow().samples();
        float[] ir = rec.channel(SyntheticPpg.IR).orElseThrow().samples();
        int[] beats = UpstrokeDetector.upstrokes(rec.channel(SyntheticPpg.PLETH).orElseThrow().samples(), fs);
        double[] spo2 = label(rec, SyntheticPpg.SPO2).values();
        // The foot of a pulse lies shortly before its steepest rise.
        int lead = (int) Math.round(0.15 * fs);

        double worst = 0;
        double perfusion = 0;
        int windows = 0;
        for (int start = 0; start + 10 <= spo2.length; start += 10) {
            List<Double> ratios = new ArrayList<>();
            for (int k = 0; k + 1 < beats.length; k++) {
                int from = beats[k] - lead;
                int to = beats[k + 1] - lead;
                if (from < start * fs || to > (start + 10) * fs) {
                    continue;
                }
                double[] irStats = acDc(ir, from, to);
                double[] redStats = acDc(red, from, to);
                ratios.add((redStats[0] / redStats[1]) / (irStats[0] / irStats[1]));
                perfusion += irStats[0] / irStats[1];
            }
            double r = median(ratios);
            double measured = 110 - 25 * r;
            double labelled = 0;
            for (int i = start; i < start + 10; i++) {
                labelled += spo2[i] / 10;
            }
            worst = Math.max(worst, Math.abs(measured - labelled));
            windows += ratios.size();
            assertEquals(labelled, measured, 1.5, "10 s window from " + start + " s");
        }
        double pi = 100 * perfusion / windows;
        System.out.printf("SpO2 %s (%.0f %%): worst 10 s error %.2f %%, measured IR perfusion index %.2f %%%n",
                params.preset(), params.spo2Percent(), worst, pi);
        assertTrue(pi > 0.5 && pi < 5, "perfusion index " + pi + " % outside the realistic 0.5-5 %");
    }

    /**
     * The oxygen desaturation index counted on the label the clinical way (a fall of at least 3 % below
     * the highest value of the preceding 2 min, lasting at least 10 s) gives back the preset's event rate
     * over one hour, within Poisson scatter.
     */
    @Test
    void desaturationIndexMatchesEventRate() {
        SyntheticPpgParams params = SyntheticPpgParams.desaturation(41).toBuilder().optDurationSeconds(3600).build();
        double[] spo2 = label(SyntheticPpg.generate(params), SyntheticPpg.SPO2).values();
        int events = 0;
        int below = 0;
        double deepest = 0;
        for (int i = 0; i < spo2.length; i++) {
            double baseline = Double.NEGATIVE_INFINITY;
            for (int j = Math.max(0, i - 120); j <= i; j++) {
                baseline = Math.max(baseline, spo2[j]);
            }
            deepest = Math.max(deepest, baseline - spo2[i]);
            below = baseline - spo2[i] >= 3 ? below + 1 : 0;
            if (below == 10) {
                events++;
            }
        }
        System.out.printf("desaturation: ODI %d /h (preset %.0f /h), deepest fall %.1f %%%n",
                events, params.desaturationEventsPerHour(), deepest);
        // 40 events an hour with random gaps scatter by about 5 either way; shallow ones may not reach 3 %.
        assertTrue(events >= 25 && events <= 55, "ODI " + events);
        assertTrue(deepest > 5, "deepest fall " + deepest);
    }

    @Test
    void atrialFibrillationIsIrregularlyIrregular() {
        double sinus = rrVariation(SyntheticPpg.generate(SyntheticPpgParams.healthyAdult(51)), 0, 300);
        Recording afRecording = SyntheticPpg.generate(SyntheticPpgParams.atrialFibrillation(51));
        double af = rrVariation(afRecording, 0, 300);
        Channel pleth = afRecording.channel(SyntheticPpg.PLETH).orElseThrow();
        int[] beats = UpstrokeDetector.upstrokes(pleth.samples(), pleth.fs());
        double pulseRate = 60 * (beats.length - 1) / ((beats[beats.length - 1] - beats[0]) / pleth.fs());
        System.out.printf("AF: RR coefficient of variation sinus %.3f, AF %.3f; AF pulse rate %.1f bpm,"
                + " ventricular rate label %.1f bpm (difference is the pulse deficit)%n", sinus, af, pulseRate,
                UpstrokeDetector.mean(label(afRecording, SyntheticPpg.HR).values()));
        assertTrue(sinus < 0.06, "sinus CV " + sinus);
        assertTrue(af > 0.1, "AF CV " + af);
    }

    @Test
    void paroxysmalEpisodeIsLabelledWhereItIs() {
        SyntheticPpgParams params = SyntheticPpgParams.healthyAdult(61).toBuilder()
                .optAfOnsetSeconds(100).optAfDurationSeconds(100).build();
        Recording rec = SyntheticPpg.generate(params);
        double[] af = label(rec, SyntheticPpg.AF).values();
        for (int i = 0; i < af.length; i++) {
            assertEquals(i >= 100 && i < 200 ? 1.0 : 0.0, af[i], "second " + i);
        }
        double before = rrVariation(rec, 5, 95);
        double during = rrVariation(rec, 105, 195);
        double after = rrVariation(rec, 205, 295);
        System.out.printf("paroxysmal AF: RR CV before %.3f, during %.3f, after %.3f%n", before, during, after);
        assertTrue(before < 0.06 && after < 0.06, "sinus CV " + before + ", " + after);
        assertTrue(during > 0.1, "AF CV " + during);
    }

    /**
     * Young arteries: the ensemble-averaged pulse has a dicrotic notch, and the time from systolic to
     * diastolic peak gives back body height / stiffness index. Stiff arteries: the notch is gone.
     */
    @Test
    void stiffnessMovesTheReflectedWave() {
        SyntheticPpgParams young = SyntheticPpgParams.healthyAdult(71);
        double fs = young.samplingRateHz();
        int window = (int) Math.round(0.45 * fs);
        double[] pulse = ensemblePulse(SyntheticPpg.generate(young));
        int systolic = argMax(pulse, 0, pulse.length);
        int notch = notch(pulse, systolic, window);
        assertTrue(notch > 0, "no dicrotic notch in the young pulse");
        int diastolic = argMax(pulse, notch, systolic + window);
        double measuredDelay = (diastolic - systolic) / fs;
        double expectedDelay = young.bodyHeightMeters() / young.stiffnessIndexMetersPerSecond();
        System.out.printf("morphology: systolic-to-diastolic peak %.3f s (height/SI %.3f s), SI %.1f m/s%n",
                measuredDelay, expectedDelay, young.bodyHeightMeters() / measuredDelay);
        assertEquals(expectedDelay, measuredDelay, 0.035);

        double[] stiffPulse = ensemblePulse(SyntheticPpg.generate(SyntheticPpgParams.elderlyAdult(72)));
        assertEquals(-1, notch(stiffPulse, argMax(stiffPulse, 0, stiffPulse.length), window), "notch in the stiff pulse");
    }

    /** Mean PLETH pulse from 0.3 s before to 0.75 s after each upstroke, each beat scaled to 0-1. */
    private static double[] ensemblePulse(Recording rec) {
        Channel pleth = rec.channel(SyntheticPpg.PLETH).orElseThrow();
        double fs = pleth.fs();
        int before = (int) Math.round(0.3 * fs);
        int after = (int) Math.round(0.75 * fs);
        int[] beats = UpstrokeDetector.upstrokes(pleth.samples(), fs);
        double[] mean = new double[before + after];
        for (int k = 1; k + 1 < beats.length; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < mean.length; j++) {
                double v = pleth.samples()[beats[k] - before + j];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (int j = 0; j < mean.length; j++) {
                mean[j] += (pleth.samples()[beats[k] - before + j] - lo) / (hi - lo) / (beats.length - 2);
            }
        }
        return mean;
    }

    private static int argMax(double[] x, int from, int to) {
        int best = from;
        for (int i = from; i < Math.min(to, x.length); i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The first local minimum within {@code window} samples after {@code from} that the pulse climbs
     * back from, inside the window, by at least 1 % of its height; -1 if there is none.
     */
    private static int notch(double[] pulse, int from, int window) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : pulse) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int end = Math.min(pulse.length, from + window);
        for (int i = from + 1; i < end - 1; i++) {
            if (pulse[i] < pulse[i - 1] && pulse[i] <= pulse[i + 1]
                    && pulse[argMax(pulse, i, end)] - pulse[i] > 0.01 * (hi - lo)) {
                return i;
            }
        }
        return -1;
    }

    private static double rrVariation(Recording rec, double fromSeconds, double toSeconds) {
        Channel pleth = rec.channel(SyntheticPpg.PLETH).orElseThrow();
        double fs = pleth.fs();
        int[] beats = UpstrokeDetector.upstrokes(pleth.samples(), fs);
        List<Double> rr = new ArrayList<>();
        for (int k = 0; k + 1 < beats.length; k++) {
            if (beats[k] >= fromSeconds * fs && beats[k + 1] < toSeconds * fs) {
                rr.add((beats[k + 1] - beats[k]) / fs);
            }
        }
        return UpstrokeDetector.coefficientOfVariation(rr.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** {peak-to-trough, mean} of samples [from, to). */
    private static double[] acDc(float[] x, int from, int to) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int j = from; j < to; j++) {
            lo = Math.min(lo, x[j]);
            hi = Math.max(hi, x[j]);
            sum += x[j];
        }
        return new double[] {hi - lo, sum / (to - from)};
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int h = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    static LabelSeries label(Recording rec, String name) {
        return rec.labels().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }
}
