package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics against values computed by hand (the working is in each comment). */
class MetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void aurocCountsTiesAsOneHalf() {
        // Positives 0.9, 0.8, 0.3; negatives 0.8, 0.3, 0.1. Pairs won: 0.9 beats all 3; 0.8 ties 0.8 (0.5) and beats 0.3, 0.1
        // (2.5); 0.3 loses to 0.8, ties 0.3 (0.5), beats 0.1 (1.5). AUROC = (3 + 2.5 + 1.5) / 9 = 7/9.
        boolean[] positive = {true, false, true, false, true, false};
        double[] score = {0.9, 0.8, 0.8, 0.3, 0.3, 0.1};
        assertEquals(7.0 / 9, ClassificationMetrics.auroc(positive, score), EPS);
        assertEquals(0.5, ClassificationMetrics.auroc(positive, new double[6]), EPS, "constant scores: every pair a tie");
        assertTrue(Double.isNaN(ClassificationMetrics.auroc(new boolean[] {true, true}, new double[] {0.1, 0.2})), "one class: undefined");
    }

    @Test
    void averagePrecisionStepsOverDistinctThresholds() {
        // Thresholds from high to low: 0.9 -> TP 1, FP 0: P 1, R 1/3; 0.8 -> TP 2, FP 1: P 2/3, R 2/3; 0.3 -> TP 3, FP 2: P 3/5, R 1;
        // 0.1 adds a negative only (recall unchanged). AP = 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/5 = 34/45.
        boolean[] positive = {true, false, true, false, true, false};
        double[] score = {0.9, 0.8, 0.8, 0.3, 0.3, 0.1};
        assertEquals(34.0 / 45, ClassificationMetrics.averagePrecision(positive, score), EPS);
        // Perfect ranking: precision 1 at every recall step.
        assertEquals(1.0, ClassificationMetrics.averagePrecision(new boolean[] {true, true, false}, new double[] {0.9, 0.8, 0.1}), EPS);
    }

    @Test
    void rocCurveRunsFromOriginToOneOneWithTiesMovingTogether() {
        boolean[] positive = {true, false, true, false, true, false};
        double[] score = {0.9, 0.8, 0.8, 0.3, 0.3, 0.1};
        double[][] roc = ClassificationMetrics.rocCurve(positive, score);
        assertArrayEquals(new double[] {0, 0, 1.0 / 3, 2.0 / 3, 1}, roc[0], EPS);
        assertArrayEquals(new double[] {0, 1.0 / 3, 2.0 / 3, 1, 1}, roc[1], EPS);
    }

    @Test
    void blandAltmanOnASmallTable() {
        // Differences (prediction - reference): 2, -2, 5, 1. Bias 6/4 = 1.5; squared deviations 0.25 + 12.25 + 12.25 + 0.25 = 25,
        // SD = sqrt(25 / 3) = 2.886751; limits 1.5 -/+ 1.96 x 2.886751 = -4.158033 and 7.158033.
        double[] reference = {100, 110, 120, 130};
        double[] predicted = {102, 108, 125, 131};
        RegressionMetrics.BlandAltman ba = RegressionMetrics.blandAltman(reference, predicted);
        assertEquals(1.5, ba.bias(), EPS);
        assertEquals(Math.sqrt(25.0 / 3), ba.sd(), EPS);
        assertEquals(1.5 - 1.96 * Math.sqrt(25.0 / 3), ba.lower(), EPS);
        assertEquals(1.5 + 1.96 * Math.sqrt(25.0 / 3), ba.upper(), EPS);
        // MAE = (2 + 2 + 5 + 1) / 4 = 2.5; RMSE = sqrt((4 + 4 + 25 + 1) / 4) = sqrt(8.5).
        assertEquals(2.5, RegressionMetrics.mae(reference, predicted), EPS);
        assertEquals(Math.sqrt(8.5), RegressionMetrics.rmse(reference, predicted), EPS);
    }

    @Test
    void pearsonOnAKnownPair() {
        // dx = -2 -1 0 1 2, dy = -2 0 1 0 1: sum dx dy = 6, sum dx^2 = 10, sum dy^2 = 6, r = 6 / sqrt(60).
        assertEquals(6 / Math.sqrt(60), RegressionMetrics.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 4, 5, 4, 5}), EPS);
        assertEquals(-1, RegressionMetrics.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), EPS);
        assertTrue(Double.isNaN(RegressionMetrics.pearson(new double[] {1, 2, 3}, new double[] {5, 5, 5})), "constant: undefined");
    }

    @Test
    void f1AndBalancedAccuracyFromAConfusionMatrix() {
        // TP 8, FN 2, FP 4, TN 6: precision 8/12, recall 8/10, F1 = 2 TP / (2 TP + FP + FN) = 16/22;
        // balanced accuracy = (8/10 + 6/10) / 2 = 0.7; accuracy = 14/20.
        int[] truth = new int[20];
        int[] predicted = new int[20];
        int i = 0;
        for (int k = 0; k < 8; k++, i++) {
            truth[i] = 1;
            predicted[i] = 1;
        }
        for (int k = 0; k < 2; k++, i++) {
            truth[i] = 1;
        }
        for (int k = 0; k < 4; k++, i++) {
            predicted[i] = 1;
        }
        assertEquals(16.0 / 22, ClassificationMetrics.f1(truth, predicted, 1), EPS);
        assertEquals(0.7, ClassificationMetrics.balancedAccuracy(truth, predicted, 2), EPS);
        assertEquals(0.7, ClassificationMetrics.accuracy(truth, predicted), EPS);
        // Without positives and without positive predictions F1 is 0/0; with one class balanced accuracy is one recall.
        assertTrue(Double.isNaN(ClassificationMetrics.f1(new int[] {0, 0}, new int[] {0, 0}, 1)));
        assertEquals(0, ClassificationMetrics.f1(new int[] {1, 0}, new int[] {0, 0}, 1), EPS, "a missed positive is a real 0");
        assertTrue(Double.isNaN(ClassificationMetrics.balancedAccuracy(new int[] {0, 0}, new int[] {0, 1}, 2)));
    }

    @Test
    void allFiguresOfABinaryAndAMultiClassTable() {
        int[] truth = {0, 0, 1, 1};
        double[][] p = {{0.8, 0.2}, {0.4, 0.6}, {0.3, 0.7}, {0.6, 0.4}};
        Map<Metric, Double> m = ClassificationMetrics.all(truth, p, 2, new int[] {0, 1, 2, 3});
        // Positive scores 0.7, 0.4 vs negative 0.2, 0.6: pairs won 0.7>0.2, 0.7>0.6, 0.4>0.2 = 3 of 4.
        assertEquals(0.75, m.get(Metric.AUROC), EPS);
        // Predicted 0, 1, 1, 0: TP 1, FP 1, FN 1 -> F1 0.5; recalls 1/2 and 1/2.
        assertEquals(0.5, m.get(Metric.F1), EPS);
        assertEquals(0.5, m.get(Metric.BALANCED_ACCURACY), EPS);

        int[] three = {0, 1, 2, 2};
        double[][] q = {{0.7, 0.2, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.3, 0.6}, {0.3, 0.4, 0.3}};
        Map<Metric, Double> mc = ClassificationMetrics.all(three, q, 3, new int[] {0, 1, 2, 3});
        // Predicted 0, 1, 2, 1. Per-class F1: class 0 1.0; class 1 TP 1 FP 1 -> 2/3; class 2 TP 1 FN 1 -> 2/3. Macro = 7/9.
        assertEquals(7.0 / 9, mc.get(Metric.F1), EPS);
        // Recalls 1, 1, 1/2 -> 5/6; accuracy 3/4.
        assertEquals(5.0 / 6, mc.get(Metric.BALANCED_ACCURACY), EPS);
        assertEquals(0.75, mc.get(Metric.ACCURACY), EPS);
        // One-vs-rest AUROCs: class 0 scores 0.7 vs 0.2, 0.1, 0.3 -> 1; class 1 0.5 vs 0.2, 0.3, 0.4 -> 1;
        // class 2 positives 0.6, 0.3 vs negatives 0.1, 0.3: 0.6 wins twice, 0.3 wins once and ties once -> 3.5/4. Mean = 11.5/12.
        assertEquals((1 + 1 + 3.5 / 4) / 3, mc.get(Metric.AUROC), EPS);
    }
}
