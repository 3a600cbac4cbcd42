package org.sigmappg.signal;

/**
 * A resampling ratio up/down in lowest terms, chosen to approximate a requested output rate.
 *
 * <p>Rates read from CSV timers are rarely exact (117.19 Hz, 49.98 Hz). {@link #approximate} walks the
 * continued-fraction convergents of fsOut/fsIn and keeps the first whose relative rate error is within
 * the tolerance, so the factors (and the anti-aliasing filter, 20 * max(up, down) + 1 taps) stay small.
 * The signal is then resampled exactly by up/down and its true rate is {@link #achievedFsOut()}; the
 * difference to the requested rate is {@link #relativeError()}, never above the tolerance, and the
 * tolerance itself may not exceed {@link #MAX_TOLERANCE}.
 *
 * @param up upsampling factor, at least 1
 * @param down downsampling factor, at least 1, coprime with {@code up}
 * @param fsIn input rate in Hz
 * @param requestedFsOut the output rate that was asked for, in Hz
 */
public record RationalRate(int up, int down, double fsIn, double requestedFsOut) {
    /** Largest relative rate error a caller may accept: 1e-4 is a drift of 24 ms over a 240 s window. */
    public static final double MAX_TOLERANCE = 1e-4;

    public RationalRate {
        if (up < 1 || down < 1) {
            throw new IllegalArgumentException("resampling factors must be at least 1, got " + up + "/" + down);
        }
        if (gcd(up, down) != 1) {
            throw new IllegalArgumentException("resampling factors must be in lowest terms, got " + up + "/" + down);
        }
        checkRates(fsIn, requestedFsOut);
    }

    /**
     * The convergent of fsOut/fsIn with the smallest factors whose relative rate error is at most
     * {@code tolerance}, with both factors at most {@code maxFactor}.
     *
     * @throws IllegalArgumentException if no such ratio exists within {@code maxFactor}, or the tolerance is
     *         outside (0, {@link #MAX_TOLERANCE}]
     */
    public static RationalRate approximate(double fsIn, double fsOut, double tolerance, int maxFactor) {
        if (!(tolerance > 0 && tolerance <= MAX_TOLERANCE)) {
            throw new IllegalArgumentException("rate tolerance must be in (0, " + MAX_TOLERANCE + "], got " + tolerance);
        }
        checkRates(fsIn, fsOut);
        double ratio = fsOut / fsIn;
        double x = ratio;
        long hPrev = 1;
        long h = (long) Math.floor(x);
        long kPrev = 0;
        long k = 1;
        while (h <= maxFactor) {
            if (h >= 1 && Math.abs((double) h / k - ratio) <= tolerance * ratio) {
                return new RationalRate((int) h, (int) k, fsIn, fsOut);
            }
            double frac = x - Math.floor(x);
            if (frac == 0) {
                break;
            }
            x = 1 / frac;
            long a = (long) Math.floor(x);
            if (a > maxFactor) {
                // The next denominator is at least a; stopping here also keeps the products below from overflowing.
                break;
            }
            long hNext = a * h + hPrev;
            long kNext = a * k + kPrev;
            if (hNext > maxFactor || kNext > maxFactor) {
                break;
            }
            hPrev = h;
            kPrev = k;
            h = hNext;
            k = kNext;
        }
        throw new IllegalArgumentException("cannot resample " + fsIn + " Hz to " + fsOut + " Hz within a relative rate error of "
                + tolerance + " using factors up to " + maxFactor + "; allow larger factors or a larger tolerance");
    }

    /** The output rate the factors really give, fsIn * up / down. */
    public double achievedFsOut() {
        return fsIn * up / down;
    }

    /** |achieved - requested| / requested. */
    public double relativeError() {
        return Math.abs(achievedFsOut() - requestedFsOut) / requestedFsOut;
    }

    /** Output length of resample_poly for {@code inputLength} samples: ceil(n * up / down). */
    public int outputLength(int inputLength) {
        long num = (long) inputLength * up;
        return Math.toIntExact((num + down - 1) / down);
    }

    private static void checkRates(double fsIn, double fsOut) {
        if (!(fsIn > 0) || !(fsOut > 0) || Double.isInfinite(fsIn) || Double.isInfinite(fsOut)) {
            throw new IllegalArgumentException("sampling rates must be positive and finite, got " + fsIn + " and " + fsOut + " Hz");
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
