package org.sigmappg.signal;

/**
 * Constants of the per-patch statistical prior (METHOD.md section 1). The defaults are the method's where it
 * gives a number; the gate widths, which it leaves open, are ours and documented here.
 *
 * <p>A = exp(-zWeight * z^2) * flatGate * excursionGate, with z = (s - median(s)) / max(madScale * MAD(s),
 * minRobustScale) over the window's patches, flatGate = sigmoid((s - flatGateStd) / flatGateWidth) and
 * excursionGate = sigmoid((excursionGateZ - z) / excursionGateWidth). S = tanh(|skewness|).
 * P = beta * A + (1 - beta) * S.
 *
 * @param zWeight weight of z^2 in the Gaussian amplitude term (METHOD: 0.2)
 * @param madScale factor turning the MAD into a standard-deviation estimate (1.4826, exact for normal data)
 * @param minRobustScale floor of the robust scale, in scaled-signal units, so that a window whose patches
 *        nearly all have the same s (a synthetic or flat-lined window, MAD = 0) gives large but finite z for
 *        the odd ones out instead of dividing by zero (default 1e-6: far below any real MAD, which is
 *        around 1e-2 for a [0, 1]-scaled pulse)
 * @param flatGateStd patch standard deviation, in units of the [0, 1]-scaled window, at which the near-flat
 *        gate is one half (METHOD: about 0.05)
 * @param flatGateWidth sigmoid width of the near-flat gate (default 0.01: the gate is 0.12 at s = 0.03 and
 *        0.88 at s = 0.07, so a clean pulse, s about 0.2, passes untouched)
 * @param excursionGateZ robust z at which the excursion gate is one half (METHOD: about 2.0)
 * @param excursionGateWidth sigmoid width of the excursion gate in z units (default 0.25: 0.88 at z = 1.5,
 *        0.12 at z = 2.5, 0.02 at z = 3)
 * @param beta weight of amplitude stability against morphology in P (METHOD: 0.5)
 */
public record PriorParams(double zWeight, double madScale, double minRobustScale, double flatGateStd,
                          double flatGateWidth, double excursionGateZ, double excursionGateWidth, double beta) {
    public PriorParams {
        requirePositive(zWeight, "zWeight");
        requirePositive(madScale, "madScale");
        requirePositive(minRobustScale, "minRobustScale");
        requirePositive(flatGateStd, "flatGateStd");
        requirePositive(flatGateWidth, "flatGateWidth");
        requirePositive(excursionGateZ, "excursionGateZ");
        requirePositive(excursionGateWidth, "excursionGateWidth");
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        }
    }

    /** The defaults documented on each component. */
    public static PriorParams defaults() {
        return new PriorParams(0.2, 1.4826, 1e-6, 0.05, 0.01, 2.0, 0.25, 0.5);
    }

    private static void requirePositive(double v, String name) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }
}
