package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/**
 * A fixed linear-phase FIR low-pass (windowed sinc, Hamming window, unit gain at DC) applied along the
 * time axis of a patched window [B, P, S], across patch borders: the window is filtered as one signal
 * of P x S samples (zero-padded at both ends) and cut back into patches. No parameters.
 */
public final class LowPassFilter {
    private final float[] taps;

    /**
     * @param cutoffFraction cutoff as a fraction of the Nyquist frequency, in (0, 1)
     * @param length number of taps, odd
     */
    public LowPassFilter(double cutoffFraction, int length) {
        if (!(cutoffFraction > 0 && cutoffFraction < 1)) {
            throw new IllegalArgumentException("low-pass cutoff must be a fraction of Nyquist in (0, 1): " + cutoffFraction);
        }
        if (length < 3 || length % 2 == 0) {
            throw new IllegalArgumentException("low-pass length must be odd and >= 3: " + length);
        }
        taps = design(cutoffFraction, length);
    }

    /** The taps of the windowed-sinc design, summing to 1. */
    static float[] design(double cutoffFraction, int length) {
        double[] h = new double[length];
        int half = length / 2;
        double sum = 0;
        for (int n = 0; n < length; n++) {
            int m = n - half;
            double sinc = m == 0 ? cutoffFraction : Math.sin(Math.PI * cutoffFraction * m) / (Math.PI * m);
            double window = 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (length - 1));
            h[n] = sinc * window;
            sum += h[n];
        }
        float[] out = new float[length];
        for (int n = 0; n < length; n++) {
            out[n] = (float) (h[n] / sum);
        }
        return out;
    }

    public float[] taps() {
        return taps.clone();
    }

    /** The filtered copy of patches [B, P, S] (same shape, manager and device). */
    public NDArray apply(NDArray patches) {
        Shape shape = patches.getShape();
        long batch = shape.get(0);
        long samples = shape.get(1) * shape.get(2);
        NDArray kernel = patches.getManager().create(taps, new Shape(1, 1, taps.length)).toDevice(patches.getDevice(), false);
        NDArray signal = patches.reshape(batch, 1, samples);
        NDArray filtered = Conv1d.conv1d(signal, kernel, null, new Shape(1), new Shape(taps.length / 2), new Shape(1)).head();
        return filtered.reshape(shape);
    }
}
