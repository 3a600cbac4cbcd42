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
                "Time [s], HR, PULSE, RESP, SpO2 [%]\n10,72,71,16,97\n11,73,,16,98\n12,NaN,72,17,101\n"), ReadOptions.DEFAULT).series();
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
        LabelSeries own = reader.read(file, ReadOptions.DEFAULT).series().get(0);
        assertArrayEquals(new double[] {0, 1.5, 4}, own.times(), 1e-9);
        LabelSeries aligned = reader.read(file, ReadOptions.DEFAULT, Instant.parse("2024-03-01T10:00:00Z")).series().get(0);
        assertArrayEquals(new double[] {5, 6.5, 9}, aligned.times(), 1e-9);
        assertArrayEquals(new double[] {97, 96, 95}, aligned.values());
    }

    @Test
    void timeUnitsComeFromTheHeadingTheOptionOrASmallStep() throws IOException {
        assertArrayEquals(new double[] {0, 1, 2}, reader.read(write("ms.csv", "time_ms,HR\n5000,60\n6000,61\n7000,62\n"),
                ReadOptions.DEFAULT).series().get(0).times(), 1e-12);
        Path bare = write("bare.csv", "t,HR\n5000,60\n6000,61\n7000,62\n");
        ReadException e = refused(bare, ReadOptions.DEFAULT, null);
        assertTrue(e.problem().contains("--time-unit"), e.getMessage());
        ReadOptions ms = new ReadOptions(null, null, null, null, "ms", StandardCharsets.UTF_8);
        assertArrayEquals(new double[] {0, 1, 2}, reader.read(bare, ms).series().get(0).times(), 1e-12);
        assertArrayEquals(new double[] {0, 5, 10}, reader.read(write("slow.csv", "t,SBP\n0,120\n5,121\n10,119\n"),
                ReadOptions.DEFAULT).series().get(0).times(), 1e-12);
    }

    @Test
    void rowsAtAGivenRateKeepBlankRowsAsMissing() throws IOException {
        List<LabelSeries> s = reader.read(write("rate.csv", "97,60\n,\n96,61\n"),
                ReadOptions.DEFAULT.withFs(0.5).withColumnNames("SpO2,HR")).series();
        assertEquals("SpO2", s.get(0).name());
        assertArrayEquals(new double[] {0, 2, 4}, s.get(0).times());
        assertTrue(Double.isNaN(s.get(1).values()[1]));
        assertEquals(61.0, s.get(1).values()[2]);
        assertEquals("label1", reader.read(write("unnamed.csv", "1\n2\n"), ReadOptions.DEFAULT.withFs(1.0)).series().get(0).name());
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

    /** An oximeter export: clock times through midnight, three SpO2 and two pulse devices writing 0 for "no value", a text column, status rows. */
    private static final String OXIMETER = """
            Clock,SpO2 A,SpO2 B,SpO2 C,Pulse A,Pulse B,Alarms
            23:59:58,97,0,96,72,0,AS AO
            23:59:59.500,98,97,0,0,74,
            Collection Halted
            00:00:01,0,0,0,0,0,AO
            ,Collection Halted,,,,,
            00:00:02,95,96,---,70,71,AS
            """;

    private static final List<LabelColumns> DEVICES = List.of(
            new LabelColumns("SpO2", List.of("SpO2 A", "SpO2 B", "SpO2 C"), LabelColumns.Combine.MEAN, List.of(0.0), List.of("---")),
            new LabelColumns("HR", List.of("Pulse A", "Pulse B"), LabelColumns.Combine.MEAN, List.of(0.0), List.of()));

    @Test
    void severalDevicesColumnsAreCombinedFromTheirValidValuesAndStatusRowsAreCounted() throws IOException {
        Path file = write("oximeter.csv", OXIMETER);
        LabelFile read = reader.optSeries(DEVICES).read(file, ReadOptions.DEFAULT);
        assertEquals(List.of("SpO2", "HR"), read.series().stream().map(LabelSeries::name).toList());
        LabelSeries spo2 = read.series().get(0);
        LabelSeries hr = read.series().get(1);
        assertArrayEquals(new double[] {0, 1.5, 3, 4}, spo2.times(), 1e-9, "clock times from the first row, on past midnight");
        assertArrayEquals(new double[] {96.5, 97.5, Double.NaN, 95.5}, spo2.values(), 1e-9);
        assertArrayEquals(new double[] {72, 74, Double.NaN, 70.5}, hr.values(), 1e-9);
        assertEquals(2, read.statusRows());
        assertEquals("2 status rows without values skipped (the first on line 4: 'Collection Halted')", read.statusSummary());

        LabelColumns median = new LabelColumns("SpO2", List.of("spo2 a", "SpO2 B", "SpO2 C"), LabelColumns.Combine.MEDIAN,
                List.of(0.0), List.of("---"));
        assertArrayEquals(new double[] {96, 96.5, Double.NaN, 95.5}, reader.optSeries(List.of(median)).read(
                write("three.csv", "Clock,SpO2 A,SpO2 B,SpO2 C\n09:00:00,97,96,90\n09:00:01,97,0,96\n09:00:02,0,0,0\n"
                        + "09:00:03,95,96,---\n"), ReadOptions.DEFAULT).series().get(0).values(), 1e-9);
    }

    @Test
    void withoutChosenColumnsEveryColumnMustHoldNumbers() throws IOException {
        ReadException e = refused(write("every.csv", "Clock,SpO2,Alarms\n09:00:00,97,AS AO\n"), ReadOptions.DEFAULT,
                "line 2, column 3 (Alarms)");
        assertEquals("'AS AO' is not a number", e.problem());
    }

    @Test
    void aChosenCellWithOtherTextIsRefusedSayingHowToListItAsMissing() throws IOException {
        Path file = write("probe.csv", "Clock,SpO2 A,SpO2 B\n09:00:00,97,96\n09:00:01,Probe off,96\n");
        LabelSeriesReader devices = reader.optSeries(List.of(new LabelColumns("SpO2", List.of("SpO2 A", "SpO2 B"),
                LabelColumns.Combine.MEAN, List.of(), List.of())));
        ReadException e = assertThrows(ReadException.class, () -> devices.read(file, ReadOptions.DEFAULT));
        assertEquals("line 3, column 2 (SpO2 A)", e.location());
        assertEquals("'Probe off' is not a number; if the device writes it when it has no value, add it to the missing values"
                + " of label SpO2", e.problem());
        LabelSeriesReader listed = reader.optSeries(List.of(new LabelColumns("SpO2", List.of("SpO2 A", "SpO2 B"),
                LabelColumns.Combine.MEAN, List.of(), List.of("PROBE OFF"))));
        assertArrayEquals(new double[] {96.5, 96}, listed.read(file, ReadOptions.DEFAULT).series().get(0).values(), 1e-9);
    }

    @Test
    void chosenColumnsAreFoundByHeadingOrRefusedListingTheColumns() throws IOException {
        Path file = write("oximeter.csv", OXIMETER);
        LabelSeriesReader missing = reader.optSeries(List.of(LabelColumns.of("SpO2", "SpO2 D")));
        ReadException e = assertThrows(ReadException.class, () -> missing.read(file, ReadOptions.DEFAULT));
        assertEquals("line 1", e.location());
        assertEquals("no column 'SpO2 D'; the columns are 'Clock', 'SpO2 A', 'SpO2 B', 'SpO2 C', 'Pulse A', 'Pulse B', 'Alarms'",
                e.problem());
        LabelSeriesReader time = reader.optSeries(List.of(LabelColumns.of("T", "clock")));
        assertEquals("column 'Clock' is the time column; it cannot also give label T",
                assertThrows(ReadException.class, () -> time.read(file, ReadOptions.DEFAULT)).problem());
        Path bare = write("bare.csv", "09:00:00,97\n09:00:01,96\n");
        LabelSeriesReader named = reader.optSeries(List.of(LabelColumns.of("SpO2", "SpO2")));
        assertEquals("has no header row, so the label columns 'SpO2' cannot be found by name",
                assertThrows(ReadException.class, () -> named.read(bare, ReadOptions.DEFAULT)).problem());
        assertArrayEquals(new double[] {0, 1}, reader.read(bare, ReadOptions.DEFAULT).series().get(0).times(), 1e-9,
                "a first row of clock times is data, not a header");
    }

    @Test
    void clockTimesArePlacedAgainstTheRecordingsStartAndOffset() throws IOException {
        Path file = write("night.csv", "Clock,SpO2\n23:59:40,97\n23:59:59.250,96\n00:00:05,95\n");
        LabelSeriesReader fromStart = reader.optOrigin(LabelSeriesReader.Origin.RECORDING_START);
        Instant start = Instant.parse("2024-01-02T23:59:50Z");
        assertArrayEquals(new double[] {-10, 9.25, 15}, fromStart.read(file, ReadOptions.DEFAULT, start).series().get(0).times(), 1e-9);
        // A start just after midnight: the first clock time is on the day before it.
        assertArrayEquals(new double[] {-30, -10.75, -5}, fromStart.read(file, ReadOptions.DEFAULT,
                Instant.parse("2024-01-03T00:00:10Z")).series().get(0).times(), 1e-9);
        assertArrayEquals(new double[] {12.5, 31.75, 37.5}, reader.optOffset(12.5).read(file, ReadOptions.DEFAULT, start)
                .series().get(0).times(), 1e-9, "from the first row (the default for clock times), then the offset");
        assertArrayEquals(new double[] {-7, 12.25, 18}, fromStart.optOffset(3).read(file, ReadOptions.DEFAULT, start)
                .series().get(0).times(), 1e-9);
    }

    @Test
    void dateTimesCountFromTheFirstRowWhenTheOriginSaysSo() throws IOException {
        Path file = write("dated.csv", "timestamp,SpO2\n2024-03-01T10:00:05Z,97\n2024-03-01T10:00:06.5Z,96\n");
        Instant start = Instant.parse("2024-03-01T10:00:00Z");
        assertArrayEquals(new double[] {0, 1.5}, reader.optOrigin(LabelSeriesReader.Origin.FIRST_ROW)
                .read(file, ReadOptions.DEFAULT, start).series().get(0).times(), 1e-9);
        assertArrayEquals(new double[] {5, 6.5}, reader.optOrigin(LabelSeriesReader.Origin.RECORDING_START)
                .read(file, ReadOptions.DEFAULT, start).series().get(0).times(), 1e-9);
        Path numeric = write("numeric.csv", "t,SpO2\n0,97\n1,96\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.optOrigin(LabelSeriesReader.Origin.RECORDING_START)
                .read(numeric, ReadOptions.DEFAULT, start));
        assertTrue(e.problem().startsWith("its times in column 't' are numbers, which do not say what time of day they are"),
                e.getMessage());
    }

    @Test
    void aClockGoingBackLessThanHalfADayIsOutOfOrder() throws IOException {
        ReadException e = refused(write("back.csv", "Clock,SpO2\n09:25:02,97\n09:25:03,96\n09:25:01,95\n"), ReadOptions.DEFAULT,
                "line 4, column 1 (Clock)");
        assertEquals("time '09:25:01' is not after the time on line 3; label rows must be in increasing time order", e.problem());
        refused(write("garbled.csv", "Clock,SpO2\n09:25:02,97\n9.25.03,96\n"), ReadOptions.DEFAULT, "line 3, column 1 (Clock)");
    }
}
