package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ridge, logistic and the probe's penalty choice, checked against independent computations. */
class LinearHeadsTest {

    @Test
    void ridgeMatchesTheOneDimensionalClosedForm() {
        // One centred feature: w = (sum x y / n) / (sum x^2 / n + lambda), intercept = mean y.
        double[][] x = {{-2}, {-1}, {0}, {1}, {2}};
        double[] y = {1, 2, 2, 4, 6};
        double lambda = 0.5;
        double sxy = (-2 * (1 - 3) + -1 * (2 - 3) + 0 + 1 * (4 - 3) + 2 * (6 - 3)) / 5.0;
        double sxx = 10 / 5.0;
        RidgeRegression r = RidgeRegression.fit(x, y, lambda);
        assertEquals(sxy / (sxx + lambda), r.weights()[0], 1e-12);
        assertEquals(3, r.intercept(), 1e-12);
    }

    @Test
    void choleskySolvesAKnownSystem() {
        // [[4, 2], [2, 3]] x = [2, 1] has x = [0.5, 0].
        double[] x = CholeskyTools.solve(new double[][] {{4, 2}, {2, 3}}, new double[] {2, 1});
        assertEquals(0.5, x[0], 1e-12);
        assertEquals(0, x[1], 1e-12);
    }

    @Test
    void logisticReachesAStationaryPointAndSeparatesClasses() {
        Random r = new Random(3);
        int n = 300;
        double[][] x = new double[n][3];
        int[] y2 = new int[n];
        int[] y3 = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextGaussian();
            }
            y2[i] = x[i][0] + 0.5 * x[i][1] + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
            y3[i] = x[i][0] < -0.5 ? 0 : x[i][0] < 0.5 ? 1 : 2;
        }
        for (int[] y : new int[][] {y2, y3}) {
            int classes = y == y2 ? 2 : 3;
            LogisticRegression m = LogisticRegression.fit(x, y, classes, 1e-3);
            for (double g : m.gradientAt(x, y, 1e-3)) {
                assertEquals(0, g, 1e-5, "the objective's gradient vanishes at the fit");
            }
            int correct = 0;
            for (int i = 0; i < n; i++) {
                double[] p = m.probabilities(x[i]);
                double sum = 0;
                for (double v : p) {
                    sum += v;
                }
                assertEquals(1, sum, 1e-9);
                correct += ClassificationMetrics.argmax(p) == y[i] ? 1 : 0;
            }
            assertTrue(correct > 0.85 * n, classes + " classes: " + correct + " of " + n);
        }
    }

    @Test
    void aClassMissingFromTrainingGetsProbabilityZero() {
        double[][] x = {{-1}, {-0.5}, {0.5}, {1}};
        LogisticRegression m = LogisticRegression.fit(x, new int[] {0, 0, 2, 2}, 3, 0.1);
        double[] p = m.probabilities(new double[] {0});
        assertEquals(0, p[1], 0);
        assertEquals(1, p[0] + p[2], 1e-12);
        LogisticRegression single = LogisticRegression.fit(x, new int[] {1, 1, 1, 1}, 2, 0.1);
        assertEquals(1, single.probabilities(new double[] {5})[1], 0);
    }

    @Test
    void probePicksAStrongPenaltyForNoiseAndAWeakOneForSignal() {
        Random r = new Random(8);
        int subjects = 40;
        int perSubject = 3;
        int n = subjects * perSubject;
        double[][] x = new double[n][10];
        double[] signal = new double[n];
        double[] noise = new double[n];
        List<String> windowSubjects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            windowSubjects.add("S" + (i / perSubject));
            for (int j = 0; j < 10; j++) {
                x[i][j] = r.nextGaussian();
            }
            signal[i] = 3 * x[i][0] - 2 * x[i][1] + 0.1 * r.nextGaussian();
            noise[i] = r.nextGaussian();
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        LinearProbe clean = LinearProbe.fit(x, signal, 0, rows, windowSubjects, null, 5, 1);
        LinearProbe random = LinearProbe.fit(x, noise, 0, rows, windowSubjects, null, 5, 1);
        assertTrue(clean.lambda() <= 1e-2, "signal: lambda " + clean.lambda());
        assertTrue(random.lambda() >= 1, "noise: lambda " + random.lambda());
        assertEquals(3 * x[5][0] - 2 * x[5][1], clean.predictValue(x[5]), 0.1);
    }

    @Test
    void standardiserUsesTrainingRowsOnlyAndFillsMissingWithTheTrainingMedian() {
        double[][] x = {{1, Double.NaN}, {3, 5}, {5, 7}, {1000, 9}};
        Standardiser s = Standardiser.fit(x, new int[] {0, 1, 2});
        // Column 0 on rows 0-2: mean 3, SD sqrt(8/3); column 1 median of {5, 7} = 6 fills row 0, then mean 6, SD sqrt(2/3).
        assertEquals((1000 - 3) / Math.sqrt(8.0 / 3), s.transform(x[3])[0], 1e-9, "a test row is scaled with training statistics");
        assertEquals(0, s.transform(x[0])[1], 1e-12, "missing -> training median -> 0 after centring");
        assertEquals(0, Standardiser.fit(new double[][] {{2}, {2}}, new int[] {0, 1}).transform(new double[] {7})[0], 0,
                "a constant training column carries nothing");
    }
}
