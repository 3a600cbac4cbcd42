package org.sigmappg.io.edf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/** What the writer writes, the reader reads back: rates, units, start, annotations, and values to half a digital step. */
class EdfWriterRoundTripTest {
    private static final LocalDateTime START = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 250_000_000);

    @TempDir
    Path dir;

    private static float[] wave(int n, double period, double amplitude, double offset) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (offset + amplitude * Math.sin(2 * Math.PI * i / period));
        }
        return v;
    }

    private static void assertWithinHalfAStep(EdfSignal written, Channel read) {
        double step = (written.physicalMax() - written.physicalMin()) / (written.digitalMax() - (double) written.digitalMin());
        assertEquals(written.samples().length, read.length(), read.name());
        for (int i = 0; i < read.length(); i++) {
            assertEquals(written.samples()[i], read.samples()[i], 0.5 * step + 1e-6 * Math.abs(written.samples()[i]),
                    read.name() + " sample " + i);
        }
    }

    @Test
    void signalsAtTheirOwnRatesComeBackWithTheirHeaders() throws IOException {
        EdfSignal ppg = EdfSignal.of(new Channel("PPG", "NU", 125, wave(250 * 4, 100, 1500, 2000)));
        EdfSignal ecg = new EdfSignal("ECG", "Ag/AgCl electrode", "mV", -5, 5, -2048, 2047, "HP:0.5Hz LP:40Hz", 250,
                wave(250 * 8, 180, 1.2, 0.1));
        EdfSignal spo2 = new EdfSignal("SpO2", "", "%", 0, 100, 0, 1000, "", 1, wave(8, 4, 2, 97));
        Path file = dir.resolve("mixed.edf");
        EdfWriter.builder().setStart(START).optRecordDuration(2).optPatient("P-17 F 01-JAN-1970 X")
                .optAnnotation(1.5, 0.5, "Apnea").optAnnotation(7, Double.NaN, "Cuff inflation").build()
                .write(file, List.of(ppg, ecg, spo2));

        Recording r = new EdfReader().read(file, ReadOptions.DEFAULT);
        assertEquals(List.of("PPG", "ECG", "SpO2"), r.channels().stream().map(Channel::name).toList());
        assertEquals(125.0, r.channel("PPG").orElseThrow().fs());
        assertEquals(250.0, r.channel("ECG").orElseThrow().fs());
        assertEquals(1.0, r.channel("SpO2").orElseThrow().fs());
        assertEquals("mV", r.channel("ECG").orElseThrow().unit());
        assertEquals("Ag/AgCl electrode", r.annotations().get("edf.signal.2.transducer"));
        assertEquals("HP:0.5Hz LP:40Hz", r.annotations().get("edf.signal.2.prefiltering"));
        assertEquals("P-17 F 01-JAN-1970 X", r.annotations().get("edf.patient"));
        assertEquals("Startdate 06-MAY-2024 X X X", r.annotations().get("edf.recording"));
        assertEquals("EDF+C", r.annotations().get("edf.type"));
        assertEquals("4 of 2.0 s", r.annotations().get("edf.records"));
        assertEquals(Instant.parse("2024-05-06T07:08:09.250Z"), r.start(), "sub-second start from the first record's onset");
        // EDF+ onsets count from the header's whole-second start time: 0.25 s before the first sample.
        assertEquals("onset=1.75;duration=0.5;Apnea", r.annotations().get("annotation.1"));
        assertEquals("onset=7.25;duration=;Cuff inflation", r.annotations().get("annotation.2"));
        assertWithinHalfAStep(ppg, r.channel("PPG").orElseThrow());
        assertWithinHalfAStep(ecg, r.channel("ECG").orElseThrow());
        assertWithinHalfAStep(spo2, r.channel("SpO2").orElseThrow());
    }

    @Test
    void physicalLimitsAreRoundedOutwardsToFitTheirFields() throws IOException {
        float[] v = {-1234.5678f, 0f, 98765.4321f, 12.5f};
        EdfSignal s = EdfSignal.of(new Channel("Wide", "", 4, v));
        Path file = dir.resolve("wide.edf");
        EdfWriter.builder().setStart(START).build().write(file, List.of(s));
        Channel read = new EdfReader().read(file, ReadOptions.DEFAULT).channels().get(0);
        // -1234.5678 floors to -1234.57 and 98765.4321 ceils to 98765.44 (8 characters each).
        double step = (98765.44 + 1234.57) / 65535;
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], read.samples()[i], 0.5 * step + 0.01, "sample " + i);
        }
        assertEquals(-1234.57f, read.samples()[0], 1e-3f);
    }

    @Test
    void aFlatChannelStillGetsARange() throws IOException {
        Path file = dir.resolve("flat.edf");
        EdfWriter.builder().setStart(START).build().write(file, List.of(EdfSignal.of(new Channel("Flat", "", 2, new float[] {3, 3}))));
        assertEquals(3f, new EdfReader().read(file, ReadOptions.DEFAULT).channels().get(0).samples()[1], 1e-4f);
    }

    @Test
    void inputsEdfCannotHoldAreRefusedBeforeAnyFileIsWritten() {
        Path file = dir.resolve("refused.edf");
        EdfWriter writer = EdfWriter.builder().setStart(START).build();
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> writer.write(file, List.of(EdfSignal.of(new Channel("PPG", "", 62.5, new float[125])))));
        assertTrue(rate.getMessage().contains("not a whole number"), rate.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> writer.write(file, List.of(EdfSignal.of(new Channel("PPG", "", 2, new float[3])))));
        assertThrows(IllegalArgumentException.class, () -> writer.write(file, List.of(
                EdfSignal.of(new Channel("A", "", 2, new float[4])), EdfSignal.of(new Channel("B", "", 2, new float[2])))));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> EdfSignal.of(new Channel("PPG", "", 2, new float[] {1, Float.NaN})));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.write(file,
                List.of(new EdfSignal("PPG", "", "", 0, 1, -100, 100, "", 2, new float[] {0.5f, 2f}))));
        assertThrows(IllegalArgumentException.class, () -> writer.write(file,
                List.of(EdfSignal.of(new Channel("A label longer than 16", "", 2, new float[] {1, 2})))));
        assertThrows(IllegalArgumentException.class, () -> EdfWriter.builder().setStart(LocalDateTime.of(1980, 1, 1, 0, 0))
                .build().write(file, List.of(EdfSignal.of(new Channel("A", "", 2, new float[] {1, 2})))));
        assertThrows(IllegalStateException.class, () -> EdfWriter.builder().build());
        assertFalse(Files.exists(file));
    }
}
