package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.signal.DroppedWindow;
import org.sigmappg.signal.WindowLevels;

/** A record part reads back what was saved, bit for bit: NaN payloads, unknown levels, labels and all. */
class ImportedRecordTest {
    @TempDir
    Path tmp;

    @Test
    void aPartReadsBackBitForBit() throws IOException {
        float oddNan = Float.intBitsToFloat(0x7fc00123);
        Map<String, Double> labels = new LinkedHashMap<>();
        labels.put("HR", 61.25);
        labels.put("SpO2", 0.1 + 0.2);
        ImportedRecord.ImportedWindow w = new ImportedRecord.ImportedWindow(3000, 2990, 3, 0.123456789012345, 0.5, 0, 1e-300,
                List.of(new WindowLevels(1.5, 0.25), WindowLevels.UNKNOWN), labels,
                new float[][] {{0f, oddNan, -0f, 1f}, {Float.MIN_VALUE, 2f, 3f, Float.NEGATIVE_INFINITY}},
                new float[][] {{1, 2, 3, 4, 5}, {6, 7, 8, 9, Float.NaN}}, new byte[][] {{7, -1, 0}, {1, 2, 3}});
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("edf.patient", "X X X S01");
        ImportedRecord r = new ImportedRecord(4, "S01", "S01", "/data/S01.edf", "recordings/S01.edf", "EDF",
                List.of(new RecordInfo.KeptChannel("PLETH", "counts", 64, 4, 1, 0, 2), new RecordInfo.KeptChannel("RED", "", 64, 4, 0, 0, 0)),
                List.of("PLETH (64 Hz, counts)", "RED (64 Hz)"), null, annotations, "abc", List.of("a warning"),
                List.of(new DroppedWindow(6000, 120, DroppedWindow.Reason.SHORTER_THAN_PATCH, "tail")),
                List.of(new LabelSeries("SpO2", "%", new double[] {0, 1, 2}, new double[] {97, Double.NaN, 96.5})), Map.of("SpO2", 1),
                List.of(new float[] {1, 2, oddNan}, new float[] {4}), List.of(new float[] {5}, new float[] {6, 7}), List.of(w));
        Path file = tmp.resolve("r4.part");
        r.save(file);
        ImportedRecord back = ImportedRecord.load(file);
        assertEquals(List.of(r.planIndex(), r.recordName(), r.subject(), r.file(), r.relativePath(), r.format(), r.kept(), r.channels(),
                r.annotations(), r.contentHash(), r.warnings(), r.dropped(), r.flaggedLabels()),
                List.of(back.planIndex(), back.recordName(), back.subject(), back.file(), back.relativePath(), back.format(), back.kept(),
                        back.channels(), back.annotations(), back.contentHash(), back.warnings(), back.dropped(), back.flaggedLabels()));
        assertEquals(null, back.start());
        assertArrayEquals(r.labelSeries().get(0).values(), back.labelSeries().get(0).values());
        assertArrayEquals(bits(r.raw().get(0)), bits(back.raw().get(0)), "a NaN's payload survives");
        assertArrayEquals(bits(r.filtered().get(1)), bits(back.filtered().get(1)));
        ImportedRecord.ImportedWindow v = back.windows().get(0);
        assertEquals(List.of(w.start(), w.validSamples(), w.patches(), w.priorMean(), w.missing(), w.flat(), w.clipped(), w.labels()),
                List.of(v.start(), v.validSamples(), v.patches(), v.priorMean(), v.missing(), v.flat(), v.clipped(), v.labels()));
        assertEquals(1.5, v.levels().get(0).dc());
        assertTrue(Double.isNaN(v.levels().get(1).dc()) && Double.isNaN(v.levels().get(1).ac()), "unknown levels stay unknown");
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(bits(w.samples()[c]), bits(v.samples()[c]));
            assertArrayEquals(bits(w.stats()[c]), bits(v.stats()[c]));
            assertArrayEquals(w.flags()[c], v.flags()[c]);
        }
    }

    @Test
    void aCutPartIsRefusedNamingIt() throws IOException {
        ImportedRecord r = new ImportedRecord(0, "a", "a", "/a.csv", "a.csv", "CSV", List.of(new RecordInfo.KeptChannel("PPG", "", 50, 2, 0, 0, 0)),
                List.of("PPG (50 Hz)"), null, Map.of(), "h", List.of(), List.of(), List.of(), Map.of(), List.of(new float[] {1, 2}),
                List.of(new float[] {1, 2}), List.of());
        Path file = tmp.resolve("a.part");
        r.save(file);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 3));
        IOException e = assertThrows(IOException.class, () -> ImportedRecord.load(file));
        assertEquals(file + ": the record part is cut short; run the shard again", e.getMessage());
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
