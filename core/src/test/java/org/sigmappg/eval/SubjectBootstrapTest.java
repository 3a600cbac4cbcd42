package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Subject-level bootstrap: intervals contain the estimate, shrink with more subjects, and respect clusters. */
class SubjectBootstrapTest {

    /** Units of {@code subjects} subjects, {@code perSubject} each; each subject has its own offset (clustered errors). */
    private record Table(List<String> subjects, double[] reference, double[] predicted) {
    }

    private static Table table(int subjects, int perSubject, long seed) {
        Random r = new Random(seed);
        List<String> s = new ArrayList<>();
        double[] ref = new double[subjects * perSubject];
        double[] pred = new double[subjects * perSubject];
        for (int i = 0; i < subjects; i++) {
            double offset = 4 * r.nextGaussian();
            for (int k = 0; k < perSubject; k++) {
                int u = i * perSubject + k;
                s.add("S" + i);
                ref[u] = 120 + 15 * r.nextGaussian();
                pred[u] = ref[u] + offset + 2 * r.nextGaussian();
            }
        }
        return new Table(s, ref, pred);
    }

    private static Function<int[], Map<Metric, Double>> figures(Table t) {
        return units -> RegressionMetrics.all(t.reference(), t.predicted(), units, false);
    }

    @Test
    void intervalsContainTheEstimateAndShrinkWithMoreSubjects() {
        Table small = table(20, 3, 1);
        Table large = table(400, 3, 2);
        SubjectBootstrap bs = new SubjectBootstrap(small.subjects());
        Map<Metric, Double> point = figures(small).apply(bs.allUnits());
        Map<Metric, SubjectBootstrap.Interval> ci = bs.intervals(figures(small), 1000, 7);
        for (Metric m : Metric.REGRESSION) {
            SubjectBootstrap.Interval i = ci.get(m);
            assertTrue(i.low() <= point.get(m) && point.get(m) <= i.high(), m + ": " + point.get(m) + " outside " + i);
            assertEquals(1000, i.resamples());
        }
        SubjectBootstrap bl = new SubjectBootstrap(large.subjects());
        Map<Metric, SubjectBootstrap.Interval> ciLarge = bl.intervals(figures(large), 1000, 7);
        for (Metric m : List.of(Metric.MAE, Metric.RMSE, Metric.BA_BIAS)) {
            double wSmall = ci.get(m).high() - ci.get(m).low();
            double wLarge = ciLarge.get(m).high() - ciLarge.get(m).low();
            // Width falls as 1/sqrt(subjects): 20 -> 400 subjects should narrow it about 4.5 times.
            assertTrue(wLarge < wSmall / 2.5, m + ": width " + wSmall + " -> " + wLarge);
        }
    }

    @Test
    void resamplingSubjectsIsWiderThanPretendingWindowsAreIndependent() {
        // Ten windows per subject that share the subject's offset: the bias interval must reflect 30 subjects, not 300 windows.
        Table t = table(30, 10, 3);
        List<String> windowsAsSubjects = new ArrayList<>();
        for (int i = 0; i < t.subjects().size(); i++) {
            windowsAsSubjects.add("W" + i);
        }
        SubjectBootstrap.Interval clustered = new SubjectBootstrap(t.subjects()).intervals(figures(t), 1000, 5).get(Metric.BA_BIAS);
        SubjectBootstrap.Interval naive = new SubjectBootstrap(windowsAsSubjects).intervals(figures(t), 1000, 5).get(Metric.BA_BIAS);
        assertTrue(clustered.high() - clustered.low() > 1.8 * (naive.high() - naive.low()), clustered + " vs " + naive);
    }

    @Test
    void sameSeedGivesTheSameIntervalsAndUndefinedResamplesAreLeftOut() {
        Table t = table(15, 2, 4);
        SubjectBootstrap bs = new SubjectBootstrap(t.subjects());
        assertEquals(bs.intervals(figures(t), 500, 11), bs.intervals(figures(t), 500, 11));
        // Two subjects, one per class: about half of the resamples hold one class only, where AUROC is undefined.
        SubjectBootstrap two = new SubjectBootstrap(List.of("A", "B"));
        int[] truth = {0, 1};
        double[][] p = {{0.8, 0.2}, {0.3, 0.7}};
        SubjectBootstrap.Interval auroc = two.intervals(u -> ClassificationMetrics.all(truth, p, 2, u), 1000, 3).get(Metric.AUROC);
        assertTrue(auroc.resamples() > 350 && auroc.resamples() < 650, "resamples with both classes: " + auroc.resamples());
        assertEquals(1.0, auroc.low(), 1e-12);
    }

    @Test
    void aDiscreteFigureGetsAnIntervalOfValuesItTakes() {
        // numpy.quantile([1, 1, 2, 3, 4], 0.025, method='lower') = 1 (position 0.1); 0.975 with method='higher' = 4 (position 3.9),
        // where the linear method gives 1.1 and 3.9.
        double[] sorted = {1, 1, 2, 3, 4};
        assertEquals(1, SubjectBootstrap.lowerQuantile(sorted, 0.025), 1e-12);
        assertEquals(4, SubjectBootstrap.higherQuantile(sorted, 0.975), 1e-12);
        assertEquals(3.9, SubjectBootstrap.quantile(sorted, 0.975), 1e-12);
        // Five resamples whose first scores 2 and the others 3: sorted 2, 3, 3, 3, 3. A continuous figure's interval starts at
        // 2 + 0.1 x (3 - 2) = 2.1; a grade's at 2.
        int[] resample = {0};
        Map<Metric, SubjectBootstrap.Interval> ci = new SubjectBootstrap(List.of("A", "B", "C")).intervals(u -> {
            double v = resample[0]++ == 0 ? 2 : 3;
            return Map.of(Metric.BHS_GRADE, v, Metric.MAE, v);
        }, 5, 1);
        assertEquals(2, ci.get(Metric.BHS_GRADE).low(), 1e-12);
        assertEquals(3, ci.get(Metric.BHS_GRADE).high(), 1e-12);
        assertEquals(2.1, ci.get(Metric.MAE).low(), 1e-12);
    }

    @Test
    void quantileInterpolatesLikeNumpy() {
        // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75 (linear method).
        assertEquals(1.75, SubjectBootstrap.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12);
        assertEquals(4, SubjectBootstrap.quantile(new double[] {1, 2, 3, 4}, 1), 1e-12);
    }
}
