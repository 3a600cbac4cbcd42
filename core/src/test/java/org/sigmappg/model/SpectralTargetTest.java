package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralTargetTest {

    @Test
    void amplitudeEqualsJTransformsMagnitudeForEveryPatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray patches = ModelTestData.windows(manager, 2, 3, 4);
            NDArray amplitude = SpectralTarget.amplitude(patches);
            assertEquals(new Shape(2, 3, 26), amplitude.getShape());
            float[] x = patches.toFloatArray();
            float[] a = amplitude.toFloatArray();
            for (int patch = 0; patch < 6; patch++) {
                double[] samples = new double[50];
                for (int i = 0; i < 50; i++) {
                    samples[i] = x[patch * 50 + i];
                }
                double[] expected = SpectralTarget.amplitude(samples);
                for (int k = 0; k < 26; k++) {
                    assertEquals(expected[k], a[patch * 26 + k], 1e-5, "patch " + patch + " bin " + k);
                }
            }
        }
    }

    @Test
    void javaSpectrumEqualsADirectDft() {
        Random rng = new Random(9);
        for (int n : new int[] {50, 49, 8}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextDouble();
            }
            double[] amplitude = SpectralTarget.amplitude(x);
            double[] phase = SpectralTarget.phase(x);
            assertEquals(n / 2 + 1, amplitude.length);
            for (int k = 0; k <= n / 2; k++) {
                double re = 0;
                double im = 0;
                for (int t = 0; t < n; t++) {
                    re += x[t] * Math.cos(2 * Math.PI * k * t / n);
                    im -= x[t] * Math.sin(2 * Math.PI * k * t / n);
                }
                assertEquals(Math.hypot(re, im), amplitude[k], 1e-9, "n " + n + " bin " + k);
                if (Math.hypot(re, im) > 1e-6) {
                    assertEquals(Math.atan2(im, re), phase[k], 1e-9, "n " + n + " phase bin " + k);
                }
            }
        }
    }

    @Test
    void phaseMatchesJTransforms() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray patches = ModelTestData.windows(manager, 1, 2, 8);
            float[] phase = SpectralTarget.phase(patches).toFloatArray();
            float[] x = patches.toFloatArray();
            for (int patch = 0; patch < 2; patch++) {
                double[] samples = new double[50];
                for (int i = 0; i < 50; i++) {
                    samples[i] = x[patch * 50 + i];
                }
                double[] expected = SpectralTarget.phase(samples);
                double[] amplitude = SpectralTarget.amplitude(samples);
                for (int k = 0; k < 26; k++) {
                    if (amplitude[k] > 1e-3) {
                        double diff = Math.IEEEremainder(expected[k] - phase[patch * 26 + k], 2 * Math.PI);
                        assertEquals(0, diff, 1e-4, "patch " + patch + " bin " + k);
                    }
                }
            }
        }
    }

    @Test
    void normalisationIsPerWindowOverValidPatchesAndBinsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray patches = ModelTestData.windows(manager, 2, 4, 6);
            NDArray valid = PaddingTools.validMask(PaddingTools.counts(manager, 4, 2), 4);
            float[] target = SpectralTarget.target(patches, valid).toFloatArray();
            float[] x = patches.toFloatArray();
            int[] counts = {4, 2};
            for (int b = 0; b < 2; b++) {
                double[][] spectra = new double[counts[b]][];
                for (int p = 0; p < counts[b]; p++) {
                    double[] samples = new double[50];
                    for (int i = 0; i < 50; i++) {
                        samples[i] = x[(b * 4 + p) * 50 + i];
                    }
                    spectra[p] = SpectralTarget.amplitude(samples);
                }
                double[][] expected = SpectralTarget.normalise(spectra);
                for (int p = 0; p < 4; p++) {
                    for (int k = 0; k < 26; k++) {
                        double want = p < counts[b] ? expected[p][k] : 0;
                        assertEquals(want, target[((b * 4) + p) * 26 + k], 1e-4, "window " + b + " patch " + p);
                    }
                }
            }
            // The padding patches of window 1 do not influence its normalisation.
            NDArray changed = patches.duplicate();
            changed.set(new ai.djl.ndarray.index.NDIndex("1, 2:, :"), 0.9f);
            assertArrayEquals(target, SpectralTarget.target(changed, valid).toFloatArray(), 0f);
            assertNotEquals(0f, target[0]);
        }
    }
}
