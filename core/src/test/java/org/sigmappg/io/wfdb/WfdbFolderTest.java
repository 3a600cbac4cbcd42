package org.sigmappg.io.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.wfdb.WfdbTestWriter.Sig;

/** Which headers of a folder tree are records in their own right. */
class WfdbFolderTest {
    @TempDir
    Path dir;

    @Test
    void listsRecordsAndLeavesOutSegmentsAndLayouts() throws IOException {
        WfdbTestWriter.write(dir, "single", "16", 100, new Sig("A", new int[] {1, 2}));
        WfdbTestWriter.write(dir, "ms_0001", "16", 100, new Sig("A", new int[] {1, 2}));
        WfdbTestWriter.write(dir, "ms_0002", "16", 100, new Sig("A", new int[] {3}));
        Files.writeString(dir.resolve("ms_layout.hea"), "ms_layout 1 100 0\n~ 0 100/mV 16 0 0 0 0 A\n");
        Files.writeString(dir.resolve("ms.hea"), "ms/4 1 100 5\nms_layout 0\nms_0001 2\n~ 2\nms_0002 1\n");
        // A layout whose master is absent is still not a record.
        Files.writeString(dir.resolve("lonely_layout.hea"), "lonely_layout 1 100 0\n~ 0 100/mV 16 0 0 0 0 A\n");
        // An unparseable header is listed so that reading it reports the problem.
        Files.writeString(dir.resolve("broken.hea"), "broken 1 fast\n");
        Files.writeString(dir.resolve("notes.txt"), "not a header\n");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        // Same name as a segment above, but no master in this folder refers to it.
        WfdbTestWriter.write(sub, "ms_0001", "16", 100, new Sig("A", new int[] {1, 2}));

        List<Path> records = WfdbFolder.recordHeaders(dir);

        assertEquals(List.of(dir.resolve("broken.hea"), dir.resolve("ms.hea"), dir.resolve("single.hea"),
                sub.resolve("ms_0001.hea")), records);
        WfdbReader reader = new WfdbReader();
        assertTrue(records.stream().allMatch(reader::accepts));
    }

    @Test
    void multiSegmentHeadersThatNameThemselvesOrEachOtherAreListedSoThatReadingNamesTheLoop() throws IOException {
        WfdbTestWriter.write(dir, "good", "16", 100, new Sig("A", new int[] {1, 2}));
        Files.writeString(dir.resolve("self.hea"), "self/2 1 100 4\nself 2\ngood 2\n");
        Files.writeString(dir.resolve("a.hea"), "a/1 1 100 2\nb 2\n");
        Files.writeString(dir.resolve("b.hea"), "b/1 1 100 2\na 2\n");

        assertEquals(List.of(dir.resolve("a.hea"), dir.resolve("b.hea"), dir.resolve("self.hea")), WfdbFolder.recordHeaders(dir),
                "good is a segment of self, which lists it; the loops are listed to be refused by name");
    }

    /** Signal files are known by the names their headers give, not by sharing the header's name. */
    @Test
    void signalFilesAreTheFilesThatHeadersName() throws IOException {
        Files.writeString(dir.resolve("rec.hea"), "rec 3 100 2\nrec_e.dat 516 200/mV 16 0 0 0 0 ECG\n"
                + "rec_p.dat 16 100/mV 16 0 0 0 0 PLETH\n~ 0 100/mV 16 0 0 0 0 GONE\n");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        WfdbTestWriter.write(sub, "seg", "16", 100, new Sig("A", new int[] {1, 2}));
        Files.writeString(dir.resolve("broken.hea"), "broken 1 fast\nbroken.dat 16\n");
        Files.writeString(dir.resolve("notes.txt"), "rec_x.dat 16\n");

        try (var files = Files.walk(dir)) {
            assertEquals(Set.of(dir.resolve("rec_e.dat"), dir.resolve("rec_p.dat"), sub.resolve("seg.dat")),
                    WfdbFolder.signalFiles(files.toList()));
        }
    }

    @Test
    void emptyFolderHasNoRecords() throws IOException {
        assertEquals(List.of(), WfdbFolder.recordHeaders(dir));
    }

    @Test
    void readerAcceptsHeaderFilesOnly() {
        WfdbReader reader = new WfdbReader();
        assertEquals("WFDB", reader.format());
        assertTrue(reader.accepts(Path.of("a103l.hea")));
        assertTrue(reader.accepts(Path.of("dir", "A103L.HEA")));
        assertFalse(reader.accepts(Path.of("a103l.mat")));
        assertFalse(reader.accepts(Path.of("a103l.dat")));
        assertFalse(reader.accepts(Path.of("/")));
    }
}
