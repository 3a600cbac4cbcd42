package org.sigmappg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.PaddingTools;

/**
 * The windows of a dataset for training, split into training and held-out windows ({@link HeldOutBy}: by
 * default the last stretch of every subject's recordings, or whole subjects), assembled into padded batches
 * on demand from the memory-mapped cache.
 *
 * <p>A dataset of several PPG channels lists each window once, on its first channel; {@link #everyChannel} lists it
 * once per channel, as separate samples, for the self-supervised stages (tokenizer and student read one channel at
 * a time, and downstream each channel's window goes through the same model). A window's channels always fall on the
 * same side of the held-out split.
 */
public final class TrainingWindows {
    private final DatasetInfo dataset;
    private final WindowCache cache;
    private final List<WindowInfo> train;
    private final List<WindowInfo> heldOut;
    private final int patchSamples;

    private TrainingWindows(DatasetInfo dataset, WindowCache cache, List<WindowInfo> train, List<WindowInfo> heldOut,
                            int patchSamples) {
        this.dataset = dataset;
        this.cache = cache;
        this.train = List.copyOf(train);
        this.heldOut = List.copyOf(heldOut);
        this.patchSamples = patchSamples;
    }

    /**
     * The same windows cut into the patches a model reads: {@code modelPatchSamples} must be a whole multiple of the
     * dataset's patch length (the published pro model reads 2 s patches of datasets imported in 1 s patches). A model
     * patch's prior is the mean of the dataset patches it covers.
     */
    public TrainingWindows withPatchSamples(int modelPatchSamples) {
        if (modelPatchSamples == patchSamples) {
            return this;
        }
        int datasetPatch = dataset.patchSamples();
        if (modelPatchSamples < datasetPatch || modelPatchSamples % datasetPatch != 0) {
            throw new IllegalArgumentException("the model reads " + modelPatchSamples + "-sample patches, which are not a whole number of dataset "
                    + dataset.name() + "'s " + datasetPatch + "-sample patches; re-import it with a patch length that divides "
                    + modelPatchSamples);
        }
        return new TrainingWindows(dataset, cache, train, heldOut, modelPatchSamples);
    }

    /** The same split with every window once per PPG channel of the dataset, its channels next to each other. */
    public TrainingWindows everyChannel() {
        if (dataset.channels().size() == 1) {
            return this;
        }
        return new TrainingWindows(dataset, cache, onEveryChannel(train), onEveryChannel(heldOut), patchSamples);
    }

    /** The dataset's PPG channels per window. */
    public int channels() {
        return dataset.channels().size();
    }

    /** {@code windows} on PPG channel {@code c} of the dataset (the same ids; {@link WindowInfo#onChannel}). */
    public List<WindowInfo> onChannel(List<WindowInfo> windows, int c) {
        List<WindowInfo> out = new ArrayList<>(windows.size());
        for (WindowInfo w : windows) {
            out.add(w.onChannel(c, dataset.patchSamples()));
        }
        return out;
    }

    private List<WindowInfo> onEveryChannel(List<WindowInfo> windows) {
        List<WindowInfo> out = new ArrayList<>(windows.size() * channels());
        for (WindowInfo w : windows) {
            for (int c = 0; c < channels(); c++) {
                out.add(w.onChannel(c, dataset.patchSamples()));
            }
        }
        return out;
    }

    /** How held-out windows are chosen. */
    public enum HeldOutBy {
        /** The last stretch of every subject's recordings (generalisation over time; for self-supervised health figures). */
        WINDOW,
        /** Whole subjects (generalisation to new people). */
        SUBJECT;

        /** Parses "window" or "subject". */
        public static HeldOutBy parse(String text) {
            if (text == null) {
                return WINDOW;
            }
            for (HeldOutBy h : values()) {
                if (h.name().equalsIgnoreCase(text.trim())) {
                    return h;
                }
            }
            throw new IllegalArgumentException("hold out by 'window' or 'subject', not '" + text + "'");
        }
    }

    /**
     * Loads the dataset's windows and holds out {@code heldOutFraction} of them, chosen with {@code seed}:
     * by {@link HeldOutBy#SUBJECT}, that share of the subjects (at least one when there are two or more);
     * by {@link HeldOutBy#WINDOW}, the last windows in time of every subject (at least one of any subject
     * with two or more), so that held-out windows are never interleaved with training ones.
     */
    public static TrainingWindows load(Catalogue catalogue, String datasetName, double heldOutFraction, long seed, HeldOutBy by)
            throws IOException {
        DatasetInfo d = catalogue.requireDataset(datasetName);
        List<WindowInfo> all = catalogue.windowsOfDataset(d.id());
        if (all.isEmpty()) {
            throw new IOException("dataset " + datasetName + " has no windows to train on (every window was dropped at import; see: inspect " + datasetName + ")");
        }
        List<WindowInfo> train = new ArrayList<>();
        List<WindowInfo> heldOut = new ArrayList<>();
        if (by == HeldOutBy.SUBJECT) {
            Set<String> subjects = new TreeSet<>();
            all.forEach(w -> subjects.add(w.subject()));
            List<String> order = new ArrayList<>(subjects);
            Collections.shuffle(order, new Random(seed));
            int held = subjects.size() < 2 || heldOutFraction == 0 ? 0 : Math.max(1, (int) Math.round(heldOutFraction * subjects.size()));
            held = Math.min(held, subjects.size() - 1);
            Set<String> heldSubjects = new LinkedHashSet<>(order.subList(0, Math.max(0, held)));
            for (WindowInfo w : all) {
                (heldSubjects.contains(w.subject()) ? heldOut : train).add(w);
            }
        } else {
            java.util.Map<String, List<WindowInfo>> bySubject = new java.util.LinkedHashMap<>();
            all.forEach(w -> bySubject.computeIfAbsent(w.subject(), k -> new ArrayList<>()).add(w));
            for (List<WindowInfo> ws : bySubject.values()) {
                int held = ws.size() < 2 || heldOutFraction == 0 ? 0 : Math.max(1, (int) Math.round(heldOutFraction * ws.size()));
                held = Math.min(held, ws.size() - 1);
                train.addAll(ws.subList(0, ws.size() - held));
                heldOut.addAll(ws.subList(ws.size() - held, ws.size()));
            }
        }
        return new TrainingWindows(d, catalogue.openCache(d), train, heldOut, d.patchSamples());
    }

    public DatasetInfo dataset() {
        return dataset;
    }

    public List<WindowInfo> train() {
        return train;
    }

    public List<WindowInfo> heldOut() {
        return heldOut;
    }

    public int patchSamples() {
        return patchSamples;
    }

    /** The largest patch count of any window at this patch length (the model's position table must cover it). */
    public int maxPatches() {
        int max = 1;
        for (WindowInfo w : train) {
            max = Math.max(max, patchesOf(w));
        }
        for (WindowInfo w : heldOut) {
            max = Math.max(max, patchesOf(w));
        }
        return max;
    }

    /** Patches of a window at this patch length: the dataset's patch count scaled, rounded up for a partial last patch. */
    private int patchesOf(WindowInfo w) {
        int group = patchSamples / dataset.patchSamples();
        return (w.patches() + group - 1) / group;
    }

    /** Valid patches of a window at this patch length (the rule of {@link #validPatches(WindowInfo, int)}). */
    public int validPatches(WindowInfo w) {
        return validPatches(w.validSamples(), patchesOf(w), patchSamples);
    }

    /**
     * Patches the model treats as signal, at the dataset's own patch length: the whole ones, plus a partial last
     * patch when at least half of it is signal (a 5-sample stub of a 50-sample patch would be mostly padding).
     */
    public static int validPatches(WindowInfo w, int patchSamples) {
        return validPatches(w.validSamples(), w.patches(), patchSamples);
    }

    private static int validPatches(int validSamples, int patches, int patchSamples) {
        int whole = validSamples / patchSamples;
        int rest = validSamples - whole * patchSamples;
        return Math.max(1, Math.min(patches, whole + (rest * 2 >= patchSamples ? 1 : 0)));
    }

    /** The windows of one epoch in a seeded random order (the same for the same seed and epoch, so a resumed epoch repeats it). */
    public List<WindowInfo> epochOrder(long seed, int epoch) {
        List<WindowInfo> order = new ArrayList<>(train);
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        return order;
    }

    /** Number of batches an epoch of {@code batchSize} gives (the last batch may be smaller). */
    public int batchesPerEpoch(int batchSize) {
        return (train.size() + batchSize - 1) / batchSize;
    }

    /**
     * One padded batch on {@code manager}: patches [B, P, S] (P the largest valid patch count in the batch),
     * valid patch counts [B] (int32), and the per-patch prior scores [B, P] (0 on padding). A partial last patch
     * is completed by repeating its last valid sample ({@link PaddingTools#padPartialPatch}); padding patches
     * after a window's count are zero and never read.
     */
    public Batch batch(NDManager manager, List<WindowInfo> windows) {
        int b = windows.size();
        int p = 1;
        int[] counts = new int[b];
        for (int i = 0; i < b; i++) {
            counts[i] = validPatches(windows.get(i));
            p = Math.max(p, counts[i]);
        }
        float[] samples = new float[b * p * patchSamples];
        float[] priors = new float[b * p];
        int group = patchSamples / dataset.patchSamples();
        for (int i = 0; i < b; i++) {
            WindowInfo w = windows.get(i);
            int n = counts[i];
            float[] s = cache.samples(w.sampleOffset(), Math.min(n * patchSamples, w.patches() * dataset.patchSamples()));
            int keep = Math.min(s.length, w.validSamples());
            System.arraycopy(s, 0, samples, i * p * patchSamples, keep);
            PaddingTools.padPartialPatch(samples, i * p * patchSamples, keep, n * patchSamples);
            int datasetPatches = Math.min(w.patches(), n * group);
            float[] stats = cache.patchStats(w.patchOffset(), datasetPatches);
            for (int k = 0; k < n; k++) {
                // A model patch's prior is the mean over the dataset patches it covers (itself when the lengths agree).
                float sum = 0;
                int covered = 0;
                for (int j = k * group; j < Math.min((k + 1) * group, datasetPatches); j++) {
                    sum += stats[j * WindowCache.PATCH_FIELDS + 4];
                    covered++;
                }
                priors[i * p + k] = covered == 0 ? 0 : sum / covered;
            }
        }
        NDArray x = manager.create(samples, new Shape(b, p, patchSamples));
        NDArray c = manager.create(counts);
        NDArray pr = manager.create(priors, new Shape(b, p));
        return new Batch(windows, x, c, pr);
    }

    /** A batch of windows as arrays, owned by the manager that made them. */
    public record Batch(List<WindowInfo> windows, NDArray patches, NDArray counts, NDArray priors) {
    }

    /** Splits {@code windows} into consecutive batches of at most {@code batchSize}. */
    public static List<List<WindowInfo>> chunks(List<WindowInfo> windows, int batchSize) {
        List<List<WindowInfo>> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i += batchSize) {
            out.add(windows.subList(i, Math.min(windows.size(), i + batchSize)));
        }
        return out;
    }
}
