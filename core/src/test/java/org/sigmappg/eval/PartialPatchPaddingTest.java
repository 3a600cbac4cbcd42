package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TrainingWindows;

/**
 * A partial last patch that is kept (at least half signal) is completed by repeating its last valid sample, so it
 * carries no step down to the scaled minimum (0) into the convolution, the spectral target and the codes.
 */
class PartialPatchPaddingTest {
    @TempDir
    Path tmp;

    @Test
    void aPartialLastPatchRepeatsItsLastValidSample() throws IOException {
        // 39 s recordings in 20 s windows: a whole window and one of 19 s (950 samples), which a model reading 2 s
        // patches sees as 9 whole patches and one of 50 valid samples out of 100.
        Workspace ws = EvalTestData.workspace(tmp, 2, 39, 20);
        Catalogue catalogue = new Catalogue(ws);
        TrainingWindows twoSeconds = TrainingWindows.load(catalogue, EvalTestData.DATASET, 0, 0, TrainingWindows.HeldOutBy.WINDOW)
                .withPatchSamples(100);
        List<WindowInfo> windows = twoSeconds.train();
        WindowInfo shortWindow = windows.stream().filter(w -> w.validSamples() == 950).findFirst().orElseThrow();
        float[] signal;
        try (WindowCache cache = catalogue.openCache(catalogue.requireDataset(EvalTestData.DATASET))) {
            signal = cache.samples(shortWindow.sampleOffset(), 950);
        }
        float last = signal[949];
        assertTrue(last > 0.01f, "the last valid sample is above the scaled minimum, so zero-filling would leave a step: " + last);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingWindows.Batch batch = twoSeconds.batch(manager, List.of(shortWindow));
            assertEquals(10, batch.counts().toIntArray()[0], "9 whole 2 s patches and the partial one");
            float[] x = batch.patches().toFloatArray();
            assertEquals(1000, x.length);
            for (int i = 0; i < 950; i++) {
                assertEquals(signal[i], x[i], 0f, "valid sample " + i);
            }
            for (int i = 950; i < 1000; i++) {
                assertEquals(last, x[i], 0f, "padding sample " + i + " of the partial patch");
            }
        }
    }
}
