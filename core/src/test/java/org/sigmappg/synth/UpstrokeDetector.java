package org.sigmappg.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain pulse detector for the tests, sharing nothing with the generator: a beat is the steepest point
 * of a systolic upstroke, a local maximum of the slope that reaches half the largest slope within 1.5 s
 * either side (the diastolic rise is far gentler), with a 0.25 s refractory period.
 */
final class UpstrokeDetector {
    private static final double SMOOTH_SECONDS = 0.05;
    private static final double NEIGHBOURHOOD_SECONDS = 1.5;
    private static final double RELATIVE_THRESHOLD = 0.5;
    private static final double REFRACTORY_SECONDS = 0.25;

    private UpstrokeDetector() {
    }

    /** Sample indices of the systolic upstrokes of a signal whose pulses point up. */
    static int[] upstrokes(float[] signal, double fs) {
        int n = signal.length;
        double[] smooth = movingAverage(signal, Math.max(1, (int) Math.round(SMOOTH_SECONDS * fs) | 1));
        double[] slope = new double[n];
        for (int i = 1; i < n - 1; i++) {
            slope[i] = (smooth[i + 1] - smooth[i - 1]) / 2;
        }
        int half = (int) Math.round(NEIGHBOURHOOD_SECONDS * fs);
        int refractory = (int) Math.round(REFRACTORY_SECONDS * fs);
        List<Integer> beats = new ArrayList<>();
        for (int i = 2; i < n - 2; i++) {
            if (!(slope[i] > 0 && slope[i] >= slope[i - 1] && slope[i] > slope[i + 1])) {
                continue;
            }
            double largest = 0;
            for (int j = Math.max(0, i - half); j < Math.min(n, i + half + 1); j++) {
                largest = Math.max(largest, slope[j]);
            }
            if (slope[i] < RELATIVE_THRESHOLD * largest) {
                continue;
            }
            int last = beats.isEmpty() ? -1 : beats.get(beats.size() - 1);
            if (last >= 0 && i - last < refractory) {
                if (slope[i] > slope[last]) {
                    beats.set(beats.size() - 1, i);
                }
            } else {
                beats.add(i);
            }
        }
        return beats.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Intervals between successive beats, in seconds. */
    static double[] intervals(int[] beats, double fs) {
        double[] rr = new double[beats.length - 1];
        for (int k = 0; k + 1 < beats.length; k++) {
            rr[k] = (beats[k + 1] - beats[k]) / fs;
        }
        return rr;
    }

    /**
     * Pulse amplitude of each inner beat: highest sample from its upstroke to halfway to the next, minus
     * the lowest from halfway back to the previous one. Element k belongs to beat k + 1.
     */
    static double[] amplitudes(float[] signal, int[] beats) {
        double[] amplitude = new double[beats.length - 2];
        for (int k = 1; k + 1 < beats.length; k++) {
            double peak = Double.NEGATIVE_INFINITY;
            for (int j = beats[k]; j <= (beats[k] + beats[k + 1]) / 2; j++) {
                peak = Math.max(peak, signal[j]);
            }
            double foot = Double.POSITIVE_INFINITY;
            for (int j = (beats[k - 1] + beats[k]) / 2; j <= beats[k]; j++) {
                foot = Math.min(foot, signal[j]);
            }
            amplitude[k - 1] = peak - foot;
        }
        return amplitude;
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    static double coefficientOfVariation(double[] x) {
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1)) / m;
    }

    private static double[] movingAverage(float[] x, int width) {
        int half = width / 2;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double sum = 0;
            int count = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(x.length - 1, i + half); j++) {
                sum += x[j];
                count++;
            }
            y[i] = sum / count;
        }
        return y;
    }
}
