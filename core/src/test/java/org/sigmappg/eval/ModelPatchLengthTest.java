package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TrainingWindows;

/** A model that reads 2 s patches (the published pro student) gets the same samples as 1 s patches, regrouped. */
class ModelPatchLengthTest {
    @TempDir
    Path tmp;

    @Test
    void longerModelPatchesRegroupTheSamplesCountsAndPriors() throws IOException {
        // 38 s recordings in 20 s windows: one whole window and one of 18 s (900 valid samples in 20 patches of 50).
        Workspace ws = EvalTestData.workspace(tmp, 2, 38, 20);
        TrainingWindows datasetPatches = TrainingWindows.load(new Catalogue(ws), EvalTestData.DATASET, 0, 0, TrainingWindows.HeldOutBy.WINDOW);
        TrainingWindows twoSeconds = datasetPatches.withPatchSamples(100);
        assertEquals(100, twoSeconds.patchSamples());
        assertEquals(10, twoSeconds.maxPatches());
        List<WindowInfo> windows = datasetPatches.train();
        assertTrue(windows.stream().anyMatch(w -> w.validSamples() == 900), "a short window to check padding");
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingWindows.Batch one = datasetPatches.batch(manager, windows);
            TrainingWindows.Batch two = twoSeconds.batch(manager, windows);
            int[] counts50 = one.counts().toIntArray();
            int[] counts100 = two.counts().toIntArray();
            float[] samples50 = one.patches().toFloatArray();
            float[] samples100 = two.patches().toFloatArray();
            float[] priors50 = one.priors().toFloatArray();
            float[] priors100 = two.priors().toFloatArray();
            int p50 = (int) one.patches().getShape().get(1);
            int p100 = (int) two.patches().getShape().get(1);
            for (int i = 0; i < windows.size(); i++) {
                WindowInfo w = windows.get(i);
                assertEquals(w.validSamples() == 900 ? 9 : 10, counts100[i], "2 s patches of window " + i);
                assertEquals(w.validSamples() == 900 ? 18 : 20, counts50[i], "1 s patches of window " + i);
                float[] a = new float[counts100[i] * 100];
                float[] b = new float[counts100[i] * 100];
                System.arraycopy(samples50, i * p50 * 50, a, 0, a.length);
                System.arraycopy(samples100, i * p100 * 100, b, 0, b.length);
                assertArrayEquals(a, b, 0f, "the same samples, regrouped, in window " + i);
                for (int k = 0; k < counts100[i]; k++) {
                    float mean = (priors50[i * p50 + 2 * k] + priors50[i * p50 + 2 * k + 1]) / 2;
                    assertEquals(mean, priors100[i * p100 + k], 1e-6f, "the prior of 2 s patch " + k + " of window " + i);
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> datasetPatches.withPatchSamples(75));
        assertTrue(e.getMessage().contains("75-sample patches"), e.getMessage());
    }
}
