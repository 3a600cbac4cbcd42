package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The tokenizer's reconstruction target (METHOD section 5): the Fourier amplitude |rfft| of each patch's
 * samples, z-normalised per window over all valid patches and all bins (population variance; padding
 * patches neither contribute nor receive a value other than 0). The optional phase target is the angle
 * of the same rfft, normalised the same way. NDArray versions for training, plain-Java versions
 * (JTransforms) for tests and views.
 */
public final class SpectralTarget {
    /** Added to the variance so that a constant window gives a finite (zero) target. */
    static final double VARIANCE_EPS = 1e-6;

    private SpectralTarget() {
    }

    /** Number of rfft bins of a patch: {@code patchSamples / 2 + 1}. */
    public static int bins(int patchSamples) {
        return patchSamples / 2 + 1;
    }

    /** |rfft| along the last axis: [..., S] -> [..., S / 2 + 1]; differentiable. */
    public static NDArray amplitude(NDArray patches) {
        int axis = patches.getShape().dimension() - 1;
        return patches.rfft(patches.getShape().get(axis), axis).abs();
    }

    /** Angle of the rfft along the last axis, in (-pi, pi]: [..., S] -> [..., S / 2 + 1]. */
    public static NDArray phase(NDArray patches) {
        int axis = patches.getShape().dimension() - 1;
        NDArray parts = patches.rfft(patches.getShape().get(axis), axis).real();
        return parts.get(new NDIndex("..., 1")).atan2(parts.get(new NDIndex("..., 0")));
    }

    /** Z-normalises a spectrum [B, P, F] per window over its valid patches and all bins; padding becomes 0. */
    public static NDArray normalise(NDArray spectrum, NDArray valid) {
        NDArray weights = valid.expandDims(2);
        NDArray count = valid.sum(new int[] {1}, true).mul(spectrum.getShape().get(2)).maximum(1f).expandDims(2);
        NDArray mean = spectrum.mul(weights).sum(new int[] {1, 2}, true).div(count);
        NDArray centred = spectrum.sub(mean).mul(weights);
        NDArray variance = centred.square().sum(new int[] {1, 2}, true).div(count);
        return centred.div(variance.add((float) VARIANCE_EPS).sqrt());
    }

    /** The amplitude target of a batch: {@code normalise(amplitude(patches), valid)}. */
    public static NDArray target(NDArray patches, NDArray valid) {
        return normalise(amplitude(patches), valid);
    }

    /** |FFT| of one patch, bins 0 .. n/2, computed with JTransforms. */
    public static double[] amplitude(double[] patch) {
        double[] spectrum = fullSpectrum(patch);
        double[] out = new double[bins(patch.length)];
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.hypot(spectrum[2 * k], spectrum[2 * k + 1]);
        }
        return out;
    }

    /** Angle of the FFT of one patch, bins 0 .. n/2, computed with JTransforms. */
    public static double[] phase(double[] patch) {
        double[] spectrum = fullSpectrum(patch);
        double[] out = new double[bins(patch.length)];
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.atan2(spectrum[2 * k + 1], spectrum[2 * k]);
        }
        return out;
    }

    /** Z-normalises the spectra of one window's valid patches ([patches][bins]) over all patches and bins. */
    public static double[][] normalise(double[][] spectra) {
        double sum = 0;
        long n = 0;
        for (double[] row : spectra) {
            for (double a : row) {
                sum += a;
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (double[] row : spectra) {
            for (double a : row) {
                squares += (a - mean) * (a - mean);
            }
        }
        double scale = 1.0 / Math.sqrt((n == 0 ? 0 : squares / n) + VARIANCE_EPS);
        double[][] out = new double[spectra.length][];
        for (int p = 0; p < spectra.length; p++) {
            out[p] = new double[spectra[p].length];
            for (int k = 0; k < spectra[p].length; k++) {
                out[p][k] = (spectra[p][k] - mean) * scale;
            }
        }
        return out;
    }

    /** Interleaved (re, im) DFT of a real signal, length 2n. */
    private static double[] fullSpectrum(double[] patch) {
        double[] a = new double[2 * patch.length];
        System.arraycopy(patch, 0, a, 0, patch.length);
        new DoubleFFT_1D(patch.length).realForwardFull(a);
        return a;
    }
}
