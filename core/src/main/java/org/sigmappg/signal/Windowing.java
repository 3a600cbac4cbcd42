package org.sigmappg.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * Cuts a 50 Hz signal into model windows of whole patches, scales each to [0, 1] and scores its patches.
 *
 * <p>Full windows start every {@link WindowParams#hopSamples()} samples (back to back by default, overlapping with a
 * shorter hop) as long as they fit; when the last full window ends before the signal does (or a whole record is
 * shorter than a window), one shorter window starts at the next hop and runs to the end: ceil(remaining /
 * patchSamples) patches, its partial last patch zero-padded and flagged {@link PatchFlag#PADDED}. Such a partial
 * window shorter than {@code minWindowFraction} of the window length is dropped with
 * {@link DroppedWindow.Reason#SHORTER_THAN_MIN_FRACTION}, and one shorter than a patch always, with
 * {@link DroppedWindow.Reason#SHORTER_THAN_PATCH}. Windows with more than {@code maxMissingFraction} missing samples
 * are dropped with {@link DroppedWindow.Reason#TOO_MUCH_MISSING}.
 *
 * <p>Scaling: min and max are taken over the valid samples that were not missing, so filled stand-ins
 * never set the scale; filled samples are clamped into [0, 1]. A constant window (max == min after the
 * conversion to float, which also catches a filter transient that has decayed below float precision) is
 * set to 0.5 and flagged flat. What the scaling throws away, the window's DC level and AC amplitude in raw
 * units, is kept beside it ({@link WindowLevels}).
 */
public final class Windowing {
    /** Windows per task when the work is split over threads; each window is about 12,000 samples of work. */
    private static final int WINDOWS_PER_TASK = 8;

    private final WindowParams params;
    private final PriorScore priors;

    public Windowing(WindowParams params, PriorScore priors) {
        this.params = params;
        this.priors = priors;
    }

    /** The levels of the window over signal[start, start + valid), from the channel it was cut from. */
    @FunctionalInterface
    public interface Levels {
        /** For a signal whose raw channel is not at hand. */
        Levels NOT_MEASURED = (start, valid) -> WindowLevels.UNKNOWN;

        WindowLevels of(int start, int valid);
    }

    /** Windows of {@code signal} with its masks (same grid and length), on the calling thread, without levels. */
    public WindowSet split(float[] signal, QualityMasks masks) {
        return split(signal, masks, Levels.NOT_MEASURED, null);
    }

    /**
     * Windows of {@code signal} with its masks and the levels of each, computed in parallel on {@code executor} when
     * it is not null.
     */
    public WindowSet split(float[] signal, QualityMasks masks, Levels levels, Executor executor) {
        if (masks.length() != signal.length) {
            throw new IllegalArgumentException("signal has " + signal.length + " samples but its masks " + masks.length());
        }
        int n = signal.length;
        int full = params.windowSamples();
        int hop = params.hopSamples();
        int patch = params.patchSamples();
        int fullWindows = n < full ? 0 : (n - full) / hop + 1;
        int lastEnd = fullWindows == 0 ? 0 : (fullWindows - 1) * hop + full;
        int tailStart = fullWindows * hop;
        int tail = lastEnd < n ? n - tailStart : 0;
        double tailFraction = (double) tail / full;
        boolean tailKept = tail >= patch && tailFraction >= params.minWindowFraction();
        int candidates = fullWindows + (tailKept ? 1 : 0);
        Window[] windows = new Window[candidates];
        DroppedWindow[] drops = new DroppedWindow[candidates];
        SignalThreads.forRange(executor, candidates, WINDOWS_PER_TASK, (from, to) -> {
            for (int w = from; w < to; w++) {
                int start = w * hop;
                int valid = Math.min(full, n - start);
                int missingCount = count(masks.missing(), start, valid);
                double missingFraction = (double) missingCount / valid;
                if (missingFraction > params.maxMissingFraction()) {
                    drops[w] = new DroppedWindow(start, valid, DroppedWindow.Reason.TOO_MUCH_MISSING, String.format(Locale.ROOT,
                            "%.1f %% of %d samples missing, more than the allowed %.1f %%",
                            100 * missingFraction, valid, 100 * params.maxMissingFraction()));
                } else {
                    windows[w] = window(signal, masks, start, valid, missingCount, levels.of(start, valid));
                }
            }
        });
        List<Window> kept = new ArrayList<>();
        List<DroppedWindow> dropped = new ArrayList<>();
        for (int w = 0; w < candidates; w++) {
            if (windows[w] != null) {
                kept.add(windows[w]);
            } else {
                dropped.add(drops[w]);
            }
        }
        String what = fullWindows == 0 ? "record" : "tail after the last full window";
        if (tail > 0 && tail < patch) {
            dropped.add(new DroppedWindow(tailStart, tail, DroppedWindow.Reason.SHORTER_THAN_PATCH, String.format(Locale.ROOT,
                    "%s is shorter than one patch (%d of %d samples)", what, tail, patch)));
        } else if (tail > 0 && !tailKept) {
            dropped.add(new DroppedWindow(tailStart, tail, DroppedWindow.Reason.SHORTER_THAN_MIN_FRACTION, String.format(Locale.ROOT,
                    "%s is %d of %d samples (%.0f %% of a window), less than the smallest kept share of %.0f %%", what, tail, full,
                    100 * tailFraction, 100 * params.minWindowFraction())));
        }
        return new WindowSet(kept, dropped);
    }

    /** The window over signal[start, start + valid), of which {@code missingCount} samples were missing. */
    private Window window(float[] signal, QualityMasks masks, int start, int valid, int missingCount, WindowLevels levels) {
        boolean[] missing = masks.missing();
        int patchSize = params.patchSamples();
        int patches = (valid + patchSize - 1) / patchSize;
        float[] scaled = new float[patches * patchSize];
        boolean constant = scale(signal, missing, start, valid, missingCount == valid, scaled);
        int[] flags = new int[patches];
        for (int p = 0; p < patches; p++) {
            int from = start + p * patchSize;
            int len = Math.min(patchSize, start + valid - from);
            flags[p] |= flag(missing, from, len, PatchFlag.MISSING);
            flags[p] |= constant ? PatchFlag.FLAT.bit() : flag(masks.flat(), from, len, PatchFlag.FLAT);
            flags[p] |= flag(masks.clipped(), from, len, PatchFlag.CLIPPED);
            flags[p] |= len < patchSize ? PatchFlag.PADDED.bit() : 0;
        }
        return new Window(start, valid, patches, scaled, (double) missingCount / valid,
                (double) count(masks.flat(), start, valid) / valid, (double) count(masks.clipped(), start, valid) / valid,
                constant, flags, priors.score(scaled, patchSize, valid), levels);
    }

    /**
     * Min-max scales signal[start, start + valid) into out[0, valid), leaving the padding at 0; returns
     * whether the window was constant.
     */
    private static boolean scale(float[] signal, boolean[] missing, int start, int valid, boolean allMissing, float[] out) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = start; i < start + valid; i++) {
            if (allMissing || !missing[i]) {
                min = Math.min(min, signal[i]);
                max = Math.max(max, signal[i]);
            }
        }
        if (!(max > min)) {
            Arrays.fill(out, 0, valid, 0.5f);
            return true;
        }
        double range = (double) max - min;
        for (int i = 0; i < valid; i++) {
            double v = (signal[start + i] - (double) min) / range;
            out[i] = (float) Math.min(1, Math.max(0, v));
        }
        return false;
    }

    private int flag(boolean[] mask, int from, int len, PatchFlag flag) {
        int c = count(mask, from, len);
        return c > 0 && c >= params.patchFlagFraction() * len ? flag.bit() : 0;
    }

    private static int count(boolean[] mask, int from, int len) {
        int c = 0;
        for (int i = from; i < from + len; i++) {
            c += mask[i] ? 1 : 0;
        }
        return c;
    }
}
