package org.sigmappg.eval;

/**
 * L2-penalised logistic regression: binary (one weight vector, sigmoid) or multinomial (one weight vector
 * per class, softmax), minimising {@code (1/n) sum -log p(y_i | x_i) + lambda |W|^2} with unpenalised
 * intercepts, by L-BFGS ({@link Lbfgs}); the objective is strictly convex in W for lambda > 0.
 *
 * <p>Classes absent from the training rows cannot be learned: the model is fitted over the classes
 * present and gives the absent ones probability 0 (a fold of a small study can lack a rare class). With a
 * single class present it predicts that class with probability 1.
 */
final class LogisticRegression {
    private static final double TOLERANCE = 1e-7;
    private static final int MAX_ITERATIONS = 2000;

    private final int classes;
    private final int[] present;
    private final int outputs;
    private final int features;
    private final double[] theta;

    private LogisticRegression(int classes, int[] present, int features, double[] theta) {
        this.classes = classes;
        this.present = present;
        this.outputs = present.length == 2 ? 1 : present.length;
        this.features = features;
        this.theta = theta;
    }

    /**
     * @param y class index of each row, in [0, classes)
     */
    static LogisticRegression fit(double[][] x, int[] y, int classes, double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("logistic penalty must be positive, got " + lambda);
        }
        int n = x.length;
        int d = x[0].length;
        int[] counts = new int[classes];
        for (int c : y) {
            counts[c]++;
        }
        int p = 0;
        for (int c : counts) {
            p += c > 0 ? 1 : 0;
        }
        int[] present = new int[p];
        int[] local = new int[classes];
        for (int c = 0, k = 0; c < classes; c++) {
            local[c] = -1;
            if (counts[c] > 0) {
                local[c] = k;
                present[k++] = c;
            }
        }
        if (p == 1) {
            return new LogisticRegression(classes, present, d, new double[0]);
        }
        int m = p == 2 ? 1 : p;
        int[] yl = new int[n];
        for (int i = 0; i < n; i++) {
            yl[i] = local[y[i]];
        }
        double[] start = new double[m * d + m];
        // Intercepts start at the log class frequencies, the optimum with W = 0.
        if (m == 1) {
            start[d] = Math.log((double) counts[present[1]] / counts[present[0]]);
        } else {
            for (int k = 0; k < m; k++) {
                start[m * d + k] = Math.log((double) counts[present[k]] / n);
            }
        }
        Lbfgs.Result r = Lbfgs.minimise((theta, grad) -> objective(theta, grad, x, yl, m, d, lambda), start, TOLERANCE,
                MAX_ITERATIONS);
        return new LogisticRegression(classes, present, d, r.x());
    }

    private static double objective(double[] theta, double[] grad, double[][] x, int[] y, int m, int d, double lambda) {
        int n = x.length;
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        double[] z = new double[m];
        double[] residual = new double[m];
        for (int i = 0; i < n; i++) {
            double[] row = x[i];
            logits(theta, row, m, d, z);
            if (m == 1) {
                // -log p(y) = softplus(z) - y z, computed without overflow.
                double zi = z[0];
                loss += (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - (y[i] == 1 ? zi : 0);
                residual[0] = sigmoid(zi) - (y[i] == 1 ? 1 : 0);
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int k = 0; k < m; k++) {
                    sum += Math.exp(z[k] - max);
                }
                double lse = max + Math.log(sum);
                loss += lse - z[y[i]];
                for (int k = 0; k < m; k++) {
                    residual[k] = Math.exp(z[k] - lse) - (y[i] == k ? 1 : 0);
                }
            }
            for (int k = 0; k < m; k++) {
                double rk = residual[k];
                int off = k * d;
                for (int j = 0; j < d; j++) {
                    grad[off + j] += rk * row[j];
                }
                grad[m * d + k] += rk;
            }
        }
        double penalty = 0;
        for (int j = 0; j < grad.length; j++) {
            grad[j] /= n;
        }
        for (int j = 0; j < m * d; j++) {
            penalty += theta[j] * theta[j];
            grad[j] += 2 * lambda * theta[j];
        }
        return loss / n + lambda * penalty;
    }

    private static void logits(double[] theta, double[] row, int m, int d, double[] z) {
        for (int k = 0; k < m; k++) {
            double v = theta[m * d + k];
            int off = k * d;
            for (int j = 0; j < d; j++) {
                v += theta[off + j] * row[j];
            }
            z[k] = v;
        }
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Class probabilities of one standardised row, over all {@code classes} (0 for classes absent in training). */
    double[] probabilities(double[] row) {
        double[] out = new double[classes];
        if (present.length == 1) {
            out[present[0]] = 1;
            return out;
        }
        double[] z = new double[outputs];
        logits(theta, row, outputs, features, z);
        if (outputs == 1) {
            double p1 = sigmoid(z[0]);
            out[present[0]] = 1 - p1;
            out[present[1]] = p1;
            return out;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < outputs; k++) {
            sum += Math.exp(z[k] - max);
        }
        for (int k = 0; k < outputs; k++) {
            out[present[k]] = Math.exp(z[k] - max) / sum;
        }
        return out;
    }

    /** The gradient of the training objective at the fitted parameters (zero at the optimum; for tests). */
    double[] gradientAt(double[][] x, int[] y, double lambda) {
        int[] local = new int[classes];
        for (int k = 0; k < present.length; k++) {
            local[present[k]] = k;
        }
        int[] yl = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            yl[i] = local[y[i]];
        }
        double[] grad = new double[theta.length];
        objective(theta, grad, x, yl, outputs, features, lambda);
        return grad;
    }
}
