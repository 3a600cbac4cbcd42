package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sigmappg.signal.PatchFlag;
import org.sigmappg.signal.PatchPriors;
import org.sigmappg.signal.Window;
import org.sigmappg.signal.WindowLevels;

class PatchTrackTest {
    /** A window of {@code patches} 50-sample patches at 50 Hz starting at sample {@code start}, with the given flags. */
    private static Window window(int start, int validSamples, int patches, int... flags) {
        double[] p = new double[patches];
        double[] std = new double[patches];
        for (int i = 0; i < patches; i++) {
            p[i] = 0.1 * i;
            std[i] = 0.01 * (i + 1);
        }
        int[] f = flags.length == patches ? flags : new int[patches];
        return new Window(start, validSamples, patches, new float[patches * 50], 0, 0, 0, false, f,
                new PatchPriors(std, p.clone(), p.clone(), p.clone(), p.clone(), p), WindowLevels.UNKNOWN);
    }

    @Test
    void patchesLieOnTheRecordTimeAxisAndCarryTheirNumbers() {
        int flat = PatchFlag.FLAT.bit();
        PatchTrack t = PatchTrack.fromWindows(List.of(window(0, 200, 4, 0, flat, flat, 0), window(200, 130, 3)), 50);
        assertEquals(7, t.size());
        assertEquals(1.0, t.patchSeconds(), 0);
        assertEquals(4.0, t.start(4), 1e-12);
        assertEquals(6.6, t.end(6), 1e-12, "the last patch ends with the window's valid samples");
        assertEquals(0.03, t.std(2), 1e-6);
        assertEquals(0.2, t.prior(6), 1e-6);
        assertEquals(1, t.window(6));
        assertEquals(2, t.patchInWindow(6));
        assertEquals(5, t.indexAt(5.5));
        assertEquals(-1, t.indexAt(6.8), "after the last valid sample");
        assertEquals(List.of(new PatchTrack.WindowSpan(0, 0, 4, 4), new PatchTrack.WindowSpan(1, 4, 6.6, 3)), t.windows());
    }

    @Test
    void flaggedPatchesMergeIntoStretches() {
        int flat = PatchFlag.FLAT.bit();
        int clipped = PatchFlag.CLIPPED.bit();
        PatchTrack t = PatchTrack.fromWindows(List.of(window(0, 250, 5, flat, flat, flat | clipped, 0, clipped)), 50);
        assertEquals(List.of(new PatchTrack.Span(0, 3, PatchTrack.Qc.FLAT), new PatchTrack.Span(2, 3, PatchTrack.Qc.CLIPPED),
                new PatchTrack.Span(4, 5, PatchTrack.Qc.CLIPPED)), t.qcSpans());
        assertEquals(3, t.count(PatchTrack.Qc.FLAT));
        assertEquals(2, t.count(PatchTrack.Qc.CLIPPED));
        assertTrue(t.flaggedAt(2.5));
        assertFalse(t.flaggedAt(3.5));
        assertTrue(t.flaggedAt(4.0));
        assertEquals(3, t.firstEndingAfter(3.0));
    }

    @Test
    void windowsWithAGapBetweenThemStayApart() {
        int flat = PatchFlag.FLAT.bit();
        PatchTrack t = PatchTrack.fromWindows(List.of(window(0, 100, 2, 0, flat), window(500, 100, 2, flat, 0)), 50);
        assertEquals(2, t.qcSpans().size(), "a dropped stretch between windows splits the flat stretch");
        assertEquals(-1, t.indexAt(5.0));
    }
}
