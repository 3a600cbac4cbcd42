package org.sigmappg.io.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;
import org.sigmappg.io.wfdb.WfdbTestWriter.Sig;

/** Multi-segment records: layout header, gaps, segments with a subset of the signals, fixed layouts. */
class WfdbMultiSegmentTest {
    private static final float N = Float.NaN;

    private final WfdbReader reader = new WfdbReader();

    @TempDir
    Path dir;

    /**
     * seg1: A and B (2 samples per frame), 3 frames; then a 2-frame gap; seg2: B, C and an X the layout
     * does not list, 2 frames, with other gains than seg1.
     */
    @BeforeEach
    void writeSegments() throws IOException {
        WfdbTestWriter.write(dir, "seg1", "16", 100, new Sig("A", 1, new int[] {1, 2, 3}, "1"),
                new Sig("B", 2, new int[] {10, 11, 12, 13, 14, 15}, "10(10)/mV"));
        WfdbTestWriter.write(dir, "seg2", "212", 100, new Sig("X", 1, new int[] {7, 7}, "1"),
                new Sig("C", 1, new int[] {-4, 4}, "2"), new Sig("B", 2, new int[] {40, 50, 60, 70}, "20/mV"));
        Files.writeString(dir.resolve("ms_layout.hea"), "ms_layout 3 100 0\n~ 0 1/mV 16 0 0 0 0 A\n"
                + "~ 0x2 1/mV 16 0 0 0 0 B\n~ 0 1/NU 12 0 0 0 0 C\n");
    }

    private Path master(String text) throws IOException {
        Path master = dir.resolve("ms.hea");
        Files.writeString(master, text);
        return master;
    }

    @Test
    void layoutGapAndSubsetsConcatenateWithNaN() throws IOException {
        Path master = master("ms/4 3 100 7 10:00:00 01/02/2003\nms_layout 0\nseg1 3\n~ 2\nseg2 2\n#Label: AF\n");

        Recording recording = reader.read(master, ReadOptions.DEFAULT);

        assertEquals("ms", recording.name());
        assertEquals(Instant.parse("2003-02-01T10:00:00Z"), recording.start());
        assertEquals(Map.of("comment.1", "Label: AF", "label", "AF", "base_time", "10:00:00", "base_date", "2003-02-01"),
                recording.annotations());
        assertEquals(List.of("A", "B", "C"), recording.channels().stream().map(Channel::name).toList());
        Channel a = recording.channels().get(0);
        Channel b = recording.channels().get(1);
        Channel c = recording.channels().get(2);
        assertEquals(100.0, a.fs());
        assertEquals(200.0, b.fs());
        assertEquals("NU", c.unit());
        assertArrayEquals(new float[] {1, 2, 3, N, N, N, N}, a.samples());
        // seg1 B: (d - 10) / 10; seg2 B: d / 20 (its own gain and baseline).
        assertArrayEquals(new float[] {0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, N, N, N, N, 2, 2.5f, 3, 3.5f}, b.samples());
        assertArrayEquals(new float[] {N, N, N, N, N, -2, 2}, c.samples());
    }

    @Test
    void fixedLayoutTakesTheSignalsOfTheFirstSegment() throws IOException {
        WfdbTestWriter.write(dir, "seg3", "80", 100, new Sig("A", 1, new int[] {-100, 100}, "1"),
                new Sig("B", 2, new int[] {-1, -2, -3, -4}, "1"));
        Path master = master("ms/3 2 100 7\nseg1 3\n~ 2\nseg3 2\n");

        Recording recording = reader.read(master, ReadOptions.DEFAULT);

        assertArrayEquals(new float[] {1, 2, 3, N, N, -100, 100}, recording.channel("A").orElseThrow().samples());
        assertArrayEquals(new float[] {0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, N, N, N, N, -1, -2, -3, -4},
                recording.channel("B").orElseThrow().samples());
    }

    @Test
    void channelOptionKeepsTheNamedChannelsInTheGivenOrder() throws IOException {
        Path master = master("ms/4 3 100 7\nms_layout 0\nseg1 3\n~ 2\nseg2 2\n");

        Recording recording = reader.read(master, ReadOptions.DEFAULT.withChannels("c, a"));

        assertEquals(List.of("C", "A"), recording.channels().stream().map(Channel::name).toList());
        assertArrayEquals(new float[] {N, N, N, N, N, -2, 2}, recording.channels().get(0).samples());
    }

    @Test
    void missingSegmentNamesTheMasterLineAndTheExpectedPath() throws IOException {
        Path master = master("ms/3 3 100 7\nms_layout 0\nseg1 3\nseg9 4\n");

        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));

        assertEquals(master, e.file());
        assertEquals("line 4", e.location());
        assertTrue(e.getMessage().contains("ms.hea line 4: segment seg9 is missing: expected its header at "
                + dir.resolve("seg9.hea").toAbsolutePath()), e.getMessage());
    }

    @Test
    void segmentLengthsMustAddUpToTheRecordLength() throws IOException {
        Path master = master("ms/4 3 100 8\nms_layout 0\nseg1 3\n~ 2\nseg2 2\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().contains("ms.hea: the record line says 8 samples per signal but the segment lines"
                + " add up to 7"), e.getMessage());
    }

    @Test
    void segmentLineMustMatchTheSegmentHeader() throws IOException {
        Path master = master("ms/3 3 100 6\nms_layout 0\nseg1 4\nseg2 2\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertEquals(dir.resolve("seg1.hea"), e.file());
        assertTrue(e.problem().contains("holds 3 samples per signal but ms.hea line 3 says 4"), e.getMessage());
    }

    @Test
    void aSignalMustKeepItsSamplesPerFrame() throws IOException {
        Files.writeString(dir.resolve("ms_layout.hea"), "ms_layout 3 100 0\n~ 0 1/mV 16 0 0 0 0 A\n"
                + "~ 0x3 1/mV 16 0 0 0 0 B\n~ 0 1/NU 12 0 0 0 0 C\n");
        Path master = master("ms/2 3 100 3\nms_layout 0\nseg1 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().contains("seg1.hea line 3: signal B has 2 samples per frame here but 3 in"
                + " ms_layout.hea"), e.getMessage());
    }

    @Test
    void segmentsMustShareTheFrameRate() throws IOException {
        Path master = master("ms/2 3 125 3\nms_layout 0\nseg1 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertEquals(dir.resolve("ms_layout.hea"), e.file());
        assertTrue(e.problem().contains("runs at 100.0 frames per second but ms.hea at 125.0"), e.getMessage());
    }

    @Test
    void layoutMustHaveTheAnnouncedSignals() throws IOException {
        Path master = master("ms/2 4 100 3\nms_layout 0\nseg1 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().contains("ms.hea: the record line announces 4 signals but the layout in"
                + " ms_layout.hea has 3"), e.getMessage());
    }

    @Test
    void onlyGapsIsRefused() throws IOException {
        Path master = master("ms/1 1 100 3\n~ 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().contains("ms.hea: every segment is a gap"), e.getMessage());
    }

    /** The master's name need not be the layout's: MIMIC-III names masters by patient and time, layouts by record. */
    @Test
    void readingTheLayoutHeaderNamesTheMasterThatListsIt() throws IOException {
        Files.writeString(dir.resolve("p000878-2137-10-26-16-57.hea"), "p000878-2137-10-26-16-57/3 3 100 7\nms_layout 0\n"
                + "seg1 3\n~ 4\n");
        // Another multi-segment header that does not name the layout, and one that cannot be parsed.
        Files.writeString(dir.resolve("other.hea"), "other/1 3 100 3\nseg1 3\n");
        Files.writeString(dir.resolve("broken.hea"), "broken/x\n");

        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(dir.resolve("ms_layout.hea"), ReadOptions.DEFAULT));

        assertEquals(dir.resolve("ms_layout.hea") + ": this is the signal layout of a multi-segment record (no samples"
                + " and no signal files), not a record in itself; open the record's master header"
                + " p000878-2137-10-26-16-57.hea instead", e.getMessage());
    }

    @Test
    void aLayoutThatSeveralMastersNameListsThemAll() throws IOException {
        master("ms/2 3 100 3\nms_layout 0\nseg1 3\n");
        Files.writeString(dir.resolve("again.hea"), "again/3 3 100 5\nms_layout 0\nseg1 3\nseg2 2\n");

        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(dir.resolve("ms_layout.hea"), ReadOptions.DEFAULT));

        assertTrue(e.problem().endsWith("; open one of the master headers that name it as a segment instead:"
                + " 'again.hea', 'ms.hea'"), e.getMessage());
    }

    @Test
    void aLayoutWithoutItsMasterSaysTheMasterIsMissing() {
        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(dir.resolve("ms_layout.hea"), ReadOptions.DEFAULT));

        assertTrue(e.problem().endsWith("; no header in its folder names ms_layout as a segment, so the record's master"
                + " header is missing; copy it next to this one and open it"), e.getMessage());
    }

    @Test
    void aSegmentMustNotBeMultiSegmentItself() throws IOException {
        Files.writeString(dir.resolve("inner.hea"), "inner/1 3 100 3\nseg1 3\n");
        Path master = master("ms/2 3 100 3\nms_layout 0\ninner 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertEquals(master, e.file());
        assertEquals("line 3", e.location());
        assertTrue(e.problem().startsWith("segment inner is itself a multi-segment record; WFDB does not allow"), e.getMessage());
    }

    @Test
    void aHeaderThatNamesItselfAsASegmentIsALoop() throws IOException {
        Path master = master("ms/2 3 100 6\nms 3\nseg1 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertEquals(master, e.file());
        assertEquals("line 2", e.location());
        assertEquals("segment ms is this record itself: the header names itself as one of its segments, a loop; a segment"
                + " must be a record of its own", e.problem());
    }

    @Test
    void twoHeadersThatNameEachOtherAreALoop() throws IOException {
        Files.writeString(dir.resolve("other.hea"), "other/1 3 100 3\nms 3\n");
        Path master = master("ms/2 3 100 6\nseg1 3\nother 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertEquals(master, e.file());
        assertEquals("line 3", e.location());
        assertEquals("segment other is itself a multi-segment record that names ms back as its segment, a loop"
                + " (ms -> other -> ms); WFDB does not allow segments made of segments", e.problem());
    }

    @Test
    void aSegmentNameCannotLeadOutOfTheFolder() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path master = sub.resolve("ms.hea");
        Files.writeString(master, "ms/1 3 100 3\n../seg1 3\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT));
        assertEquals("line 2", e.location());
        assertTrue(e.problem().startsWith("the segment header '../seg1.hea' is outside the folder " + sub), e.problem());
    }
}
