package org.sigmappg.app.signal;

import java.util.Arrays;
import java.util.List;
import org.sigmappg.app.masks.InspectionData;
import org.sigmappg.data.WindowInfo;

/**
 * What a pre-training run kept about the record's inspection windows at one epoch, aligned with the record's
 * {@link PatchTrack}: the teacher's mask probability, the sampled mask and the student's answers per patch;
 * patches outside the inspection windows have none.
 */
public final class MaskTrack {
    private final String run;
    private final int epoch;
    private final float[] probability;
    private final byte[] mask;
    private final byte[] correct;
    private final int windows;

    private MaskTrack(String run, int epoch, float[] probability, byte[] mask, byte[] correct, int windows) {
        this.run = run;
        this.epoch = epoch;
        this.probability = probability;
        this.mask = mask;
        this.correct = correct;
        this.windows = windows;
    }

    public static MaskTrack of(String run, InspectionData.Epoch epoch, List<WindowInfo> recordWindows, PatchTrack track) {
        float[] probability = new float[track.size()];
        byte[] mask = new byte[track.size()];
        byte[] correct = new byte[track.size()];
        Arrays.fill(probability, Float.NaN);
        Arrays.fill(mask, (byte) -1);
        Arrays.fill(correct, (byte) -1);
        int found = 0;
        for (WindowInfo w : recordWindows) {
            InspectionData.Window iw = epoch.window(w.id()).orElse(null);
            if (iw == null) {
                continue;
            }
            found++;
            for (int i = 0; i < track.size(); i++) {
                int p = track.patchInWindow(i);
                if (track.window(i) == w.index() && p < iw.patches()) {
                    probability[i] = iw.maskProbability()[p];
                    mask[i] = (byte) iw.mask()[p];
                    correct[i] = (byte) iw.correct()[p];
                }
            }
        }
        return new MaskTrack(run, epoch.epoch(), probability, mask, correct, found);
    }

    public String run() {
        return run;
    }

    public int epoch() {
        return epoch;
    }

    /** How many of the record's windows are inspection windows of the run. */
    public int windows() {
        return windows;
    }

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
