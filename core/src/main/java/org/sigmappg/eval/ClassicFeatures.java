package org.sigmappg.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.signal.WindowLevels;

/**
 * Hand-crafted features of each window's waveform, the classic comparator of the evaluation. Most are
 * computed on the pre-processed window (band-passed 0.5-8 Hz, 50 Hz, min-max scaled to [0, 1]); the
 * perfusion and respiratory ones need the slow and steady components that band-pass removed and are
 * computed on the record's RAW PPG channel over the same span. A feature that cannot be computed on a
 * window (too few beats, a window too short for the breathing band) is NaN; the linear head replaces NaN
 * by the training fold's median ({@link Standardiser}).
 *
 * <p>Beats: systolic peaks are local maxima above the window's median, at least 0.3 s apart (200 bpm;
 * the higher of two closer peaks wins); a beat's foot is the minimum between the previous peak (or 1 s
 * before) and its peak; peak times are refined to a fraction of a sample by a parabola. The features, in
 * column order:
 * <ol>
 *   <li>{@code hr_peaks_bpm}: 60 / median interval between systolic peaks (needs 2 peaks);
 *   <li>{@code hr_autocorr_bpm}: 60 / the beat lag of the normalised autocorrelation between 0.3 and 1.7 s
 *       (35-200 bpm; the shortest lag whose peak reaches 85 % of the highest), refined by a parabola; works on
 *       windows with under two full beats;
 *   <li>{@code pulse_amplitude}: median foot-to-peak amplitude (in units of the window's range);
 *   <li>{@code rise_time_s}: median foot-to-peak (crest) time;
 *   <li>{@code pulse_width_s}: median pulse width at half its foot-to-peak amplitude;
 *   <li>{@code ibi_cv}: coefficient of variation of the peak intervals (irregular rhythm such as AF; needs 3 peaks);
 *   <li>{@code skewness_sqi}: skewness of the window, the skewness signal-quality index (Elgendi 2016);
 *   <li>{@code kurtosis_sqi}: kurtosis (non-excess) of the window, the kurtosis quality index;
 *   <li>{@code periodicity}: the normalised autocorrelation at that beat lag, a signal-quality index (a clean
 *       regular pulse scores near 1, noise and artefacts low);
 *   <li>{@code perfusion_index_pct}: 100 x (95th - 5th percentile) / |median| of the raw channel over the
 *       window, a perfusion-index-like AC/DC ratio (meaningful for DC-coupled raw intensity signals);
 *   <li>{@code resp_power_fraction}: share of the raw window's power (linear trend removed, Hann window)
 *       in the respiratory band 0.1-0.5 Hz out of 0.1-5 Hz (needs 10 s);
 *   <li>{@code resp_rate_bpm}: 60 x the frequency of the largest raw-spectrum peak in 0.1-0.7 Hz (6-42
 *       breaths/min; baseline and amplitude modulation by breathing; needs 10 s);
 *   <li>{@code flagged_fraction}: share of the window's samples in flat lines or clipped runs (import QC).
 * </ol>
 *
 * <p>These are computed on the dataset's first PPG channel. A dataset imported with its channels' DC levels and AC
 * amplitudes ({@link WindowLevels}, kept per window and channel since several channels could be kept) gains, after
 * them, {@code ac_dc_CH} for every channel CH (AC / DC, the perfusion index as a fraction, from the stored levels) and
 * {@code ac_dc_ratio_A_B} for every pair of channels A before B (the ratio of their AC / DC: for red over infrared
 * the pulse oximeter's ratio of ratios).
 */
public final class ClassicFeatures {
    /** Column names, in order. */
    public static final List<String> NAMES = List.of("hr_peaks_bpm", "hr_autocorr_bpm", "pulse_amplitude", "rise_time_s",
            "pulse_width_s", "ibi_cv", "skewness_sqi", "kurtosis_sqi", "periodicity", "perfusion_index_pct",
            "resp_power_fraction", "resp_rate_bpm", "flagged_fraction");

    private static final double MIN_PEAK_DISTANCE_S = 0.3;
    private static final double MAX_FOOT_SEARCH_S = 1.0;
    private static final double MIN_LAG_S = 0.3;
    private static final double MAX_LAG_S = 1.7;
    private static final double MIN_RESPIRATORY_WINDOW_S = 10;

    private ClassicFeatures() {
    }

    /** The column names of the feature matrix of dataset {@code d}: {@link #NAMES}, then those of its channels' levels. */
    public static List<String> names(Catalogue catalogue, DatasetInfo d) throws IOException {
        List<String> out = new ArrayList<>(NAMES);
        if (!catalogue.windowLevels(d).isEmpty()) {
            out.addAll(levelNames(d.channels()));
        }
        return out;
    }

    /** The names of the level columns of channels {@code channels}: each channel's AC / DC, then each pair's ratio. */
    static List<String> levelNames(List<String> channels) {
        List<String> out = new ArrayList<>();
        for (String c : channels) {
            out.add("ac_dc_" + c);
        }
        for (int a = 0; a < channels.size(); a++) {
            for (int b = a + 1; b < channels.size(); b++) {
                out.add("ac_dc_ratio_" + channels.get(a) + "_" + channels.get(b));
            }
        }
        return out;
    }

    /** The level columns of one window: each channel's AC / DC, then each pair's ratio (NaN where not defined). */
    static double[] levelFeatures(WindowLevels[] levels) {
        int n = levels.length;
        double[] out = new double[n + n * (n - 1) / 2];
        for (int c = 0; c < n; c++) {
            out[c] = levels[c] == null ? Double.NaN : levels[c].perfusionIndex();
        }
        int k = n;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                out[k++] = out[a] / out[b];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.isFinite(out[i]) ? out[i] : Double.NaN;
        }
        return out;
    }

    /** The feature matrix [windows][features] of {@code windows} of dataset {@code d}, in the order of {@link #names}. */
    public static double[][] matrix(Catalogue catalogue, DatasetInfo d, List<WindowInfo> windows) throws IOException {
        WindowCache cache = catalogue.openCache(d);
        Map<Long, WindowLevels[]> levels = catalogue.windowLevels(d);
        Map<Long, RecordInfo> records = new HashMap<>();
        for (RecordInfo r : catalogue.records(d.id())) {
            records.put(r.id(), r);
        }
        Map<Long, float[]> raw = new HashMap<>();
        double[][] out = new double[windows.size()][];
        for (int i = 0; i < windows.size(); i++) {
            WindowInfo w = windows.get(i);
            RecordInfo r = records.get(w.recordId());
            float[] rawSignal = raw.computeIfAbsent(w.recordId(), id -> readRaw(cache, r));
            float[] samples = cache.samples(w.sampleOffset(), w.validSamples());
            int rawStart = (int) Math.round(w.startSample() * r.fs() / d.fs());
            int rawLength = (int) Math.round(w.validSamples() * r.fs() / d.fs());
            float[] rawWindow = rawSignal.length == 0 ? new float[0]
                    : Arrays.copyOfRange(rawSignal, Math.min(rawStart, rawSignal.length), Math.min(rawSignal.length, rawStart + rawLength));
            double[] base = of(samples, d.fs(), rawWindow, r.fs(), w.flat() + w.clipped());
            if (levels.isEmpty()) {
                out[i] = base;
            } else {
                double[] extra = levelFeatures(levels.getOrDefault(w.id(), new WindowLevels[d.channels().size()]));
                out[i] = Arrays.copyOf(base, base.length + extra.length);
                System.arraycopy(extra, 0, out[i], base.length, extra.length);
            }
        }
        return out;
    }

    private static float[] readRaw(WindowCache cache, RecordInfo r) {
        try {
            return cache.signal(r.rawSignalFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("dataset cache " + cache.directory() + ": cannot read the raw signal of record "
                    + r.name() + " (" + e.getMessage() + "); re-import the dataset", e);
        }
    }

    /**
     * The features of one window.
     *
     * @param x the pre-processed window's signal samples (no padding)
     * @param fs their rate
     * @param raw the raw channel over the same span (may be empty when the cache holds no raw signal)
     * @param rawFs the raw channel's rate
     * @param flaggedFraction share of the window's samples flagged flat or clipped at import
     */
    public static double[] of(float[] x, double fs, float[] raw, double rawFs, double flaggedFraction) {
        double[] f = new double[NAMES.size()];
        Arrays.fill(f, Double.NaN);
        int n = x.length;
        Beats beats = beats(x, fs);
        double[] intervals = new double[Math.max(0, beats.peaks.length - 1)];
        for (int k = 1; k < beats.peaks.length; k++) {
            intervals[k - 1] = (refined(x, beats.peaks[k]) - refined(x, beats.peaks[k - 1])) / fs;
        }
        if (intervals.length >= 1) {
            f[0] = 60 / median(intervals);
        }
        double[] ac = autocorrelation(x, fs);
        f[1] = ac[0];
        List<Double> amplitude = new ArrayList<>();
        List<Double> rise = new ArrayList<>();
        List<Double> width = new ArrayList<>();
        for (int k = 0; k < beats.peaks.length; k++) {
            int peak = beats.peaks[k];
            int foot = beats.feet[k];
            if (foot < 0 || foot >= peak) {
                continue;
            }
            double a = x[peak] - x[foot];
            amplitude.add(a);
            rise.add((peak - foot) / fs);
            double half = x[foot] + a / 2;
            int left = peak;
            while (left > foot && x[left] > half) {
                left--;
            }
            int end = k + 1 < beats.peaks.length ? beats.peaks[k + 1] : Math.min(n - 1, peak + (int) Math.round(MAX_FOOT_SEARCH_S * fs));
            int right = peak;
            while (right < end && x[right] > half) {
                right++;
            }
            if (x[left] <= half && right <= end && x[right] <= half) {
                width.add((right - left) / fs);
            }
        }
        f[2] = medianOf(amplitude);
        f[3] = medianOf(rise);
        f[4] = medianOf(width);
        if (intervals.length >= 2) {
            double mean = Arrays.stream(intervals).average().orElse(Double.NaN);
            double ss = 0;
            for (double v : intervals) {
                ss += (v - mean) * (v - mean);
            }
            f[5] = Math.sqrt(ss / (intervals.length - 1)) / mean;
        }
        double[] m = moments(x);
        f[6] = m[1] > 0 ? m[2] / Math.pow(m[1], 1.5) : Double.NaN;
        f[7] = m[1] > 0 ? m[3] / (m[1] * m[1]) : Double.NaN;
        f[8] = ac[1];
        double[] r = finite(raw);
        if (r.length >= 2) {
            double[] q = percentiles(r, 0.05, 0.5, 0.95);
            f[9] = Math.abs(q[1]) > 0 ? 100 * (q[2] - q[0]) / Math.abs(q[1]) : Double.NaN;
            if (r.length / rawFs >= MIN_RESPIRATORY_WINDOW_S) {
                double[] detrended = hann(detrend(r));
                double respiratory = bandPower(detrended, rawFs, 0.1, 0.5);
                double total = bandPower(detrended, rawFs, 0.1, 5);
                f[10] = total > 0 ? respiratory / total : Double.NaN;
                f[11] = 60 * peakFrequency(detrended, rawFs, 0.1, 0.7);
            }
        }
        f[12] = flaggedFraction;
        return f;
    }

    /** Systolic peaks and their feet (sample indices). */
    private record Beats(int[] peaks, int[] feet) {
    }

    private static Beats beats(float[] x, double fs) {
        int n = x.length;
        double threshold = median(toDouble(x));
        List<Integer> candidates = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            if (x[i] > x[i - 1] && x[i] >= x[i + 1] && x[i] > threshold) {
                candidates.add(i);
            }
        }
        int minDistance = (int) Math.round(MIN_PEAK_DISTANCE_S * fs);
        // Highest first: a peak survives unless a higher one lies closer than the minimum distance.
        candidates.sort((a, b) -> Float.compare(x[b], x[a]));
        boolean[] taken = new boolean[n];
        List<Integer> kept = new ArrayList<>();
        for (int c : candidates) {
            boolean free = true;
            for (int j = Math.max(0, c - minDistance + 1); j < Math.min(n, c + minDistance); j++) {
                if (taken[j]) {
                    free = false;
                    break;
                }
            }
            if (free) {
                taken[c] = true;
                kept.add(c);
            }
        }
        int[] peaks = kept.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] feet = new int[peaks.length];
        int maxSearch = (int) Math.round(MAX_FOOT_SEARCH_S * fs);
        for (int k = 0; k < peaks.length; k++) {
            int from = k > 0 ? peaks[k - 1] : Math.max(0, peaks[k] - maxSearch);
            from = Math.max(from, peaks[k] - maxSearch);
            int foot = -1;
            for (int i = from; i < peaks[k]; i++) {
                if (foot < 0 || x[i] < x[foot]) {
                    foot = i;
                }
            }
            // A minimum at the window's first sample belongs to a beat cut off by the window edge, not a real foot.
            feet[k] = foot == 0 ? -1 : foot;
        }
        return new Beats(peaks, feet);
    }

    /** A peak's position refined to a fraction of a sample by a parabola through it and its neighbours (50 Hz is coarse for intervals). */
    private static double refined(float[] x, int i) {
        if (i <= 0 || i >= x.length - 1) {
            return i;
        }
        double denominator = x[i - 1] - 2.0 * x[i] + x[i + 1];
        return denominator < 0 ? i + 0.5 * (x[i - 1] - x[i + 1]) / denominator : i;
    }

    /**
     * The beat lag from the normalised autocorrelation: the shortest lag whose local maximum reaches 85 % of
     * the highest one in range (so a lag of two beats, as high as one beat's on a regular rhythm, is not
     * taken), refined by a parabola through its neighbours.
     *
     * @return {rate in bpm, autocorrelation at that lag}, NaN when the window is too short or aperiodic
     */
    private static double[] autocorrelation(float[] x, double fs) {
        int n = x.length;
        int minLag = (int) Math.round(MIN_LAG_S * fs);
        int maxLag = Math.min((int) Math.round(MAX_LAG_S * fs), (int) (0.8 * n));
        double[] none = {Double.NaN, Double.NaN};
        if (maxLag <= minLag + 1) {
            return none;
        }
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= n;
        double[] ac = new double[maxLag + 2];
        for (int lag = 0; lag <= maxLag + 1 && lag < n; lag++) {
            double sum = 0;
            double ea = 0;
            double eb = 0;
            for (int i = 0; i + lag < n; i++) {
                double a = x[i] - mean;
                double b = x[i + lag] - mean;
                sum += a * b;
                ea += a * a;
                eb += b * b;
            }
            // Normalised per lag so short overlaps at long lags are not penalised.
            ac[lag] = ea > 0 && eb > 0 ? sum / Math.sqrt(ea * eb) : 0;
        }
        double highest = 0;
        for (int lag = minLag; lag <= maxLag; lag++) {
            if (ac[lag] > ac[lag - 1] && ac[lag] >= ac[lag + 1]) {
                highest = Math.max(highest, ac[lag]);
            }
        }
        if (!(highest > 0)) {
            return none;
        }
        for (int lag = minLag; lag <= maxLag; lag++) {
            if (ac[lag] > ac[lag - 1] && ac[lag] >= ac[lag + 1] && ac[lag] >= 0.85 * highest) {
                double denominator = ac[lag - 1] - 2 * ac[lag] + ac[lag + 1];
                double shift = denominator != 0 ? 0.5 * (ac[lag - 1] - ac[lag + 1]) / denominator : 0;
                return new double[] {60 * fs / (lag + Math.max(-0.5, Math.min(0.5, shift))), ac[lag]};
            }
        }
        return none;
    }

    private static double bandPower(double[] x, double fs, double low, double high) {
        double step = fs / x.length;
        double sum = 0;
        for (double f = Math.ceil(low / step) * step; f <= high; f += step) {
            sum += power(x, fs, f);
        }
        return sum;
    }

    private static double peakFrequency(double[] x, double fs, double low, double high) {
        double step = Math.min(0.01, fs / x.length / 4);
        double best = -1;
        double frequency = Double.NaN;
        for (double f = low; f <= high; f += step) {
            double p = power(x, fs, f);
            if (p > best) {
                best = p;
                frequency = f;
            }
        }
        return frequency;
    }

    /** |DFT|^2 of {@code x} at frequency {@code f} (a direct sum: only a few frequencies are needed). */
    private static double power(double[] x, double fs, double f) {
        double w = 2 * Math.PI * f / fs;
        double re = 0;
        double im = 0;
        // A rotating phasor instead of n sin/cos calls, renormalised so rounding cannot grow.
        double c = Math.cos(w);
        double s = Math.sin(w);
        double pr = 1;
        double pi = 0;
        for (int i = 0; i < x.length; i++) {
            re += x[i] * pr;
            im -= x[i] * pi;
            double nr = pr * c - pi * s;
            pi = pr * s + pi * c;
            pr = nr;
            if ((i & 255) == 255) {
                double norm = Math.hypot(pr, pi);
                pr /= norm;
                pi /= norm;
            }
        }
        return re * re + im * im;
    }

    private static double[] detrend(double[] x) {
        int n = x.length;
        double mt = (n - 1) / 2.0;
        double mx = 0;
        for (double v : x) {
            mx += v;
        }
        mx /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mt) * (x[i] - mx);
            sxx += (i - mt) * (i - mt);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[i] - mx - slope * (i - mt);
        }
        return out;
    }

    private static double[] hann(double[] x) {
        int n = x.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * (n > 1 ? 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)) : 1);
        }
        return out;
    }

    /** Mean, then the 2nd, 3rd and 4th central moments (divisor n). */
    private static double[] moments(float[] x) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= x.length;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (float v : x) {
            double d = v - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        return new double[] {mean, m2 / x.length, m3 / x.length, m4 / x.length};
    }

    private static double[] finite(float[] x) {
        double[] out = new double[x.length];
        int n = 0;
        for (float v : x) {
            if (Float.isFinite(v)) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static double[] percentiles(double[] x, double... qs) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] out = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            out[i] = SubjectBootstrap.quantile(sorted, qs[i]);
        }
        return out;
    }

    private static double median(double[] x) {
        return x.length == 0 ? Double.NaN : percentiles(x, 0.5)[0];
    }

    private static double medianOf(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
