package org.sigmappg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.run.Workspace;

/**
 * A trained tokenizer kept loaded for looking at single windows: the codes of a window and of its augmented
 * copy (amplitude scale and noise, as in training), to show the index consistency of one window.
 */
public final class CodeInspector implements AutoCloseable {
    private final NDManager manager;
    private final TokenizerBlock tokenizer;
    private final ParameterStore ps;
    private final TrainingWindows windows;

    private CodeInspector(NDManager manager, TokenizerBlock tokenizer, TrainingWindows windows) {
        this.manager = manager;
        this.tokenizer = tokenizer;
        this.ps = new ParameterStore(manager, false);
        this.windows = windows;
    }

    /** Loads tokenizer run {@code run} to inspect windows of {@code dataset} on the CPU. */
    public static CodeInspector open(Workspace workspace, String run, String dataset) throws IOException {
        DeviceChoice.configureThreads();
        ModelCheckpoint.Verified checkpoint = PretrainTask.tokenizerCheckpoint(workspace, run);
        NDManager manager = NDManager.newBaseManager(DeviceChoice.parse("cpu").device());
        try {
            TokenizerBlock tokenizer = new TokenizerBlock(TokenizerParams.fromJson(checkpoint.header().params()));
            ModelCheckpoint.load(checkpoint, tokenizer, manager);
            TrainingWindows windows = TrainingWindows.load(new Catalogue(workspace), dataset, 0, 0, TrainingWindows.HeldOutBy.WINDOW)
                    .withPatchSamples(tokenizer.params().patchSamples());
            return new CodeInspector(manager, tokenizer, windows);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A window's codes, its augmented samples and their codes.
     *
     * @param augmented the augmented window's samples, patches x patch samples
     * @param icr share of the window's patches whose code survived the augmentation
     */
    public record Consistency(int[] original, int[] augmentedCodes, float[] augmented, double icr) {
    }

    /** Codes of {@code w} before and after one augmentation drawn with {@code seed}. */
    public synchronized Consistency consistency(WindowInfo w, long seed) {
        try (NDScope scope = new NDScope(); NDManager sub = manager.newSubManager()) {
            TrainingWindows.Batch batch = windows.batch(sub, List.of(w));
            NDArray augmented = tokenizer.params().augmentation().apply(batch.patches(), new Random(seed));
            long[] a = tokenizer.encode(ps, batch.patches(), batch.counts()).toLongArray();
            long[] b = tokenizer.encode(ps, augmented, batch.counts()).toLongArray();
            int n = batch.counts().toIntArray()[0];
            int[] ca = new int[n];
            int[] cb = new int[n];
            int same = 0;
            for (int i = 0; i < n; i++) {
                ca[i] = (int) a[i];
                cb[i] = (int) b[i];
                same += ca[i] == cb[i] ? 1 : 0;
            }
            return new Consistency(ca, cb, augmented.toFloatArray(), n == 0 ? Double.NaN : (double) same / n);
        }
    }

    public int codebookSize() {
        return tokenizer.params().codebookSize();
    }

    @Override
    public void close() {
        manager.close();
    }
}
