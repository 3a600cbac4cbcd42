package org.sigmappg.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Percentile bootstrap confidence intervals that resample SUBJECTS with replacement (a cluster bootstrap):
 * a drawn subject brings all of its units (windows, records, or itself), so windows of one person, which
 * are not independent, never count as independent evidence. Resamples on which a figure is undefined
 * (e.g. AUROC when the draw holds one class only) are left out of that figure's interval, and the number
 * of resamples that did count is kept with it. A discrete figure (a grade) gets the order statistics on
 * either side of the percentile, so the interval ends on values it can take.
 */
public final class SubjectBootstrap {
    private final List<int[]> unitsBySubject;
    private final int units;

    /** A two-sided 95 % percentile interval and the number of resamples it rests on. */
    public record Interval(double low, double high, int resamples) {
    }

    /** @param unitSubjects the subject of each unit, in unit order */
    public SubjectBootstrap(List<String> unitSubjects) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < unitSubjects.size(); i++) {
            groups.computeIfAbsent(unitSubjects.get(i), k -> new ArrayList<>()).add(i);
        }
        unitsBySubject = new ArrayList<>();
        for (List<Integer> g : groups.values()) {
            unitsBySubject.add(g.stream().mapToInt(Integer::intValue).toArray());
        }
        units = unitSubjects.size();
    }

    public int subjects() {
        return unitsBySubject.size();
    }

    /** Every unit, in order: the point estimate's selection. */
    public int[] allUnits() {
        int[] out = new int[units];
        for (int i = 0; i < units; i++) {
            out[i] = i;
        }
        return out;
    }

    /**
     * 95 % intervals of every figure {@code figures} computes on a selection of unit indices.
     *
     * @param resamples number of bootstrap resamples (1000-2000 is usual)
     */
    public Map<Metric, Interval> intervals(Function<int[], Map<Metric, Double>> figures, int resamples, long seed) {
        Random random = new Random(seed);
        int s = unitsBySubject.size();
        Map<Metric, double[]> values = new EnumMap<>(Metric.class);
        Map<Metric, Integer> counts = new EnumMap<>(Metric.class);
        int[] buffer = new int[units * 2];
        for (int b = 0; b < resamples; b++) {
            int n = 0;
            for (int k = 0; k < s; k++) {
                int[] g = unitsBySubject.get(random.nextInt(s));
                if (n + g.length > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, n + g.length));
                }
                System.arraycopy(g, 0, buffer, n, g.length);
                n += g.length;
            }
            Map<Metric, Double> f = figures.apply(Arrays.copyOf(buffer, n));
            for (Map.Entry<Metric, Double> e : f.entrySet()) {
                double v = e.getValue();
                if (Double.isFinite(v)) {
                    double[] arr = values.computeIfAbsent(e.getKey(), m -> new double[resamples]);
                    int c = counts.getOrDefault(e.getKey(), 0);
                    arr[c] = v;
                    counts.put(e.getKey(), c + 1);
                }
            }
        }
        Map<Metric, Interval> out = new EnumMap<>(Metric.class);
        for (Map.Entry<Metric, double[]> e : values.entrySet()) {
            int c = counts.get(e.getKey());
            double[] sorted = Arrays.copyOf(e.getValue(), c);
            Arrays.sort(sorted);
            out.put(e.getKey(), e.getKey().discrete() ? new Interval(lowerQuantile(sorted, 0.025), higherQuantile(sorted, 0.975), c)
                    : new Interval(quantile(sorted, 0.025), quantile(sorted, 0.975), c));
        }
        return out;
    }

    /** The order statistic at or below position {@code q} (NumPy's method 'lower'): a value the figure took. */
    static double lowerQuantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    /** The order statistic at or above position {@code q} (NumPy's method 'higher'). */
    static double higherQuantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(q * (sorted.length - 1))];
    }

    /** Linear interpolation between order statistics (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
