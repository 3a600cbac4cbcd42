package org.sigmappg.io.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.SharedData;
import org.sigmappg.io.Channel;
import org.sigmappg.io.PpgChannels;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/**
 * The PhysioNet records in the shared data. Every read verifies each signal against the checksum and
 * initial value that the original WFDB software wrote into the header, so a successful read is itself an
 * independent check of the decoding. The same checksums come out of a separate NumPy decode, e.g.
 * {@code python3 -c "import numpy as np; d=np.fromfile('a103l.mat','<i2',offset=24).reshape(-1,3);
 * print((d.astype(int).sum(0)+32768)%65536-32768)"} prints {@code [-27403 -301 -17391]}, as in a103l.hea.
 * Sample values below are read off the raw bytes with the commands given beside them.
 */
class WfdbRealDataTest {
    private final WfdbReader reader = new WfdbReader();

    private static Path data() {
        return SharedData.require("physionet_wfdb_samples");
    }

    private static int nanCount(Channel channel) {
        int n = 0;
        for (float v : channel.samples()) {
            if (Float.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    private static List<String> names(Recording recording) {
        return recording.channels().stream().map(Channel::name).toList();
    }

    @Test
    void a103lFormat16WithA24BytePrefix() throws IOException {
        Recording r = reader.read(data().resolve("a103l.hea"), ReadOptions.DEFAULT);

        assertEquals("a103l", r.name());
        assertNull(r.start());
        assertEquals(Map.of("comment.1", "Asystole", "comment.2", "False alarm"), r.annotations());
        assertEquals(List.of("II", "V", "PLETH"), names(r));
        for (Channel c : r.channels()) {
            assertEquals(82500, c.length());
            assertEquals(250.0, c.fs());
            assertEquals(330.0, c.durationSeconds());
            assertEquals(0, nanCount(c));
        }
        assertEquals("NU", r.channel("PLETH").orElseThrow().unit());
        assertEquals("PLETH", PpgChannels.choose(r, null).orElseThrow().name());

        float[] ii = r.channel("II").orElseThrow().samples();
        float[] v = r.channel("V").orElseThrow().samples();
        float[] pleth = r.channel("PLETH").orElseThrow().samples();
        // xxd -s 24 -l 6 a103l.mat -> 55ff a723 9a17 = -171, 9127, 6042 (gains 7247, 10520, 12530; baseline 0)
        assertEquals((float) (-171 / 7247.0), ii[0]);
        assertEquals((float) (9127 / 10520.0), v[0]);
        assertEquals((float) (6042 / 12530.0), pleth[0]);
        // od -A d -t d2 -j 6024 -N 6 --endian=little a103l.mat -> -742 8798 5747 (frame 1000)
        assertEquals((float) (-742 / 7247.0), ii[1000]);
        assertEquals((float) (5747 / 12530.0), pleth[1000]);
        // od -A d -t d2 -j 495018 -N 6 --endian=little a103l.mat -> -339 8011 6301 (last frame, 82499)
        assertEquals((float) (8011 / 10520.0), v[82499]);
        assertEquals((float) (6301 / 12530.0), pleth[82499]);
    }

    @Test
    void v102sFormat212WithInvalidSamples() throws IOException {
        WfdbHeader header = WfdbHeader.read(data().resolve("v102s.hea"));
        assertEquals(212, header.signals().get(2).format(), "v102s is format 212, not 80");
        assertEquals(12, header.signals().get(2).adcResolution(), "resolution field 0 means the format's 12 bits");

        Recording r = reader.read(data().resolve("v102s.hea"), ReadOptions.DEFAULT);

        assertEquals(List.of("II", "V", "PLETH", "RESP"), names(r));
        assertEquals(Map.of("comment.1", "Ventricular_Tachycardia", "comment.2", "False alarm"), r.annotations());
        for (Channel c : r.channels()) {
            assertEquals(75000, c.length());
            assertEquals(250.0, c.fs());
        }
        // xxd -l 6 v102s.dat -> e6 1f 54 d2 1f 53: 0xfe6 = -26, 0x154 = 340, 0xfd2 = -46, 0x153 = 339
        assertEquals((float) (-26 / 2281.0), r.channels().get(0).samples()[0]);
        assertEquals((float) (340 / 1856.0), r.channels().get(1).samples()[0]);
        assertEquals((float) (-46 / 1250.0), r.channels().get(2).samples()[0]);
        assertEquals((float) (339 / 38880.0), r.channels().get(3).samples()[0]);
        // xxd -s 449994 v102s.dat -> 13 ff 8c f0 51 3a: 0xf13 = -237, 0xf8c = -116, 0x1f0 = 496, 0x53a = 1338
        assertEquals((float) (-237 / 2281.0), r.channels().get(0).samples()[74999]);
        assertEquals((float) (1338 / 38880.0), r.channels().get(3).samples()[74999]);
        // Samples equal to -2048, the 212 invalid value, per signal (NumPy decode of the same file): 3, 2, 17, 1.
        assertEquals(List.of(3, 2, 17, 1), r.channels().stream().map(WfdbRealDataTest::nanCount).toList());
        // The PLETH clipping quirk: the valid maximum is the 12-bit ADC limit 2047.
        float max = Float.NEGATIVE_INFINITY;
        for (float x : r.channel("PLETH").orElseThrow().samples()) {
            max = Math.max(max, Float.isNaN(x) ? max : x);
        }
        assertEquals((float) (2047 / 1250.0), max);
    }

    @Test
    void record041sIsTwoSegmentsWithFourTimesSampledEcg() throws IOException {
        Recording r = reader.read(data().resolve("041s/041s.hea"), ReadOptions.DEFAULT);

        assertEquals("041s", r.name());
        assertEquals(Instant.parse("1994-10-26T08:26:04Z"), r.start());
        assertEquals(List.of("III", "I", "V", "ABP", "PAP", "PLETH", "RESP"), names(r));
        for (String ecg : List.of("III", "I", "V")) {
            assertEquals(8000, r.channel(ecg).orElseThrow().length());
            assertEquals(500.0, r.channel(ecg).orElseThrow().fs());
        }
        Channel pleth = r.channel("PLETH").orElseThrow();
        assertEquals(2000, pleth.length());
        assertEquals(125.0, pleth.fs());
        assertEquals(16.0, pleth.durationSeconds());
        assertEquals("mmHg", r.channel("ABP").orElseThrow().unit());

        // The first sample of each segment is its header's initial value: PLETH -841 and -840, gain 2000.
        assertEquals((float) (-841 / 2000.0), pleth.samples()[0]);
        assertEquals((float) (-840 / 2000.0), pleth.samples()[1000]);
        // ABP gain 20, baseline -1600, initial value -242.
        assertEquals((float) ((-242 + 1600) / 20.0), r.channel("ABP").orElseThrow().samples()[0]);
        // xxd -l 3 041s/041s02.dat -> 99 ff 9a: 0xf99 = -103, the first III sample of segment 2 (index 4 x 1000).
        assertEquals((float) (-103 / 2000.0), r.channel("III").orElseThrow().samples()[4000]);
        // xxd -l 3 041s/041s01.dat -> a8 00 a8: the first two of the four III samples in frame 0 are both 168.
        assertEquals((float) (168 / 2000.0), r.channel("III").orElseThrow().samples()[1]);
        // One 212 invalid value (-2048) in signal I of 041s02, none elsewhere (NumPy decode).
        assertEquals(List.of(0, 1, 0, 0, 0, 0, 0), r.channels().stream().map(WfdbRealDataTest::nanCount).toList());
    }

    @Test
    void p000878SegmentsAreFormat80RecordsWithInvalidSamples() throws IOException {
        Path folder = data().resolve("p000878");
        Recording first = reader.read(folder.resolve("3269321_0001.hea"), ReadOptions.DEFAULT);
        assertEquals(List.of("PLETH"), names(first));
        Channel pleth1 = first.channels().get(0);
        assertEquals(2000, pleth1.length());
        assertEquals(125.0, pleth1.fs());
        assertEquals(Map.of("base_time", "16:57:39"), first.annotations());
        // xxd -l 4 3269321_0001.dat -> 00 00 00 00: byte 0 is -128, the format 80 invalid value.
        assertTrue(Float.isNaN(pleth1.samples()[0]));
        // xxd -s 46 -l 2 3269321_0001.dat -> 95 94: 0x95 - 128 = 21; (21 - -128) / 255.
        assertEquals((float) (149 / 255.0), pleth1.samples()[46]);
        assertEquals(184, nanCount(pleth1));

        Recording second = reader.read(folder.resolve("3269321_0002.hea"), ReadOptions.DEFAULT);
        assertEquals(List.of("II", "PLETH"), names(second));
        for (Channel c : second.channels()) {
            assertEquals(1750, c.length());
        }
        Channel pleth2 = second.channel("PLETH").orElseThrow();
        // xxd -l 2 3269321_0002.dat -> 00 84: II invalid, PLETH 0x84 - 128 = 4; (4 - -128) / 255.
        assertTrue(Float.isNaN(second.channel("II").orElseThrow().samples()[0]));
        assertEquals((float) (132 / 255.0), pleth2.samples()[0]);
        // xxd -s 3498 3269321_0002.dat -> 00 be: PLETH 0xbe - 128 = 62 in the last frame.
        assertEquals((float) (190 / 255.0), pleth2.samples()[1749]);
        assertEquals(List.of(137, 12), second.channels().stream().map(WfdbRealDataTest::nanCount).toList());

        assertEquals(List.of("PLETH"), names(reader.read(folder.resolve("3269321_0002.hea"),
                ReadOptions.DEFAULT.withChannels("pleth"))));
    }

    /** The shared data lack the master header of p000878, so the message says it is missing rather than guess its name. */
    @Test
    void p000878LayoutIsNotARecord() {
        Path layout = data().resolve("p000878/3269321_layout.hea");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(layout, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().contains("no header in its folder names 3269321_layout as a segment, so the record's"
                + " master header is missing"), e.getMessage());
    }

    /**
     * With a master header beside it (written here: the first two of the record's segments, under the MIMIC-III
     * master name), the layout names that master, and the master reads the real segments.
     */
    @Test
    void p000878LayoutNamesItsMasterWhenItIsThere(@TempDir Path dir) throws IOException {
        for (String name : List.of("3269321_layout.hea", "3269321_0001.hea", "3269321_0001.dat", "3269321_0002.hea",
                "3269321_0002.dat")) {
            Files.copy(data().resolve("p000878").resolve(name), dir.resolve(name));
        }
        Path master = dir.resolve("p000878-2137-10-26-16-57.hea");
        Files.writeString(master, "p000878-2137-10-26-16-57/3 4 125 3750 16:57:09\n3269321_layout 0\n"
                + "3269321_0001 2000\n3269321_0002 1750\n");

        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(dir.resolve("3269321_layout.hea"), ReadOptions.DEFAULT));
        assertTrue(e.getMessage().endsWith("open the record's master header p000878-2137-10-26-16-57.hea instead"),
                e.getMessage());

        Recording r = reader.read(master, ReadOptions.DEFAULT);
        assertEquals(List.of("PLETH", "II", "V", "ABP"), names(r));
        assertEquals(3750, r.channel("PLETH").orElseThrow().length());
        assertEquals(184 + 12, nanCount(r.channel("PLETH").orElseThrow()), "the NaN of both segments' PLETH");
    }

    @Test
    void folderListsRecordsButNotSegmentsOrLayouts() throws IOException {
        Path root = data();
        assertEquals(List.of(root.resolve("041s/041s.hea"), root.resolve("a103l.hea"),
                root.resolve("p000878/3269321_0001.hea"), root.resolve("p000878/3269321_0002.hea"),
                root.resolve("v102s.hea")), WfdbFolder.recordHeaders(root));
    }

    /** A copy with one byte changed (in a temporary folder, never in the repository) fails its checksum. */
    @Test
    void damagedCopyOfA103lFailsItsChecksum(@TempDir Path dir) throws IOException {
        Files.copy(data().resolve("a103l.hea"), dir.resolve("a103l.hea"));
        byte[] bytes = Files.readAllBytes(data().resolve("a103l.mat"));
        bytes[24 + 6 * 500 + 4] ^= 1; // frame 500, PLETH, low byte
        Files.write(dir.resolve("a103l.mat"), bytes);

        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(dir.resolve("a103l.hea"), ReadOptions.DEFAULT));

        assertEquals(dir.resolve("a103l.mat"), e.file());
        assertEquals("signal PLETH (a103l.hea line 4)", e.location());
        assertTrue(e.problem().contains("but the header says -17391"), e.getMessage());
    }
}
