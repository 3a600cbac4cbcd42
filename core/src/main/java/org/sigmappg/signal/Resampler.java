package org.sigmappg.signal;

import java.util.concurrent.Executor;

/**
 * Anti-aliased rational resampling, equivalent to {@code scipy.signal.resample_poly(x, up, down)} with its
 * defaults: a Kaiser-windowed (beta 5.0) sinc low-pass of {@code 2 * 10 * max(up, down) + 1} taps with its
 * cut-off at the lower of the two Nyquist frequencies, gain {@code up}, zeros beyond both ends, output
 * sample j centred on input position {@code j * down / up}.
 *
 * <p>Polyphase: each output sample is the dot product of one sub-filter (every up-th tap) with the input
 * samples under it, so the zero-stuffed signal is never formed and the cost per output sample is about
 * {@code 20 * max(up, down) / up} multiply-adds.
 */
public final class Resampler {
    /** Kaiser window shape parameter of resample_poly's default window {@code ('kaiser', 5.0)}. */
    public static final double KAISER_BETA = 5.0;
    /** Filter half-length per unit of max(up, down), resample_poly's fixed 10. */
    public static final int HALF_LENGTH_PER_FACTOR = 10;
    /** Default relative rate tolerance for non-integer rate ratios (a 240 s window drifts by 0.24 ms). */
    public static final double DEFAULT_RATE_TOLERANCE = 1e-6;
    /** Default bound on up and down; keeps the filter at most 200,001 taps long. */
    public static final int DEFAULT_MAX_FACTOR = 10_000;
    /** Output samples per task when split over threads: small enough to balance, large enough to be free. */
    private static final int MIN_OUTPUTS_PER_TASK = 1 << 14;

    private Resampler() {
    }

    /**
     * Resamples from {@code fsIn} to (approximately, see {@link RationalRate}) {@code fsOut} with the default
     * tolerance. {@code x} must hold no NaN: fill gaps first ({@link MissingSamples#fill}).
     */
    public static Resampled resample(float[] x, double fsIn, double fsOut) {
        RationalRate rate = RationalRate.approximate(fsIn, fsOut, DEFAULT_RATE_TOLERANCE, DEFAULT_MAX_FACTOR);
        double[] in = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = x[i];
        }
        return new Resampled(resamplePoly(in, rate.up(), rate.down(), null), rate);
    }

    /** {@code scipy.signal.resample_poly(x, up, down)} on one thread. */
    public static double[] resamplePoly(double[] x, int up, int down) {
        return resamplePoly(x, up, down, null);
    }

    /**
     * {@code scipy.signal.resample_poly(x, up, down)}, with the output split over {@code executor} when it
     * is not null. The factors are reduced to lowest terms first, as SciPy does.
     */
    public static double[] resamplePoly(double[] x, int up, int down, Executor executor) {
        if (up < 1 || down < 1) {
            throw new IllegalArgumentException("resampling factors must be at least 1, got " + up + "/" + down);
        }
        int g = gcd(up, down);
        int p = up / g;
        int q = down / g;
        if (p == 1 && q == 1) {
            return x.clone();
        }
        int n = x.length;
        int nOut = Math.toIntExact(((long) n * p + q - 1) / q);
        double[] h = antiAliasFilter(p, q);
        int half = (h.length - 1) / 2;
        double[][] phases = reversedPolyphase(h, p);
        double[] y = new double[nOut];
        SignalThreads.forRange(executor, nOut, MIN_OUTPUTS_PER_TASK, (from, to) -> {
            // Output j sits at upsampled index j*q; tap m meets input i where j*q + half - m = i*p, so the phase
            // (j*q + half) mod p picks the sub-filter and its last tap meets input (j*q + half) / p. Both are
            // stepped from one output to the next, since a division per output would cost more than the taps.
            long first = (long) from * q + half;
            int phase = (int) (first % p);
            long last = first / p;
            int wholeStep = q / p;
            int phaseStep = q % p;
            for (int j = from; j < to; j++) {
                double[] rev = phases[phase];
                long base = last - rev.length + 1;
                int uStart = (int) Math.max(0, -base);
                int uEnd = (int) Math.min(rev.length - 1, n - 1 - base);
                int b = (int) base;
                double acc = 0;
                for (int u = uStart; u <= uEnd; u++) {
                    acc += rev[u] * x[b + u];
                }
                y[j] = acc;
                last += wholeStep;
                phase += phaseStep;
                if (phase >= p) {
                    phase -= p;
                    last++;
                }
            }
        });
        return y;
    }

    /**
     * Carries a per-sample mask through resampling by {@code rate}: output sample j is flagged when the input
     * sample nearest to its position {@code j * down / up} is flagged (each input sample owns half a sample
     * period on either side; exact halves go to the later sample). A run of flagged input samples therefore
     * flags the output samples whose positions fall inside it, and the flagged fraction is kept on average.
     */
    public static boolean[] resampleMask(boolean[] mask, RationalRate rate) {
        int nOut = rate.outputLength(mask.length);
        boolean[] out = new boolean[nOut];
        // nearest = floor((2 j down + up) / (2 up)), stepped without division: the numerator grows by 2 down.
        long denominator = 2L * rate.up();
        long whole = 2L * rate.down() / denominator;
        long part = 2L * rate.down() % denominator;
        long nearest = 0;
        long remainder = rate.up();
        for (int j = 0; j < nOut; j++) {
            out[j] = mask[(int) Math.min(nearest, mask.length - 1)];
            nearest += whole;
            remainder += part;
            if (remainder >= denominator) {
                nearest++;
                remainder -= denominator;
            }
        }
        return out;
    }

    /** firwin(2 * half + 1, 1 / max(up, down), window=('kaiser', 5.0)) * up, as resample_poly designs it. */
    private static double[] antiAliasFilter(int up, int down) {
        int maxRate = Math.max(up, down);
        int half = HALF_LENGTH_PER_FACTOR * maxRate;
        int taps = 2 * half + 1;
        double cutoff = 1.0 / maxRate;
        double i0Beta = besselI0(KAISER_BETA);
        double[] h = new double[taps];
        double sum = 0;
        for (int k = 0; k < taps; k++) {
            double m = k - half;
            double r = m / half;
            double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[k] = cutoff * sinc(cutoff * m) * window;
            sum += h[k];
        }
        // firwin scales to unit gain at DC; resample_poly then multiplies by up to undo the zero-stuffing loss.
        for (int k = 0; k < taps; k++) {
            h[k] = h[k] / sum * up;
        }
        return h;
    }

    /**
     * Splits h into up sub-filters, phase r holding taps r, r + up, r + 2 up, ..., each stored last tap first
     * so that the dot product runs forwards through both arrays.
     */
    private static double[][] reversedPolyphase(double[] h, int up) {
        double[][] phases = new double[up][];
        for (int r = 0; r < up; r++) {
            int len = (h.length - r + up - 1) / up;
            phases[r] = new double[len];
            for (int t = 0; t < len; t++) {
                phases[r][len - 1 - t] = h[r + t * up];
            }
        }
        return phases;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x <= 50). */
    private static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double q = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
