package org.sigmappg.io.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;

/** Label files at their own rate, and the plausibility check on them. */
class LabelSeriesReaderTest {
    private final LabelSeriesReader reader = new LabelSeriesReader();

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private ReadException refused(Path file, ReadOptions options, String location) {
        ReadException e = assertThrows(ReadException.class, () -> reader.read(file, options));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(location, e.location(), e.getMessage());
        return e;
    }

    @Test
    void eachColumnBesideTheTimeIsASeriesCountedFromTheFirstTime() throws IOException {
        List<LabelSeries> s = reader.read(write("numerics.csv",
                "Time [s], HR, PULSE, RESP, SpO2 [%]\n10,72,71,16,97\n11,73,,16,98\n12,NaN,72,17,101\n"), ReadOptions.DEFAULT);
        assertEquals(List.of("HR", "PULSE", "RESP", "SpO2"), s.stream().map(LabelSeries::name).toList());
        LabelSeries spo2 = s.get(3);
        assertEquals("%", spo2.unit());
        assertArrayEquals(new double[] {0, 1, 2}, spo2.times());
        assertArrayEquals(new double[] {97, 98, 101}, spo2.values());
        assertTrue(Double.isNaN(s.get(1).values()[1]));
        List<PhysiologicalRanges.OutOfRange> flagged = PhysiologicalRanges.DEFAULT.check(spo2);
        assertEquals(1, flagged.size());
        assertEquals(2, flagged.get(0).index());
        assertEquals("SpO2 = 101 % at t = 2.000 s is outside the plausible SpO2 range 50 to 100 %", flagged.get(0).message());
        assertEquals(0, PhysiologicalRanges.DEFAULT.check(s.get(0)).size(), "NaN is missing, not implausible");
    }

    @Test
    void dateTimesAlignToTheRecordingStart() throws IOException {
        Path file = write("oximeter.csv", "timestamp,SpO2\n2024-03-01T10:00:05Z,97\n2024-03-01T10:00:06.5Z,96\n"
                + "\n2024-03-01T10:00:09Z,95\n");
        LabelSeries own = reader.read(file, ReadOptions.DEFAULT).get(0);
        assertArrayEquals(new double[] {0, 1.5, 4}, own.times(), 1e-9);
        LabelSeries aligned = reader.read(file, ReadOptions.DEFAULT, Instant.parse("2024-03-01T10:00:00Z")).get(0);
        assertArrayEquals(new double[] {5, 6.5, 9}, aligned.times(), 1e-9);
        assertArrayEquals(new double[] {97, 96, 95}, aligned.values());
    }

    @Test
    void timeUnitsComeFromTheHeadingTheOptionOrASmallStep() throws IOException {
        assertArrayEquals(new double[] {0, 1, 2}, reader.read(write("ms.csv", "time_ms,HR\n5000,60\n6000,61\n7000,62\n"),
                ReadOptions.DEFAULT).get(0).times(), 1e-12);
        Path bare = write("bare.csv", "t,HR\n5000,60\n6000,61\n7000,62\n");
        ReadException e = refused(bare, ReadOptions.DEFAULT, null);
        assertTrue(e.problem().contains("--time-unit"), e.getMessage());
        ReadOptions ms = new ReadOptions(null, null, null, null, "ms", StandardCharsets.UTF_8);
        assertArrayEquals(new double[] {0, 1, 2}, reader.read(bare, ms).get(0).times(), 1e-12);
        assertArrayEquals(new double[] {0, 5, 10}, reader.read(write("slow.csv", "t,SBP\n0,120\n5,121\n10,119\n"),
                ReadOptions.DEFAULT).get(0).times(), 1e-12);
    }

    @Test
    void rowsAtAGivenRateKeepBlankRowsAsMissing() throws IOException {
        List<LabelSeries> s = reader.read(write("rate.csv", "97,60\n,\n96,61\n"),
                ReadOptions.DEFAULT.withFs(0.5).withColumnNames("SpO2,HR"));
        assertEquals("SpO2", s.get(0).name());
        assertArrayEquals(new double[] {0, 2, 4}, s.get(0).times());
        assertTrue(Double.isNaN(s.get(1).values()[1]));
        assertEquals(61.0, s.get(1).values()[2]);
        assertEquals("label1", reader.read(write("unnamed.csv", "1\n2\n"), ReadOptions.DEFAULT.withFs(1.0)).get(0).name());
    }

    @Test
    void badLabelFilesAreRefusedWithTheirPlace() throws IOException {
        ReadException order = refused(write("order.csv", "t,HR\n0,60\n2,61\n1,62\n"), ReadOptions.DEFAULT, "line 4, column 1 (t)");
        assertTrue(order.problem().contains("not after the time on line 3"), order.getMessage());
        refused(write("same.csv", "t,HR\n0,60\n1,61\n1,62\n"), ReadOptions.DEFAULT, "line 4, column 1 (t)");
        refused(write("text.csv", "t,HR\n0,60\n1,high\n"), ReadOptions.DEFAULT, "line 3, column 2 (HR)");
        refused(write("ragged.csv", "t,HR\n0,60\n1,61,5\n"), ReadOptions.DEFAULT, "line 3");
        ReadException rate = refused(write("norate.csv", "60\n61\n"), ReadOptions.DEFAULT, null);
        assertTrue(rate.problem().contains("--fs"), rate.getMessage());
        refused(write("empty.csv", "\n"), ReadOptions.DEFAULT, "line 2");
        refused(write("header.csv", "t,HR\n"), ReadOptions.DEFAULT, "line 2");
        refused(write("names.csv", "1,2\n"), ReadOptions.DEFAULT.withFs(1.0).withColumnNames("A"), null);
    }

    @Test
    void rangesAreFoundByTheNamesFilesUse() {
        PhysiologicalRanges ranges = PhysiologicalRanges.DEFAULT;
        assertEquals("SBP", ranges.find("Systolic Blood Pressure(mmHg)").orElseThrow().label());
        assertEquals("DBP", ranges.find("DBP [mmHg]").orElseThrow().label());
        assertEquals("HR", ranges.find("Heart Rate(b/m)").orElseThrow().label());
        assertEquals("HR", ranges.find("PULSE").orElseThrow().label());
        assertEquals("RR", ranges.find("Respiratory rate").orElseThrow().label());
        assertEquals("SpO2", ranges.find("SpO2 [%]").orElseThrow().label());
        assertTrue(ranges.find("PLETH").isEmpty());
        PhysiologicalRanges.Range rr = ranges.find("RR").orElseThrow();
        assertTrue(rr.contains(2) && rr.contains(70) && !rr.contains(1.9) && !rr.contains(71));
        LabelSeries hr = new LabelSeries("HR", "bpm", new double[] {0, 1, 2, 3}, new double[] {19, 20, 250, 251});
        assertEquals(List.of(0, 3), ranges.check(hr).stream().map(PhysiologicalRanges.OutOfRange::index).toList());
    }
}
