package org.sigmappg.eval;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithm 7.4/7.5) with a
 * backtracking Armijo line search, for the smooth convex objectives of the linear heads. A pair whose
 * curvature {@code s'y} is not positive is skipped, which keeps the inverse-Hessian estimate positive
 * definite without a Wolfe search.
 */
final class Lbfgs {
    /** A differentiable objective: returns f(x) and writes its gradient into {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /** Where the search stopped. */
    record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {
    }

    /**
     * Minimises {@code f} from {@code start}; stops when the gradient's infinity norm falls below
     * {@code tolerance} (times max(1, |f|)) or after {@code maxIterations}.
     */
    static Result minimise(Objective f, double[] start, double tolerance, int maxIterations) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        double[][] s = new double[MEMORY][n];
        double[][] y = new double[MEMORY][n];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double[] direction = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            if (maxAbs(g) <= tolerance * Math.max(1, Math.abs(fx))) {
                return new Result(x, fx, iteration, true);
            }
            // Two-loop recursion: direction = -H g.
            System.arraycopy(g, 0, direction, 0, n);
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(newest - k, MEMORY);
                alpha[i] = rho[i] * dot(s[i], direction);
                axpy(-alpha[i], y[i], direction);
            }
            double scale = 1;
            if (stored > 0) {
                scale = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            }
            for (int j = 0; j < n; j++) {
                direction[j] *= scale;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(newest - k, MEMORY);
                double beta = rho[i] * dot(y[i], direction);
                axpy(alpha[i] - beta, s[i], direction);
            }
            for (int j = 0; j < n; j++) {
                direction[j] = -direction[j];
            }
            double slope = dot(g, direction);
            if (slope >= 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                for (int j = 0; j < n; j++) {
                    direction[j] = -g[j];
                }
                slope = dot(g, direction);
                stored = 0;
            }
            double step = stored == 0 && iteration == 0 ? Math.min(1, 1 / Math.max(1e-12, Math.sqrt(dot(g, g)))) : 1;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int tries = 0; tries < 60; tries++) {
                for (int j = 0; j < n; j++) {
                    xNew[j] = x[j] + step * direction[j];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                return new Result(x, fx, iteration, false);
            }
            int next = (newest + 1) % MEMORY;
            double sy = 0;
            double yy = 0;
            for (int j = 0; j < n; j++) {
                s[next][j] = xNew[j] - x[j];
                y[next][j] = gNew[j] - g[j];
                sy += s[next][j] * y[next][j];
                yy += y[next][j] * y[next][j];
            }
            if (sy > 1e-12 * yy) {
                rho[next] = 1 / sy;
                newest = next;
                stored = Math.min(MEMORY, stored + 1);
            }
            double change = Math.abs(fx - fNew);
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (change <= 1e-15 * Math.max(1, Math.abs(fx)) && maxAbs(g) <= Math.sqrt(tolerance)) {
                return new Result(x, fx, iteration + 1, true);
            }
        }
        return new Result(x, fx, maxIterations, maxAbs(g) <= tolerance * Math.max(1, Math.abs(fx)));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
