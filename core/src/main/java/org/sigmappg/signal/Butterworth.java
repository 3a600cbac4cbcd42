package org.sigmappg.signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Digital Butterworth filters as second-order sections, designed the way
 * {@code scipy.signal.butter(N, Wn, btype, fs=fs, output='sos')} designs them: analog prototype, band
 * edges pre-warped with {@code tan}, bilinear transform, then SciPy's 'nearest' pole-zero pairing so the
 * sections (and therefore the rounding of the cascade) are the same as SciPy's.
 *
 * <p>Each section is a row {@code [b0, b1, b2, a0, a1, a2]} with {@code a0 = 1}; the overall gain sits in
 * the first section, as in SciPy.
 */
public final class Butterworth {
    /** SciPy's tolerance for calling a root real: |imag| at most 100 machine epsilons of |root|. */
    private static final double REAL_TOLERANCE = 100 * Math.ulp(1.0);

    private Butterworth() {
    }

    /** Band-pass of the given prototype order (2*order poles, order sections) between the two edges in Hz. */
    public static double[][] bandPass(int order, double lowHz, double highHz, double fs) {
        checkOrder(order);
        checkEdge(lowHz, fs, "lower band edge");
        checkEdge(highHz, fs, "upper band edge");
        if (!(lowHz < highHz)) {
            throw new IllegalArgumentException("band-pass needs lower edge < upper edge, got " + lowHz + " and " + highHz + " Hz");
        }
        double w1 = warp(lowHz, fs);
        double w2 = warp(highHz, fs);
        double bw = w2 - w1;
        double wo = Math.sqrt(w1 * w2);
        List<Complex> prototype = prototypePoles(order);
        // lp2bp_zpk: each low-pass pole p becomes p*bw/2 +- sqrt((p*bw/2)^2 - wo^2); SciPy lists all "+" first.
        List<Complex> plus = new ArrayList<>();
        List<Complex> minus = new ArrayList<>();
        Complex wo2 = new Complex(wo * wo, 0);
        for (Complex p : prototype) {
            Complex pl = p.times(bw / 2);
            Complex root = pl.times(pl).minus(wo2).sqrt();
            plus.add(pl.plus(root));
            minus.add(pl.minus(root));
        }
        List<Complex> poles = new ArrayList<>(plus);
        poles.addAll(minus);
        List<Complex> zeros = new ArrayList<>();
        for (int i = 0; i < order; i++) {
            zeros.add(Complex.ZERO);
        }
        return bilinearToSos(zeros, poles, Math.pow(bw, order));
    }

    /** Low-pass of the given order with its -3 dB point at {@code cutoffHz}. */
    public static double[][] lowPass(int order, double cutoffHz, double fs) {
        checkOrder(order);
        checkEdge(cutoffHz, fs, "cut-off");
        double wo = warp(cutoffHz, fs);
        List<Complex> poles = new ArrayList<>();
        for (Complex p : prototypePoles(order)) {
            poles.add(p.times(wo));
        }
        return bilinearToSos(new ArrayList<>(), poles, Math.pow(wo, order));
    }

    private static void checkOrder(int order) {
        if (order < 1) {
            throw new IllegalArgumentException("Butterworth order must be at least 1, got " + order);
        }
    }

    private static void checkEdge(double hz, double fs, String what) {
        if (!(hz > 0 && hz < fs / 2)) {
            throw new IllegalArgumentException(what + " must lie strictly between 0 and the Nyquist frequency "
                    + fs / 2 + " Hz, got " + hz + " Hz");
        }
    }

    /**
     * Pre-warped analog frequency. SciPy normalises to Wn = 2f/fs and designs with fs = 2, so the analog
     * edge is 4 tan(pi Wn / 2) = 4 tan(pi f / fs); the constant 4 cancels against the bilinear transform.
     */
    private static double warp(double hz, double fs) {
        return 4 * Math.tan(Math.PI * hz / fs);
    }

    /** Poles of the normalised analog prototype, -exp(i pi m / (2N)) for m = -N+1, -N+3, ..., N-1 (buttap). */
    private static List<Complex> prototypePoles(int order) {
        List<Complex> poles = new ArrayList<>();
        for (int m = -order + 1; m < order; m += 2) {
            double angle = Math.PI * m / (2.0 * order);
            poles.add(new Complex(-Math.cos(angle), -Math.sin(angle)));
        }
        return poles;
    }

    /** bilinear_zpk with SciPy's internal fs = 2, then zpk2sos. */
    private static double[][] bilinearToSos(List<Complex> analogZeros, List<Complex> analogPoles, double analogGain) {
        Complex fs2 = new Complex(4, 0);
        List<Complex> zeros = new ArrayList<>();
        List<Complex> poles = new ArrayList<>();
        Complex num = Complex.ONE;
        Complex den = Complex.ONE;
        for (Complex z : analogZeros) {
            zeros.add(fs2.plus(z).divide(fs2.minus(z)));
            num = num.times(fs2.minus(z));
        }
        for (Complex p : analogPoles) {
            poles.add(fs2.plus(p).divide(fs2.minus(p)));
            den = den.times(fs2.minus(p));
        }
        // Zeros at infinity in the analog plane map to Nyquist.
        while (zeros.size() < poles.size()) {
            zeros.add(new Complex(-1, 0));
        }
        double gain = analogGain * num.divide(den).re();
        return zpkToSos(zeros, poles, gain);
    }

    /** SciPy's zpk2sos with pairing='nearest' (digital): the poles closest to the unit circle go last. */
    private static double[][] zpkToSos(List<Complex> zeroList, List<Complex> poleList, double gain) {
        List<Complex> z = new ArrayList<>(zeroList);
        List<Complex> p = new ArrayList<>(poleList);
        if (p.size() % 2 == 1) {
            p.add(Complex.ZERO);
            z.add(Complex.ZERO);
        }
        int sections = p.size() / 2;
        z = halfPlaneRoots(z);
        p = halfPlaneRoots(p);
        double[][] sos = new double[sections][];
        for (int si = sections - 1; si >= 0; si--) {
            Complex p1 = p.remove(worstPole(p));
            long realPolesLeft = p.stream().filter(Complex::isReal).count();
            long realZerosLeft = z.stream().filter(Complex::isReal).count();
            if (p1.isReal() && realPolesLeft == 0) {
                // The last remaining real pole gets the nearest real zero; the 0 placeholders keep it second order.
                Complex z1 = z.remove(nearest(z, p1, Which.REAL));
                sos[si] = section(List.of(z1, Complex.ZERO), List.of(p1, Complex.ZERO));
            } else if (p.size() + 1 == z.size() && !p1.isReal() && realPolesLeft == 1 && realZerosLeft == 1) {
                // One real pole and one real zero remain for later: this complex pole must take complex zeros.
                Complex z1 = z.remove(nearest(z, p1, Which.COMPLEX));
                sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p1.conj()));
            } else {
                Complex p2;
                if (p1.isReal()) {
                    List<Complex> reals = p.stream().filter(Complex::isReal).toList();
                    p2 = reals.get(worstPole(reals));
                    p.remove(p2);
                } else {
                    p2 = p1.conj();
                }
                if (z.isEmpty()) {
                    sos[si] = section(List.of(), List.of(p1, p2));
                } else {
                    Complex z1 = z.remove(nearest(z, p1, Which.ANY));
                    if (!z1.isReal()) {
                        sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p2));
                    } else if (!z.isEmpty()) {
                        Complex z2 = z.remove(nearest(z, p1, Which.REAL));
                        sos[si] = section(List.of(z1, z2), List.of(p1, p2));
                    } else {
                        sos[si] = section(List.of(z1), List.of(p1, p2));
                    }
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            sos[0][i] *= gain;
        }
        return sos;
    }

    /**
     * One member of each conjugate pair (the one with positive imaginary part, averaged with its partner)
     * sorted by real part then |imag|, followed by the real roots sorted: SciPy's _cplxreal order, which
     * decides ties in the pairing.
     */
    private static List<Complex> halfPlaneRoots(List<Complex> roots) {
        List<Complex> sorted = new ArrayList<>(roots);
        sorted.sort(Comparator.comparingDouble(Complex::re).thenComparingDouble(c -> Math.abs(c.im())));
        List<Complex> reals = new ArrayList<>();
        List<Complex> upper = new ArrayList<>();
        List<Complex> lower = new ArrayList<>();
        for (Complex c : sorted) {
            if (Math.abs(c.im()) <= REAL_TOLERANCE * c.abs()) {
                reals.add(new Complex(c.re(), 0));
            } else if (c.im() > 0) {
                upper.add(c);
            } else {
                lower.add(c);
            }
        }
        if (upper.size() != lower.size()) {
            throw new IllegalStateException("filter design produced a complex root without its conjugate");
        }
        List<Complex> result = new ArrayList<>();
        for (int i = 0; i < upper.size(); i++) {
            Complex u = upper.get(i);
            Complex l = lower.get(i).conj();
            result.add(new Complex((u.re() + l.re()) / 2, (u.im() + l.im()) / 2));
        }
        result.addAll(reals);
        return result;
    }

    /** Index of the pole closest to the unit circle (first one on ties, as numpy's argmin). */
    private static int worstPole(List<Complex> poles) {
        int best = 0;
        for (int i = 1; i < poles.size(); i++) {
            if (Math.abs(1 - poles.get(i).abs()) < Math.abs(1 - poles.get(best).abs())) {
                best = i;
            }
        }
        return best;
    }

    private enum Which { REAL, COMPLEX, ANY }

    /** Index of the root nearest to {@code to} among those of the requested kind (first one on ties). */
    private static int nearest(List<Complex> roots, Complex to, Which which) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < roots.size(); i++) {
            Complex r = roots.get(i);
            boolean kindOk = which == Which.ANY || (which == Which.REAL) == r.isReal();
            double d = r.minus(to).abs();
            if (kindOk && d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("filter design: no " + which + " zero left to pair with pole " + to);
        }
        return best;
    }

    /** One section from up to two zeros and two poles, right-aligned as SciPy's _single_zpksos does. */
    private static double[] section(List<Complex> zeros, List<Complex> poles) {
        double[] b = poly(zeros);
        double[] a = poly(poles);
        double[] sos = new double[6];
        System.arraycopy(b, 0, sos, 3 - b.length, b.length);
        System.arraycopy(a, 0, sos, 6 - a.length, a.length);
        return sos;
    }

    /** Real polynomial coefficients (highest power first) with the given roots, as numpy.poly. */
    private static double[] poly(List<Complex> roots) {
        Complex[] c = {Complex.ONE};
        for (Complex r : roots) {
            Complex[] next = new Complex[c.length + 1];
            next[0] = c[0];
            for (int i = 1; i < c.length; i++) {
                next[i] = c[i].minus(c[i - 1].times(r));
            }
            next[c.length] = Complex.ZERO.minus(c[c.length - 1].times(r));
            c = next;
        }
        double[] real = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            real[i] = c[i].re();
        }
        return real;
    }

    /** Just enough complex arithmetic for filter design. */
    private record Complex(double re, double im) {
        static final Complex ZERO = new Complex(0, 0);
        static final Complex ONE = new Complex(1, 0);

        Complex plus(Complex o) {
            return new Complex(re + o.re, im + o.im);
        }

        Complex minus(Complex o) {
            return new Complex(re - o.re, im - o.im);
        }

        Complex times(Complex o) {
            return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
        }

        Complex times(double s) {
            return new Complex(re * s, im * s);
        }

        Complex divide(Complex o) {
            double d = o.re * o.re + o.im * o.im;
            return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
        }

        Complex conj() {
            return new Complex(re, -im);
        }

        double abs() {
            return Math.hypot(re, im);
        }

        boolean isReal() {
            return im == 0;
        }

        /** Principal square root, as numpy's complex sqrt. */
        Complex sqrt() {
            double m = abs();
            double r = Math.sqrt((m + Math.abs(re)) / 2);
            if (r == 0) {
                return ZERO;
            }
            return re >= 0 ? new Complex(r, im / (2 * r)) : new Complex(Math.abs(im) / (2 * r), Math.copySign(r, im));
        }
    }
}
