package org.sigmappg.app.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.signal.PatchFlag;
import org.sigmappg.signal.PatchPriors;
import org.sigmappg.signal.Window;

/**
 * Every patch of one record on the record's time axis, in time order: where it lies, its statistics as the
 * import stored them (std, skewness, A, S, P) and its QC flags, plus the windows the patches belong to and
 * the merged stretches of flat, clipped and missing signal.
 */
public final class PatchTrack {
    /** A quality flag shown as shading. */
    public enum Qc {
        MISSING(WindowCache.FLAG_MISSING, "missing"),
        FLAT(WindowCache.FLAG_FLAT, "flat"),
        CLIPPED(WindowCache.FLAG_CLIPPED, "clipped");

        private final int bit;
        private final String label;

        Qc(int bit, String label) {
            this.bit = bit;
            this.label = label;
        }

        public int bit() {
            return bit;
        }

        public String label() {
            return label;
        }
    }

    /** A stretch of consecutive patches carrying one flag. */
    public record Span(double start, double end, Qc kind) {
    }

    /** A model window: its index in the record and its time range (valid samples only). */
    public record WindowSpan(int index, double start, double end, int patches) {
    }

    private final double patchSeconds;
    private final double[] start;
    private final double[] end;
    private final float[] stats;
    private final byte[] flags;
    private final int[] window;
    private final int[] patchInWindow;
    private final List<WindowSpan> windows;
    private final List<Span> qcSpans;
    private final double[] flaggedStart;
    private final double[] flaggedEnd;

    private PatchTrack(double patchSeconds, double[] start, double[] end, float[] stats, byte[] flags, int[] window,
                       int[] patchInWindow, List<WindowSpan> windows) {
        this.patchSeconds = patchSeconds;
        this.start = start;
        this.end = end;
        this.stats = stats;
        this.flags = flags;
        this.window = window;
        this.patchInWindow = patchInWindow;
        this.windows = List.copyOf(windows);
        this.qcSpans = mergeSpans();
        List<double[]> union = new ArrayList<>();
        for (Span sp : qcSpans) {
            double[] last = union.isEmpty() ? null : union.get(union.size() - 1);
            if (last != null && sp.start() <= last[1] + 1e-9) {
                last[1] = Math.max(last[1], sp.end());
            } else {
                union.add(new double[] {sp.start(), sp.end()});
            }
        }
        this.flaggedStart = union.stream().mapToDouble(a -> a[0]).toArray();
        this.flaggedEnd = union.stream().mapToDouble(a -> a[1]).toArray();
    }

    /** The patches of a stored record: windows from the catalogue, statistics and flags from the dataset cache. */
    public static PatchTrack fromCache(List<WindowInfo> windowInfos, WindowCache cache, double fs, int patchSamples) {
        Builder b = new Builder(patchSamples / fs);
        for (WindowInfo w : windowInfos) {
            b.window(w.index(), w.startSample() / fs, w.validSamples() / fs, w.patches(),
                    cache.patchStats(w.patchOffset(), w.patches()), cache.patchFlags(w.patchOffset(), w.patches()));
        }
        return b.build();
    }

    /** The patches of windows pre-processed in memory (the benchmark's synthetic day, for instance). */
    public static PatchTrack fromWindows(List<Window> windowList, double fs) {
        double patchSeconds = windowList.isEmpty() ? 1 : windowList.get(0).patchSamples() / fs;
        Builder b = new Builder(patchSeconds);
        int index = 0;
        for (Window w : windowList) {
            PatchPriors pr = w.priors();
            float[] st = new float[w.patches() * WindowCache.PATCH_FIELDS];
            byte[] fl = new byte[w.patches()];
            for (int i = 0; i < w.patches(); i++) {
                int o = i * WindowCache.PATCH_FIELDS;
                st[o] = (float) pr.std()[i];
                st[o + 1] = (float) pr.skewness()[i];
                st[o + 2] = (float) pr.amplitude()[i];
                st[o + 3] = (float) pr.morphology()[i];
                st[o + 4] = (float) pr.prior()[i];
                fl[i] = (byte) w.patchFlags()[i];
            }
            b.window(index++, w.start() / fs, w.validSamples() / fs, w.patches(), st, fl);
        }
        return b.build();
    }

    /** Collects windows one after another. */
    private static final class Builder {
        private final double patchSeconds;
        private final List<WindowSpan> windows = new ArrayList<>();
        private double[] start = new double[256];
        private double[] end = new double[256];
        private float[] stats = new float[256 * WindowCache.PATCH_FIELDS];
        private byte[] flags = new byte[256];
        private int[] window = new int[256];
        private int[] inWindow = new int[256];
        private int n;

        Builder(double patchSeconds) {
            this.patchSeconds = patchSeconds;
        }

        void window(int index, double t0, double validSeconds, int patches, float[] st, byte[] fl) {
            double t1 = t0 + validSeconds;
            windows.add(new WindowSpan(index, t0, t1, patches));
            for (int i = 0; i < patches; i++) {
                double ps = t0 + i * patchSeconds;
                if (ps >= t1) {
                    break;
                }
                grow();
                start[n] = ps;
                end[n] = Math.min(ps + patchSeconds, t1);
                System.arraycopy(st, i * WindowCache.PATCH_FIELDS, stats, n * WindowCache.PATCH_FIELDS, WindowCache.PATCH_FIELDS);
                flags[n] = fl[i];
                window[n] = index;
                inWindow[n] = i;
                n++;
            }
        }

        private void grow() {
            if (n < start.length) {
                return;
            }
            int cap = start.length * 2;
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            stats = Arrays.copyOf(stats, cap * WindowCache.PATCH_FIELDS);
            flags = Arrays.copyOf(flags, cap);
            window = Arrays.copyOf(window, cap);
            inWindow = Arrays.copyOf(inWindow, cap);
        }

        PatchTrack build() {
            return new PatchTrack(patchSeconds, Arrays.copyOf(start, n), Arrays.copyOf(end, n),
                    Arrays.copyOf(stats, n * WindowCache.PATCH_FIELDS), Arrays.copyOf(flags, n), Arrays.copyOf(window, n),
                    Arrays.copyOf(inWindow, n), windows);
        }
    }

    private List<Span> mergeSpans() {
        List<Span> out = new ArrayList<>();
        for (Qc kind : Qc.values()) {
            int i = 0;
            while (i < size()) {
                if (!has(i, kind)) {
                    i++;
                    continue;
                }
                int j = i;
                // Extend while the next patch also carries the flag and follows without a gap.
                while (j + 1 < size() && has(j + 1, kind) && start[j + 1] <= end[j] + 1e-9) {
                    j++;
                }
                out.add(new Span(start[i], end[j], kind));
                i = j + 1;
            }
        }
        out.sort((a, b) -> Double.compare(a.start(), b.start()));
        return List.copyOf(out);
    }

    public int size() {
        return start.length;
    }

    /** Nominal patch length in seconds (the last patch of a window may be shorter). */
    public double patchSeconds() {
        return patchSeconds;
    }

    public double start(int i) {
        return start[i];
    }

    public double end(int i) {
        return end[i];
    }

    public double std(int i) {
        return stats[i * WindowCache.PATCH_FIELDS];
    }

    public double skewness(int i) {
        return stats[i * WindowCache.PATCH_FIELDS + 1];
    }

    /** Amplitude stability A. */
    public double amplitude(int i) {
        return stats[i * WindowCache.PATCH_FIELDS + 2];
    }

    /** Morphology S. */
    public double morphology(int i) {
        return stats[i * WindowCache.PATCH_FIELDS + 3];
    }

    /** Prior score P. */
    public double prior(int i) {
        return stats[i * WindowCache.PATCH_FIELDS + 4];
    }

    public int flags(int i) {
        return flags[i] & 0xff;
    }

    public boolean has(int i, Qc kind) {
        return (flags[i] & kind.bit()) != 0;
    }

    /** Whether the patch ends in zero padding (the partial last patch of a record). */
    public boolean padded(int i) {
        return (flags[i] & PatchFlag.PADDED.bit()) != 0;
    }

    /** Index of the window (within the record) the patch belongs to. */
    public int window(int i) {
        return window[i];
    }

    /** Position of the patch within its window. */
    public int patchInWindow(int i) {
        return patchInWindow[i];
    }

    public List<WindowSpan> windows() {
        return windows;
    }

    /** Flat, clipped and missing stretches, in time order. */
    public List<Span> qcSpans() {
        return qcSpans;
    }

    /** Whether time {@code t} lies in a flat, clipped or missing stretch. */
    public boolean flaggedAt(double t) {
        int i = Arrays.binarySearch(flaggedStart, t);
        int at = i >= 0 ? i : -i - 2;
        return at >= 0 && t < flaggedEnd[at];
    }

    /** Number of patches carrying {@code kind}. */
    public int count(Qc kind) {
        int c = 0;
        for (int i = 0; i < size(); i++) {
            if (has(i, kind)) {
                c++;
            }
        }
        return c;
    }

    /** The patch covering time {@code t}, or -1 when no patch does (dropped stretch, before or after the windows). */
    public int indexAt(double t) {
        int i = Arrays.binarySearch(start, t);
        int at = i >= 0 ? i : -i - 2;
        return at >= 0 && t < end[at] ? at : -1;
    }

    /** Index of the first patch that ends after {@code t} ({@code size()} when none does). */
    public int firstEndingAfter(double t) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (end[mid] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
