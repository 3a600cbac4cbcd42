package org.sigmappg.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.SpectralTarget;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * What each code of a tokenizer stands for on a dataset: how often it occurs, the mean waveform and the
 * mean amplitude spectrum of the patches assigned to it, and where it occurs. Read from the codes a
 * {@code tokenize} run wrote, so nothing is recomputed by the model.
 */
public final class CodeGallery {
    /** One code's statistics. */
    public record Code(int index, long count, float[] meanWaveform, float[] meanSpectrum) {
    }

    /** Where a patch with some code lies. */
    public record Occurrence(long windowId, long recordId, int window, int patch) {
    }

    private final int codebookSize;
    private final int[] codes;
    private final List<WindowInfo> windows;
    private final List<Code> gallery;

    private CodeGallery(int codebookSize, int[] codes, List<WindowInfo> windows, List<Code> gallery) {
        this.codebookSize = codebookSize;
        this.codes = codes;
        this.windows = windows;
        this.gallery = gallery;
    }

    /** Builds the gallery of tokenizer run {@code run} on {@code dataset}; the run must have tokenized it. */
    public static CodeGallery load(Workspace workspace, String run, String dataset) throws IOException {
        RunStore runs = new RunStore(workspace);
        RunStore.Artifact artifact = runs.artifact(run, "codes:" + dataset).orElseThrow(() -> new IllegalArgumentException(
                run + " has not tokenized " + dataset + " yet; run: tokenize --run " + run + " --dataset " + dataset));
        Catalogue catalogue = new Catalogue(workspace);
        DatasetInfo d = catalogue.requireDataset(dataset);
        int[] codes = TokenizeTask.read(Path.of(artifact.path().toString()), d.manifestHash());
        int k = codebookSize(runs, run);
        List<WindowInfo> windows = catalogue.windowsOfDataset(d.id());
        int s = d.patchSamples();
        int bins = SpectralTarget.bins(s);
        double[][] wave = new double[k][s];
        double[][] spec = new double[k][bins];
        long[] count = new long[k];
        try (WindowCache cache = catalogue.openCache(d)) {
            for (WindowInfo w : windows) {
                float[] x = cache.samples(w.sampleOffset(), w.patches() * s);
                for (int p = 0; p < w.patches(); p++) {
                    int c = (int) w.patchOffset() + p < codes.length ? codes[(int) w.patchOffset() + p] : -1;
                    if (c < 0 || c >= k) {
                        continue;
                    }
                    double[] patch = new double[s];
                    for (int i = 0; i < s; i++) {
                        patch[i] = x[p * s + i];
                        wave[c][i] += patch[i];
                    }
                    double[] amp = SpectralTarget.amplitude(patch);
                    for (int i = 0; i < bins; i++) {
                        spec[c][i] += amp[i];
                    }
                    count[c]++;
                }
            }
        }
        List<Code> gallery = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            float[] mw = new float[s];
            float[] ms = new float[bins];
            for (int i = 0; i < s && count[c] > 0; i++) {
                mw[i] = (float) (wave[c][i] / count[c]);
            }
            for (int i = 0; i < bins && count[c] > 0; i++) {
                ms[i] = (float) (spec[c][i] / count[c]);
            }
            gallery.add(new Code(c, count[c], mw, ms));
        }
        return new CodeGallery(k, codes, windows, gallery);
    }

    private static int codebookSize(RunStore runs, String run) throws IOException {
        TokenizerRunParams p = TokenizerRunParams.fromJson(runs.require(run).params());
        return p.model().codebookSize();
    }

    public int codebookSize() {
        return codebookSize;
    }

    /** Every code, by index (unused ones with count 0). */
    public List<Code> codes() {
        return gallery;
    }

    /** The codes of one window's patches (-1 for patches the model treated as padding). */
    public int[] codesOf(WindowInfo w) {
        int[] out = new int[w.patches()];
        for (int p = 0; p < out.length; p++) {
            int at = (int) w.patchOffset() + p;
            out[p] = at < codes.length ? codes[at] : -1;
        }
        return out;
    }

    /** Every place code {@code code} occurs, in dataset order. */
    public List<Occurrence> occurrences(int code) {
        List<Occurrence> out = new ArrayList<>();
        for (WindowInfo w : windows) {
            for (int p = 0; p < w.patches(); p++) {
                int at = (int) w.patchOffset() + p;
                if (at < codes.length && codes[at] == code) {
                    out.add(new Occurrence(w.id(), w.recordId(), w.index(), p));
                }
            }
        }
        return out;
    }
}
