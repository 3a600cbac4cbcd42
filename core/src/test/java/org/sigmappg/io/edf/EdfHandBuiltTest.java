package org.sigmappg.io.edf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/**
 * The EDF reader on files whose every byte the test writes from the EDF and EDF+ specifications
 * (edfplus.info: "Full specification of EDF", "EDF+ specification"), with physical values worked out
 * by hand from physical = physMin + (digital - digMin) * (physMax - physMin) / (digMax - digMin).
 */
class EdfHandBuiltTest {
    private final EdfReader reader = new EdfReader();

    @TempDir
    Path dir;

    /** Appends an ASCII header field padded with spaces to its width, as the specification requires. */
    private static void field(ByteArrayOutputStream out, String value, int width) {
        assertTrue(value.length() <= width, value);
        out.writeBytes((value + " ".repeat(width - value.length())).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] int16(int... digital) {
        ByteBuffer b = ByteBuffer.allocate(2 * digital.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int d : digital) {
            b.putShort((short) d);
        }
        return b.array();
    }

    /**
     * A plain EDF file of two data records of 0.5 s with two signals: PPG, 4 samples per record (8 Hz),
     * digital -2048..2047 for -100..100 NU; Temp, 1 sample per record (2 Hz), digital 0..600 for 34..40 degC.
     */
    private static byte[] tinyEdf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, "0", 8);                                                   // version
        field(out, "MCH-0234567 F 02-MAY-1951 Haagse_Harry", 80);              // local patient identification
        field(out, "Finger PPG bench test", 80);                              // local recording identification
        field(out, "02.03.02", 8);                                            // startdate dd.mm.yy: 2002 (00-84 -> 20yy)
        field(out, "14.15.16", 8);                                            // starttime hh.mm.ss
        field(out, "768", 8);                                                 // header bytes: 256 * (2 + 1)
        field(out, "", 44);                                                   // reserved: plain EDF
        field(out, "2", 8);                                                   // number of data records
        field(out, "0.5", 8);                                                 // duration of a data record, s
        field(out, "2", 4);                                                   // ns, number of signals
        field(out, "PPG", 16);
        field(out, "Temp", 16);                                               // labels
        field(out, "photoplethysmograph", 80);
        field(out, "thermistor", 80);                                         // transducer types
        field(out, "NU", 8);
        field(out, "degC", 8);                                                // physical dimensions
        field(out, "-100", 8);
        field(out, "34", 8);                                                  // physical minima
        field(out, "100", 8);
        field(out, "40", 8);                                                  // physical maxima
        field(out, "-2048", 8);
        field(out, "0", 8);                                                   // digital minima
        field(out, "2047", 8);
        field(out, "600", 8);                                                 // digital maxima
        field(out, "HP:0.5Hz LP:12Hz", 80);
        field(out, "", 80);                                                   // prefiltering
        field(out, "4", 8);
        field(out, "1", 8);                                                   // samples in each data record
        field(out, "", 32);
        field(out, "", 32);                                                   // reserved
        out.writeBytes(int16(-2048, 2047, 0, 1000));                          // record 1: PPG
        out.writeBytes(int16(300));                                           // record 1: Temp
        out.writeBytes(int16(-1, 1, -1000, 2047));                            // record 2: PPG
        out.writeBytes(int16(600));                                           // record 2: Temp
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private ReadException refused(Path file, String location) {
        ReadException e = assertThrows(ReadException.class, () -> reader.read(file, ReadOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(location, e.location(), e.getMessage());
        return e;
    }

    private static byte[] replace(byte[] bytes, int offset, String text) {
        byte[] copy = bytes.clone();
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, copy, offset, t.length);
        return copy;
    }

    @Test
    void readsEveryHeaderFieldAndConvertsDigitalToPhysical() throws IOException {
        Path file = write("tiny.edf", tinyEdf());
        assertTrue(reader.accepts(file));
        Recording r = reader.read(file, ReadOptions.DEFAULT);
        assertEquals(Instant.parse("2002-03-02T14:15:16Z"), r.start());
        assertEquals("MCH-0234567 F 02-MAY-1951 Haagse_Harry", r.annotations().get("edf.patient"));
        assertEquals("Finger PPG bench test", r.annotations().get("edf.recording"));
        assertEquals("EDF", r.annotations().get("edf.type"));
        assertEquals("photoplethysmograph", r.annotations().get("edf.signal.1.transducer"));
        assertEquals("HP:0.5Hz LP:12Hz", r.annotations().get("edf.signal.1.prefiltering"));
        Channel ppg = r.channel("PPG").orElseThrow();
        assertEquals("NU", ppg.unit());
        assertEquals(8.0, ppg.fs());
        // By hand: -100 + (d + 2048) * 200 / 4095, so d = -2048 -> -100, 2047 -> 100,
        // 0 -> 409600/4095 - 100 = 0.024420, 1000 -> 609600/4095 - 100 = 48.864469,
        // -1 -> 409400/4095 - 100 = -0.024420, 1 -> 409800/4095 - 100 = 0.073260,
        // -1000 -> 209600/4095 - 100 = -48.815629.
        float[] expected = {-100f, 100f, 0.024420f, 48.864469f, -0.024420f, 0.073260f, -48.815629f, 100f};
        assertArrayEquals(expected, ppg.samples(), 1e-5f);
        Channel temp = r.channel("Temp").orElseThrow();
        assertEquals(2.0, temp.fs());
        // By hand: 34 + d * 6 / 600, so 300 -> 37, 600 -> 40.
        assertArrayEquals(new float[] {37f, 40f}, temp.samples(), 1e-6f);
        assertEquals("degC", temp.unit());
    }

    @Test
    void aRecordCountOfMinusOneIsTakenFromTheFileSize() throws IOException {
        Recording r = reader.read(write("open.edf", replace(tinyEdf(), 236, "-1      ")), ReadOptions.DEFAULT);
        assertEquals(8, r.channel("PPG").orElseThrow().length());
        assertEquals("2 of 0.5 s", r.annotations().get("edf.records"));
    }

    @Test
    void twoDigitYearsFollowTheEdfRuleFrom1985To2084() throws IOException {
        assertEquals(Instant.parse("1985-03-02T14:15:16Z"),
                reader.read(write("y85.edf", replace(tinyEdf(), 168, "02.03.85")), ReadOptions.DEFAULT).start());
        assertEquals(Instant.parse("2084-03-02T14:15:16Z"),
                reader.read(write("y84.edf", replace(tinyEdf(), 168, "02.03.84")), ReadOptions.DEFAULT).start());
    }

    @Test
    void channelsOptionPicksSignalsByLabel() throws IOException {
        Path file = write("tiny.edf", tinyEdf());
        Recording r = reader.read(file, ReadOptions.DEFAULT.withChannels("temp"));
        assertEquals(List.of("Temp"), r.channels().stream().map(Channel::name).toList());
        ReadException e = assertThrows(ReadException.class, () -> reader.read(file, ReadOptions.DEFAULT.withChannels("ECG")));
        assertTrue(e.getMessage().contains("PPG, Temp"), e.getMessage());
    }

    /**
     * EDF+D: one 2 Hz PPG signal and an annotation signal of 16 samples (32 bytes); three records at
     * onsets 0, 1 and 4 s, so 2 s (4 samples) are missing before the third.
     */
    private static byte[] discontinuous() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, "0", 8);
        field(out, "X X X X", 80);
        field(out, "Startdate 02-MAR-2102 X X X", 80);                       // EDF+ gives the 4-digit year here
        field(out, "02.03.02", 8);
        field(out, "23.59.59", 8);
        field(out, "768", 8);
        field(out, "EDF+D", 44);
        field(out, "3", 8);
        field(out, "1", 8);
        field(out, "2", 4);
        field(out, "PPG", 16);
        field(out, "EDF Annotations", 16);
        field(out, "", 80);
        field(out, "", 80);
        field(out, "", 8);
        field(out, "", 8);
        field(out, "0", 8);
        field(out, "-1", 8);
        field(out, "1000", 8);
        field(out, "1", 8);
        field(out, "0", 8);
        field(out, "-32768", 8);
        field(out, "1000", 8);
        field(out, "32767", 8);
        field(out, "", 80);
        field(out, "", 80);
        field(out, "2", 8);
        field(out, "16", 8);
        field(out, "", 32);
        field(out, "", 32);
        // Physical = digital here (0..1000 -> 0..1000).
        String[] tals = {
            "+0\u0014\u0014\u0000+0.5\u00150.25\u0014Start\u0014\u0000",
            "+1\u0014\u0014\u0000",
            "+4\u0014\u0014\u0000+4.5\u0014Apnea\u0014Arousal\u0014\u0000"};
        int[][] ppg = {{10, 20}, {30, 40}, {50, 60}};
        for (int r = 0; r < 3; r++) {
            out.writeBytes(int16(ppg[r]));
            byte[] annotation = Arrays.copyOf(tals[r].getBytes(StandardCharsets.UTF_8), 32);
            out.writeBytes(annotation);
        }
        return out.toByteArray();
    }

    @Test
    void discontinuousRecordsArePlacedAtTheirOnsetsWithNaNBetween() throws IOException {
        Recording r = reader.read(write("d.edf", discontinuous()), ReadOptions.DEFAULT);
        float n = Float.NaN;
        assertArrayEquals(new float[] {10, 20, 30, 40, n, n, n, n, 50, 60}, r.channel("PPG").orElseThrow().samples());
        assertEquals(1, r.channels().size(), "the annotation signal is not a channel");
        assertEquals("onset=0.5;duration=0.25;Start", r.annotations().get("annotation.1"));
        assertEquals("onset=4.5;duration=;Apnea", r.annotations().get("annotation.2"));
        assertEquals("onset=4.5;duration=;Arousal", r.annotations().get("annotation.3"));
        assertFalse(r.annotations().containsKey("annotation.4"));
        assertEquals(Instant.parse("2102-03-02T23:59:59Z"), r.start(), "the year comes from the EDF+ recording field");
        assertEquals("EDF+D", r.annotations().get("edf.type"));
    }

    @Test
    void overlappingDiscontinuousRecordsAreRefused() throws IOException {
        byte[] bytes = discontinuous();
        // Record 2's time-keeping onset "+1" becomes "+0": it would start inside record 1.
        int record2 = 768 + 36;
        assertEquals('1', bytes[record2 + 4 + 1]);
        bytes[record2 + 4 + 1] = '0';
        ReadException e = refused(write("overlap.edf", bytes), "data record 2");
        assertTrue(e.problem().contains("before data record 1 ends"), e.getMessage());
    }

    @Test
    void aMalformedAnnotationListNamesItsRecordAndByte() throws IOException {
        byte[] bytes = discontinuous();
        int tal3 = 768 + 2 * 36 + 4;
        bytes[tal3] = 'x';
        ReadException e = refused(write("tal.edf", bytes), "data record 3, byte " + tal3);
        assertTrue(e.problem().contains("onset"), e.getMessage());
    }

    @Test
    void aTruncatedFileNamesTheRecordItEndsIn() throws IOException {
        byte[] bytes = Arrays.copyOf(tinyEdf(), 768 + 10 + 3);
        ReadException e = refused(write("cut.edf", bytes), "byte 781");
        assertTrue(e.problem().startsWith("the file ends in data record 2 of 2 at byte 781"), e.getMessage());
        refused(write("cut-header.edf", Arrays.copyOf(tinyEdf(), 600)), "byte 600");
        refused(write("stub.edf", Arrays.copyOf(tinyEdf(), 100)), "byte 100");
        ReadException longer = refused(write("long.edf", Arrays.copyOf(tinyEdf(), 768 + 25)), "byte 788");
        assertTrue(longer.problem().contains("5 bytes after the last of the 2 data records"), longer.getMessage());
    }

    @Test
    void aHeaderLengthThatDisagreesWithTheSignalCountIsRefused() throws IOException {
        ReadException e = refused(write("hdr.edf", replace(tinyEdf(), 184, "512     ")), "byte 184");
        assertTrue(e.problem().contains("256 * (2 + 1) = 768"), e.getMessage());
    }

    @Test
    void equalPhysicalOrDigitalLimitsNameTheSignal() throws IOException {
        // Signal fields of 2 signals: labels at 256, transducers 288, dimensions 448, physical minima 464,
        // maxima 480, digital minima 496, maxima 512. Temp's physical maximum (byte 488) set to its minimum,
        // reported at Temp's physical minimum (byte 472).
        ReadException physical = refused(write("pmax.edf", replace(tinyEdf(), 488, "34      ")), "byte 472");
        assertTrue(physical.problem().contains("signal 2 (Temp)") && physical.problem().contains("physical minimum = physical maximum"),
                physical.getMessage());
        ReadException digital = refused(write("dmax.edf", replace(tinyEdf(), 512, "-2048   ")), "byte 496");
        assertTrue(digital.problem().contains("signal 1 (PPG)"), digital.getMessage());
    }

    @Test
    void garbageInANumericOrTextFieldNamesTheField() throws IOException {
        ReadException records = refused(write("n.edf", replace(tinyEdf(), 236, "2x      ")), "byte 236");
        assertTrue(records.problem().contains("'number of data records' is '2x'"), records.getMessage());
        ReadException physMin = refused(write("p.edf", replace(tinyEdf(), 472, "3,4     ")), "byte 472");
        assertTrue(physMin.problem().contains("physical minimum of signal 2 (Temp)"), physMin.getMessage());
        byte[] latin = tinyEdf();
        latin[8 + 5] = (byte) 0xE9;
        ReadException patient = refused(write("p2.edf", latin), "byte 13");
        assertTrue(patient.problem().contains("'local patient identification' holds byte 0xE9"), patient.getMessage());
        ReadException date = refused(write("d.edf", replace(tinyEdf(), 168, "31.02.02")), "byte 168");
        assertTrue(date.problem().contains("start date"), date.getMessage());
        refused(write("t.edf", replace(tinyEdf(), 176, "14:15:16")), "byte 176");
        ReadException version = refused(write("v.edf", replace(tinyEdf(), 0, "1")), "byte 0");
        assertTrue(version.problem().contains("not an EDF file"), version.getMessage());
    }
}
