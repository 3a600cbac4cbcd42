package org.sigmappg.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The linear head of the probe protocol, on frozen features: features standardised on the training rows
 * ({@link Standardiser}), then ridge regression or L2 logistic regression (multinomial for more than two
 * classes), with the penalty chosen from a log grid by inner k-fold cross-validation over the TRAINING
 * subjects only (mean squared error, or mean log-loss, over the inner validation windows), and the head
 * refitted on all training rows with the chosen penalty.
 */
final class LinearProbe {
    /** Penalties tried: 10^-4 to 10^3 in half decades. */
    static final double[] LAMBDAS = logGrid(-4, 3, 15);
    private static final double LOG_LOSS_FLOOR = 1e-15;

    private final Standardiser standardiser;
    private final RidgeRegression ridge;
    private final LogisticRegression logistic;
    private final double lambda;

    private LinearProbe(Standardiser standardiser, RidgeRegression ridge, LogisticRegression logistic, double lambda) {
        this.standardiser = standardiser;
        this.ridge = ridge;
        this.logistic = logistic;
        this.lambda = lambda;
    }

    static double[] logGrid(double fromExponent, double toExponent, int points) {
        double[] out = new double[points];
        for (int i = 0; i < points; i++) {
            out[i] = Math.pow(10, fromExponent + (toExponent - fromExponent) * i / (points - 1));
        }
        return out;
    }

    /**
     * Chooses the penalty by inner cross-validation on {@code rows} and fits the head on all of them.
     *
     * @param x features of every window (rows outside {@code rows} are never read)
     * @param target regression value, or class index, of every window
     * @param classes number of classes (0 for regression)
     * @param rows the training windows
     * @param windowSubjects subject of every window
     * @param strata subject to class for stratified inner folds (null for regression)
     */
    static LinearProbe fit(double[][] x, double[] target, int classes, int[] rows, List<String> windowSubjects,
                           Map<String, Integer> strata, int innerFolds, long seed) {
        List<String> rowSubjects = new ArrayList<>();
        for (int r : rows) {
            rowSubjects.add(windowSubjects.get(r));
        }
        SubjectFolds.Fold all = new SubjectFolds.Fold(-1, rowSubjects, List.of());
        List<SubjectFolds.Fold> inner = SubjectFolds.inner(all, strata, innerFolds, seed);
        double best = Double.POSITIVE_INFINITY;
        double bestLambda = LAMBDAS[LAMBDAS.length / 2];
        for (double lambda : LAMBDAS) {
            double loss = 0;
            int count = 0;
            for (SubjectFolds.Fold f : inner) {
                int[] fitRows = select(rows, SubjectFolds.windowsOf(rowSubjects, f.train()));
                int[] valRows = select(rows, SubjectFolds.windowsOf(rowSubjects, f.test()));
                LinearProbe head = fitWith(x, target, classes, fitRows, lambda);
                for (int r : valRows) {
                    loss += head.loss(x[r], target[r], classes);
                    count++;
                }
            }
            double mean = loss / count;
            // Ties go to the larger penalty: the simpler head.
            if (mean <= best) {
                best = mean;
                bestLambda = lambda;
            }
        }
        return fitWith(x, target, classes, rows, bestLambda);
    }

    private static int[] select(int[] rows, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = rows[positions[i]];
        }
        return out;
    }

    /** Fits the head on {@code rows} with a given penalty. */
    static LinearProbe fitWith(double[][] x, double[] target, int classes, int[] rows, double lambda) {
        Standardiser s = Standardiser.fit(x, rows);
        double[][] z = s.transform(x, rows);
        if (classes == 0) {
            double[] y = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                y[i] = target[rows[i]];
            }
            return new LinearProbe(s, RidgeRegression.fit(z, y, lambda), null, lambda);
        }
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = (int) target[rows[i]];
        }
        return new LinearProbe(s, null, LogisticRegression.fit(z, y, classes, lambda), lambda);
    }

    private double loss(double[] row, double target, int classes) {
        if (classes == 0) {
            double e = predictValue(row) - target;
            return e * e;
        }
        return -Math.log(Math.max(LOG_LOSS_FLOOR, probabilities(row)[(int) target]));
    }

    double predictValue(double[] row) {
        return ridge.predict(standardiser.transform(row));
    }

    double[] probabilities(double[] row) {
        return logistic.probabilities(standardiser.transform(row));
    }

    double lambda() {
        return lambda;
    }
}
