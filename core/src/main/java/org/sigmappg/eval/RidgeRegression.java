package org.sigmappg.eval;

/**
 * Ridge regression in closed form: minimises {@code (1/n) sum (y - b - x.w)^2 + lambda |w|^2} with an
 * unpenalised intercept, by solving {@code (X'X / n + lambda I) w = X'(y - mean y) / n} with a Cholesky
 * factorisation (the matrix is symmetric positive definite for lambda > 0). Expects standardised
 * features (column means 0 on the training rows), so the intercept is the training mean of y.
 */
final class RidgeRegression {
    private final double intercept;
    private final double[] weights;

    private RidgeRegression(double intercept, double[] weights) {
        this.intercept = intercept;
        this.weights = weights;
    }

    static RidgeRegression fit(double[][] x, double[] y, double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("ridge penalty must be positive, got " + lambda);
        }
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        double yMean = 0;
        for (double v : y) {
            yMean += v;
        }
        yMean /= n;
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < n; i++) {
            double[] row = x[i];
            double yc = y[i] - yMean;
            for (int j = 0; j < d; j++) {
                double rj = row[j];
                if (rj == 0) {
                    continue;
                }
                b[j] += rj * yc;
                for (int k = 0; k <= j; k++) {
                    a[j][k] += rj * row[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            b[j] /= n;
            for (int k = 0; k <= j; k++) {
                a[j][k] /= n;
                a[k][j] = a[j][k];
            }
            a[j][j] += lambda;
        }
        return new RidgeRegression(yMean, CholeskyTools.solve(a, b));
    }

    double predict(double[] row) {
        double v = intercept;
        for (int j = 0; j < weights.length; j++) {
            v += weights[j] * row[j];
        }
        return v;
    }

    double[] weights() {
        return weights.clone();
    }

    double intercept() {
        return intercept;
    }
}
