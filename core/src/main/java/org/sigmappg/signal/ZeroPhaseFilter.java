package org.sigmappg.signal;

/**
 * Forward-backward filtering with second-order sections, equivalent to
 * {@code scipy.signal.sosfiltfilt(sos, x)}: odd extension at both ends, initial states from
 * {@code sosfilt_zi} scaled by the first sample of each pass, the same direct-form II transposed
 * recursion. The magnitude response is |H|^2 and the phase is zero.
 *
 * <p>Short records: SciPy refuses inputs not longer than its pad length (3 * (2 * sections + 1), minus one
 * tap per pair of trailing zero coefficients). Here the pad shrinks to {@code length - 1}, the longest odd
 * extension the record allows, so any record of at least one sample is filtered; the result then equals
 * {@code sosfiltfilt(sos, x, padlen=len(x) - 1)}. Edge transients are correspondingly longer, which the
 * caller accepts by passing such a short record.
 */
public final class ZeroPhaseFilter {
    private ZeroPhaseFilter() {
    }

    /** SciPy's default pad length for these sections: three times the number of taps of the cascade. */
    public static int defaultPadLength(double[][] sos) {
        int trailingB = 0;
        int trailingA = 0;
        for (double[] s : sos) {
            checkSection(s);
            trailingB += s[2] == 0 ? 1 : 0;
            trailingA += s[5] == 0 ? 1 : 0;
        }
        int taps = 2 * sos.length + 1 - Math.min(trailingB, trailingA);
        return 3 * taps;
    }

    /** Zero-phase filtering with the default pad length, shortened to {@code x.length - 1} for short records. */
    public static double[] filtfilt(double[][] sos, double[] x) {
        return filtfilt(sos, x, Math.min(defaultPadLength(sos), Math.max(0, x.length - 1)));
    }

    /** Zero-phase filtering with an explicit odd-extension length ({@code 0 <= padLength < x.length}). */
    public static double[] filtfilt(double[][] sos, double[] x, int padLength) {
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        if (padLength < 0 || padLength >= n) {
            throw new IllegalArgumentException("pad length must be in [0, " + (n - 1) + "] for " + n + " samples, got " + padLength);
        }
        double[][] zi = initialConditions(sos);
        double[] ext = oddExtension(x, padLength);
        filterCascade(sos, zi, ext, ext[0], false);
        filterCascade(sos, zi, ext, ext[ext.length - 1], true);
        double[] y = new double[n];
        System.arraycopy(ext, padLength, y, 0, n);
        return y;
    }

    /**
     * Steady-state initial conditions per section for a unit step (SciPy's sosfilt_zi): each section's
     * lfilter_zi, scaled by the DC gain of the sections before it.
     */
    private static double[][] initialConditions(double[][] sos) {
        double[][] zi = new double[sos.length][2];
        double scale = 1.0;
        for (int s = 0; s < sos.length; s++) {
            double[] c = sos[s];
            checkSection(c);
            double a0 = c[3];
            double b0 = c[0] / a0;
            double b1 = c[1] / a0;
            double b2 = c[2] / a0;
            double a1 = c[4] / a0;
            double a2 = c[5] / a0;
            // Solves zi = A zi + B for the companion matrix A; the closed form lfilter_zi documents.
            zi[s][0] = (b1 - a1 * b0 + b2 - a2 * b0) / (1 + a1 + a2);
            zi[s][1] = (1 + a1) * zi[s][0] - (b1 - a1 * b0);
            zi[s][0] *= scale;
            zi[s][1] *= scale;
            scale *= (b0 + b1 + b2) / (1 + a1 + a2);
        }
        return zi;
    }

    private static void checkSection(double[] s) {
        if (s.length != 6 || s[3] == 0) {
            throw new IllegalArgumentException("a second-order section is [b0, b1, b2, a0, a1, a2] with a0 != 0");
        }
    }

    private static double[] oddExtension(double[] x, int pad) {
        int n = x.length;
        double[] ext = new double[n + 2 * pad];
        for (int i = 0; i < pad; i++) {
            ext[i] = 2 * x[0] - x[pad - i];
            ext[pad + n + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, ext, pad, n);
        return ext;
    }

    /**
     * Runs the cascade in place over x, forwards or backwards (backwards = filtering the reversed signal),
     * starting each section from its steady state for a constant input {@code x0}. Sections go through the
     * signal in pairs: the two recursions are independent within a sample, so the processor overlaps them,
     * while each section still does exactly SciPy's arithmetic in SciPy's order.
     */
    private static void filterCascade(double[][] sos, double[][] zi, double[] x, double x0, boolean backwards) {
        int s = 0;
        for (; s + 1 < sos.length; s += 2) {
            filterPair(sos[s], sos[s + 1], x, zi[s][0] * x0, zi[s][1] * x0, zi[s + 1][0] * x0, zi[s + 1][1] * x0, backwards);
        }
        if (s < sos.length) {
            filterSection(sos[s], x, zi[s][0] * x0, zi[s][1] * x0, backwards);
        }
    }

    /** Direct-form II transposed, one section, in place. */
    private static void filterSection(double[] c, double[] x, double z0, double z1, boolean backwards) {
        double b0 = c[0] / c[3];
        double b1 = c[1] / c[3];
        double b2 = c[2] / c[3];
        double a1 = c[4] / c[3];
        double a2 = c[5] / c[3];
        int n = x.length;
        int step = backwards ? -1 : 1;
        for (int k = 0, i = backwards ? n - 1 : 0; k < n; k++, i += step) {
            double in = x[i];
            double out = b0 * in + z0;
            z0 = b1 * in - a1 * out + z1;
            z1 = b2 * in - a2 * out;
            x[i] = out;
        }
    }

    /** Two consecutive sections c then d, in place, in one pass. */
    private static void filterPair(double[] c, double[] d, double[] x, double z0, double z1, double w0, double w1,
                                   boolean backwards) {
        double b0 = c[0] / c[3];
        double b1 = c[1] / c[3];
        double b2 = c[2] / c[3];
        double a1 = c[4] / c[3];
        double a2 = c[5] / c[3];
        double e0 = d[0] / d[3];
        double e1 = d[1] / d[3];
        double e2 = d[2] / d[3];
        double f1 = d[4] / d[3];
        double f2 = d[5] / d[3];
        int n = x.length;
        int step = backwards ? -1 : 1;
        for (int k = 0, i = backwards ? n - 1 : 0; k < n; k++, i += step) {
            double in = x[i];
            double mid = b0 * in + z0;
            z0 = b1 * in - a1 * mid + z1;
            z1 = b2 * in - a2 * mid;
            double out = e0 * mid + w0;
            w0 = e1 * mid - f1 * out + w1;
            w1 = e2 * mid - f2 * out;
            x[i] = out;
        }
    }
}
