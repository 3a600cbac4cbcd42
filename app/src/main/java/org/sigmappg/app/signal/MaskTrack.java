package org.sigmappg.app.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.train.InspectionData;

/**
 * What a pre-training run kept about the record's inspection windows at one epoch, aligned with the record's
 * {@link PatchTrack}: the teacher's mask probability, the sampled mask and the student's answers per patch;
 * patches outside the inspection windows have none. A run keeps masks only for a few held-out windows (its
 * {@code --inspect} windows), so the band says which of the record's windows those are.
 */
public final class MaskTrack {
    private final String run;
    private final int epoch;
    private final float[] probability;
    private final byte[] mask;
    private final byte[] correct;
    private final List<Integer> windows;
    private final int inspected;

    private MaskTrack(String run, int epoch, float[] probability, byte[] mask, byte[] correct, List<Integer> windows, int inspected) {
        this.run = run;
        this.epoch = epoch;
        this.probability = probability;
        this.mask = mask;
        this.correct = correct;
        this.windows = List.copyOf(windows);
        this.inspected = inspected;
    }

    public static MaskTrack of(String run, InspectionData.Epoch epoch, List<WindowInfo> recordWindows, PatchTrack track) {
        float[] probability = new float[track.size()];
        byte[] mask = new byte[track.size()];
        byte[] correct = new byte[track.size()];
        Arrays.fill(probability, Float.NaN);
        Arrays.fill(mask, (byte) -1);
        Arrays.fill(correct, (byte) -1);
        List<Integer> found = new ArrayList<>();
        for (WindowInfo w : recordWindows) {
            InspectionData.Window iw = epoch.window(w.id()).orElse(null);
            if (iw == null) {
                continue;
            }
            found.add(w.index());
            for (int i = 0; i < track.size(); i++) {
                int p = track.patchInWindow(i);
                if (track.window(i) == w.index() && p < iw.patches()) {
                    probability[i] = iw.maskProbability()[p];
                    mask[i] = (byte) iw.mask()[p];
                    correct[i] = (byte) iw.correct()[p];
                }
            }
        }
        return new MaskTrack(run, epoch.epoch(), probability, mask, correct, found, epoch.windows().size());
    }

    public String run() {
        return run;
    }

    public int epoch() {
        return epoch;
    }

    /** How many of the record's windows are inspection windows of the run. */
    public int windows() {
        return windows.size();
    }

    /** Whether the run kept masks for the record's window {@code index}. */
    public boolean covers(int index) {
        return windows.contains(index);
    }

    /** What the band shows and why the other windows have no masks, for the line above the plot. */
    public String note() {
        String kept = run + " keeps its teacher's masks for " + inspected + " held-out window" + (inspected == 1 ? "" : "s")
                + " at each epoch (its inspection windows, --inspect)";
        if (windows.isEmpty()) {
            return kept + "; none is in this record, so its mask band is empty here (the Masks view shows them all)";
        }
        StringBuilder which = new StringBuilder();
        for (int i = 0; i < windows.size(); i++) {
            which.append(i == 0 ? "" : i == windows.size() - 1 ? " and " : ", ").append(windows.get(i));
        }
        return "epoch " + epoch + ": masks on window" + (windows.size() == 1 ? " " : "s ") + which + " of this record; " + kept
                + ", so the other windows have none";
    }

    /** What the band says over a window without masks, longest first: the first that fits is written. */
    public static final List<String> NOT_INSPECTED = List.of("no masks: not an inspection window", "not inspected");

    /** The teacher's probability of masking track patch {@code i}, NaN outside the inspection windows. */
    public double probability(int i) {
        return probability[i];
    }

    /** 1 if the sampled mask hid the patch, 0 if not, -1 outside the inspection windows. */
    public int mask(int i) {
        return mask[i];
    }

    /** 1 if the student predicted the masked patch's code, 0 if not, -1 where the patch was visible. */
    public int correct(int i) {
        return correct[i];
    }
}
