package org.sigmappg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowingTest {
    /** Windows of 4 patches of 50 samples (200 samples) keep the arithmetic readable. */
    private static final WindowParams SMALL = new WindowParams(50, 4, 0.2, 0.5);
    private static final Windowing WINDOWING = new Windowing(SMALL, new PriorScore(PriorParams.defaults()));

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i * 0.3) * (1 + i % 7);
        }
        return x;
    }

    private static QualityMasks clean(int n) {
        return new QualityMasks(new boolean[n], new boolean[n], new boolean[n]);
    }

    @Test
    void fullWindowsThenOneShorterWindowOfWholePatchesWithPadding() {
        WindowSet set = WINDOWING.split(ramp(530), clean(530));
        assertEquals(3, set.kept().size());
        assertTrue(set.dropped().isEmpty());
        Window tail = set.kept().get(2);
        assertEquals(400, tail.start());
        assertEquals(130, tail.validSamples());
        assertEquals(3, tail.patches());
        assertEquals(150, tail.samples().length);
        for (int i = 130; i < 150; i++) {
            assertEquals(0f, tail.samples()[i], "padding at " + i);
        }
        assertEquals(30, tail.patchValidSamples(2));
        assertTrue(tail.has(2, PatchFlag.PADDED));
        assertFalse(tail.has(1, PatchFlag.PADDED));
        assertEquals(3, tail.priors().patches());
        for (Window w : set.kept().subList(0, 2)) {
            assertEquals(200, w.validSamples());
            assertEquals(4, w.patches());
        }
    }

    @Test
    void remainderShorterThanOnePatchIsDroppedWithItsReason() {
        WindowSet set = WINDOWING.split(ramp(430), clean(430));
        assertEquals(2, set.kept().size());
        DroppedWindow d = set.dropped().get(0);
        assertEquals(new DroppedWindow(400, 30, DroppedWindow.Reason.SHORTER_THAN_PATCH, d.detail()), d);
        WindowSet tiny = WINDOWING.split(ramp(49), clean(49));
        assertTrue(tiny.kept().isEmpty());
        assertEquals(DroppedWindow.Reason.SHORTER_THAN_PATCH, tiny.dropped().get(0).reason());
        assertTrue(tiny.dropped().get(0).detail().equals("record is shorter than one patch (49 of 50 samples)"), tiny.dropped().get(0).detail());
    }

    @Test
    void minMaxScalingMapsTheValidSamplesOntoZeroToOne() {
        float[] x = {3, 5, 7, 4, 11};
        float[] signal = new float[50];
        for (int i = 0; i < 50; i++) {
            signal[i] = x[i % 5];
        }
        Window w = WINDOWING.split(signal, clean(50)).kept().get(0);
        // min 3, max 11: (v - 3) / 8.
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.125f, 1f}, Arrays.copyOf(w.samples(), 5), 1e-7f);
        assertFalse(w.constant());
    }

    @Test
    void missingSamplesDoNotSetTheScaleAndAreClamped() {
        float[] signal = new float[100];
        boolean[] missing = new boolean[100];
        for (int i = 0; i < 100; i++) {
            signal[i] = i % 2;
        }
        signal[10] = 100;
        missing[10] = true;
        Window w = WINDOWING.split(signal, new QualityMasks(missing, new boolean[100], new boolean[100])).kept().get(0);
        assertEquals(1f, w.samples()[10]);
        assertEquals(1f, w.samples()[1]);
        assertEquals(0f, w.samples()[2]);
        assertEquals(0.01, w.missingFraction(), 1e-12);
    }

    @Test
    void windowsWithMoreThanTwentyPercentMissingAreDroppedWithTheReason() {
        int n = 400;
        boolean[] missing = new boolean[n];
        for (int i = 0; i < 41; i++) {
            missing[i] = true; // 41 / 200 = 20.5 % in the first window
        }
        for (int i = 200; i < 240; i++) {
            missing[i] = true; // 40 / 200 = 20 % exactly in the second: kept
        }
        WindowSet set = WINDOWING.split(ramp(n), new QualityMasks(missing, new boolean[n], new boolean[n]));
        assertEquals(1, set.kept().size());
        assertEquals(200, set.kept().get(0).start());
        assertEquals(0.2, set.kept().get(0).missingFraction(), 1e-12);
        DroppedWindow d = set.dropped().get(0);
        assertEquals(0, d.start());
        assertEquals(200, d.length());
        assertEquals(DroppedWindow.Reason.TOO_MUCH_MISSING, d.reason());
        assertTrue(d.detail().contains("20.5 %"), d.detail());
    }

    @Test
    void constantWindowIsHalfEverywhereAndFlaggedFlat() {
        float[] signal = new float[120];
        Arrays.fill(signal, 2.5f);
        Window w = WINDOWING.split(signal, clean(120)).kept().get(0);
        assertTrue(w.constant());
        for (int i = 0; i < 120; i++) {
            assertEquals(0.5f, w.samples()[i]);
        }
        for (int p = 0; p < 3; p++) {
            assertTrue(w.has(p, PatchFlag.FLAT));
        }
    }

    @Test
    void qualityFractionsAndPatchFlags() {
        int n = 200;
        boolean[] flat = new boolean[n];
        boolean[] clipped = new boolean[n];
        Arrays.fill(flat, 50, 100, true); // all of patch 1
        Arrays.fill(clipped, 100, 124, true); // 24 of 50 in patch 2: under half
        Arrays.fill(clipped, 150, 175, true); // 25 of 50 in patch 3: half
        Window w = WINDOWING.split(ramp(n), new QualityMasks(new boolean[n], flat, clipped)).kept().get(0);
        assertEquals(0.25, w.flatFraction(), 1e-12);
        assertEquals(49 / 200.0, w.clippedFraction(), 1e-12);
        assertEquals(List.of(false, true, false, false), flags(w, PatchFlag.FLAT));
        assertEquals(List.of(false, false, false, true), flags(w, PatchFlag.CLIPPED));
        assertEquals(List.of(false, false, false, false), flags(w, PatchFlag.MISSING));
    }

    @Test
    void parallelSplitEqualsSequential() {
        int n = 200 * 40 + 77;
        ExecutorService pool = SignalThreads.newPool(3, "test-windowing");
        try {
            WindowSet a = WINDOWING.split(ramp(n), clean(n));
            WindowSet b = WINDOWING.split(ramp(n), clean(n), Windowing.Levels.NOT_MEASURED, pool);
            assertEquals(a.kept().size(), b.kept().size());
            for (int i = 0; i < a.kept().size(); i++) {
                assertArrayEquals(a.kept().get(i).samples(), b.kept().get(i).samples());
                assertArrayEquals(a.kept().get(i).priors().prior(), b.kept().get(i).priors().prior());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aShorterHopGivesOverlappingWindowsThenOneTailAtTheNextHop() {
        // 200-sample windows every 50 samples over 530 samples: full windows at 0, 50, ..., 300 (300 + 200 <= 530), the last
        // ending at 500; the 30 samples after it are covered by a tail starting at the next hop, 350, and running to the end.
        Windowing hop = new Windowing(SMALL.withHop(50, 0), new PriorScore(PriorParams.defaults()));
        WindowSet set = hop.split(ramp(530), clean(530));
        assertEquals(List.of(0, 50, 100, 150, 200, 250, 300, 350), set.kept().stream().map(Window::start).toList());
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 180), set.kept().stream().map(Window::validSamples).toList());
        assertTrue(set.dropped().isEmpty());
        // A signal that the full windows end on exactly has no tail.
        assertEquals(7, hop.split(ramp(500), clean(500)).kept().size());
        // Overlapping windows are scaled each on its own: the same samples, the same scaled values where they overlap.
        float[] x = ramp(530);
        Window a = set.kept().get(0);
        Window b = new Windowing(SMALL, new PriorScore(PriorParams.defaults())).split(x, clean(530)).kept().get(0);
        assertArrayEquals(b.samples(), a.samples());
    }

    @Test
    void aTailShorterThanTheSmallestKeptShareIsDroppedWithItsReason() {
        // 530 samples in 200-sample windows back to back: a 130-sample tail (65 % of a window), kept by default and shorter.
        assertEquals(130, WINDOWING.split(ramp(530), clean(530)).kept().get(2).validSamples());
        Windowing strict = new Windowing(SMALL.withHop(200, 0.7), new PriorScore(PriorParams.defaults()));
        WindowSet set = strict.split(ramp(530), clean(530));
        assertEquals(2, set.kept().size());
        DroppedWindow d = set.dropped().get(0);
        assertEquals(new DroppedWindow(400, 130, DroppedWindow.Reason.SHORTER_THAN_MIN_FRACTION, d.detail()), d);
        assertEquals("tail after the last full window is 130 of 200 samples (65 % of a window), less than the smallest kept share of 70 %",
                d.detail());
        assertEquals(3, new Windowing(SMALL.withHop(200, 0.65), new PriorScore(PriorParams.defaults())).split(ramp(530), clean(530))
                .kept().size(), "a tail of exactly the smallest share is kept");
        WindowSet shortRecord = strict.split(ramp(120), clean(120));
        assertTrue(shortRecord.kept().isEmpty());
        assertTrue(shortRecord.dropped().get(0).detail().startsWith("record is 120 of 200 samples (60 % of a window)"),
                shortRecord.dropped().get(0).detail());
    }

    @Test
    void parametersStoredBeforeHopsExistedReadAsWindowsBackToBack() {
        WindowParams old = new com.google.gson.Gson().fromJson("{\"patchSamples\":50,\"windowPatches\":4,\"maxMissingFraction\":0.2,"
                + "\"patchFlagFraction\":0.5}", WindowParams.class);
        assertEquals(200, old.hopSamples());
        assertEquals(0, old.minWindowFraction());
        assertEquals(SMALL, old);
    }

    private static List<Boolean> flags(Window w, PatchFlag flag) {
        return IntStream.range(0, w.patches()).mapToObj(p -> w.has(p, flag)).toList();
    }
}
