package org.sigmappg.io.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.sigmappg.io.Channel;
import org.sigmappg.io.PpgChannels;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/** The text reader on small files written by the tests, one per feature and one per error. */
class DelimitedTextReaderTest {
    private static final float NAN = Float.NaN;
    private final DelimitedTextReader reader = new DelimitedTextReader();

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Recording read(Path file) throws IOException {
        return reader.read(file, ReadOptions.DEFAULT);
    }

    private Recording read(Path file, double fs) throws IOException {
        return reader.read(file, ReadOptions.DEFAULT.withFs(fs));
    }

    private static ReadOptions timeOptions(String timeColumn, String timeUnit) {
        return new ReadOptions(null, null, null, timeColumn, timeUnit, StandardCharsets.UTF_8);
    }

    /** Reads expecting a refusal; checks the message names the file and the place, and returns it. */
    private ReadException refused(Path file, ReadOptions options, String place) {
        ReadException e = assertThrows(ReadException.class, () -> reader.read(file, options));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        if (place != null) {
            assertEquals(place, e.location(), e.getMessage());
        }
        return e;
    }

    @Test
    void commaFileWithTimeInSecondsGivesNamedChannelsAtTheInferredRate() throws IOException {
        Recording r = read(write("rgb.csv", "time,R,G,B\n0,1,2,3\n0.02,4,5,6\n0.04,7,8,9\n0.06,10,11,12\n"));
        assertEquals(List.of("R", "G", "B"), r.channels().stream().map(Channel::name).toList());
        assertEquals(50.0, r.channels().get(0).fs(), 1e-9);
        assertArrayEquals(new float[] {2, 5, 8, 11}, r.channel("G").orElseThrow().samples());
        assertEquals("time", r.annotations().get("time.column"));
        assertEquals("rgb", r.name());
        assertNull(r.start());
    }

    @Test
    void tabAndSemicolonFilesAcceptDecimalCommas() throws IOException {
        Recording semicolon = read(write("eu.csv", "t [s];PPG\n0;12,5\n0,01;13,1\n0,02;14\n"));
        assertEquals(100.0, semicolon.channels().get(0).fs(), 1e-9);
        assertArrayEquals(new float[] {12.5f, 13.1f, 14f}, semicolon.channels().get(0).samples());
        assertEquals("semicolon", semicolon.annotations().get("text.delimiter"));
        Recording tab = read(write("eu.tsv", "PPG\tECG\n12,5\t-1,25\n13,1\t0,5\n"), 250);
        assertArrayEquals(new float[] {-1.25f, 0.5f}, tab.channel("ECG").orElseThrow().samples());
    }

    @Test
    void spaceAlignedColumnsAreSplitOnRunsOfSpaces() throws IOException {
        Recording r = read(write("aligned.dat", "  1.5    2\n  3      4.25  \n 5 6\n"), 10);
        assertEquals(List.of("ch1", "ch2"), r.channels().stream().map(Channel::name).toList());
        assertArrayEquals(new float[] {2, 4.25f, 6}, r.channels().get(1).samples());
        assertEquals("whitespace", r.annotations().get("text.delimiter"));
    }

    @Test
    void aBareColumnIsCalledPpgSoThePpgChooserFindsIt() throws IOException {
        Recording r = read(write("bare.txt", "530\n518\n506.0\n"), 100);
        assertEquals("PPG", r.channels().get(0).name());
        assertEquals("PPG", PpgChannels.choose(r, null).orElseThrow().name());
        assertArrayEquals(new float[] {530, 518, 506}, r.channels().get(0).samples());
    }

    @Test
    void quotedCellsByteOrderMarkAndCrLfAreReadAsTheirValues() throws IOException {
        Path file = dir.resolve("quoted.csv");
        Files.write(file, ("\uFEFF\"ppg\",\"note, with comma\"\r\n\"2438\",\"1\"\r\n\"\",\"2\"\r\n\"2438.0\",\"3\"\r\n")
                .getBytes(StandardCharsets.UTF_8));
        Recording r = read(file, 1000);
        assertEquals("ppg", r.channels().get(0).name(), "the byte-order mark is not part of the first heading");
        assertEquals("note, with comma", r.channels().get(1).name());
        assertArrayEquals(new float[] {2438, NAN, 2438}, r.channels().get(0).samples());
    }

    @Test
    void missingValueWordsAndBlankRowsBecomeNaNWithoutShiftingLaterSamples() throws IOException {
        String text = "1\nNaN\nnan\nNA\nInf\n-Inf\n\"\"\n\n8\n\n\n";
        Recording r = read(write("gaps.csv", text), 10);
        // The empty line after "" is a missing sample; the two after 8 close the file and are not samples.
        assertArrayEquals(new float[] {1, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 8}, r.channels().get(0).samples());
    }

    @Test
    void blankRowsInATimedFileAreLeftToTheTimestamps() throws IOException {
        Recording r = read(write("timed-blank.csv", "t,ppg\n0,1\n\n0.1,2\n,\n0.2,3\n0.3,\n"));
        assertArrayEquals(new float[] {1, 2, 3, NAN}, r.channels().get(0).samples());
        assertEquals(10.0, r.channels().get(0).fs(), 1e-9);
    }

    @Test
    void millisecondsAreTakenFromTheHeadingTheOptionOrTheStepSize() throws IOException {
        assertEquals(100.0, read(write("ms.csv", "time_ms,ppg\n0,1\n10,2\n20,3\n")).channels().get(0).fs(), 1e-9);
        Recording timer = read(write("timer.csv", "timer,hr\n0.0,515\n8.5,514\n17.0,514\n"));
        assertEquals(1000 / 8.5, timer.channels().get(0).fs(), 1e-6);
        assertEquals("ms (header)", timer.annotations().get("time.unit"));
        Recording inferred = read(write("t.csv", "t,ppg\n1000,1\n1004,2\n1008,3\n"));
        assertEquals(250.0, inferred.channels().get(0).fs(), 1e-9);
        assertTrue(inferred.annotations().get("time.unit").startsWith("ms (inferred"));
        Path half = write("half.csv", "t,ppg\n0,1\n2,2\n4,3\n");
        assertEquals(500.0, reader.read(half, timeOptions(null, "ms")).channels().get(0).fs(), 1e-9);
        assertEquals(0.5, reader.read(half, timeOptions(null, "s")).channels().get(0).fs(), 1e-9);
    }

    @Test
    void timeColumnCanBeNamedOrNumberedByTheOption() throws IOException {
        Path file = write("tick.csv", "ppg,tick\n5,0\n6,0.5\n7,1.0\n");
        assertEquals(List.of("ppg", "tick"), read(file, 1).channels().stream().map(Channel::name).toList());
        Recording byName = reader.read(file, timeOptions("tick", null));
        assertEquals(2.0, byName.channels().get(0).fs(), 1e-9);
        assertEquals(List.of("ppg"), byName.channels().stream().map(Channel::name).toList());
        assertEquals(2.0, reader.read(file, timeOptions("2", null)).channels().get(0).fs(), 1e-9);
        ReadException e = refused(file, timeOptions("seconds", null), null);
        assertTrue(e.getMessage().contains("'ppg', 'tick'"), e.getMessage());
        refused(file, timeOptions("3", null), null);
    }

    @Test
    void isoTimestampsSetTheStartAndTheRate() throws IOException {
        Recording utc = read(write("iso.csv", "datetime,ppg\n2024-03-01T10:00:00.000Z,1\n2024-03-01T10:00:00.040Z,2\n"
                + "2024-03-01T10:00:00.080Z,3\n"));
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), utc.start());
        assertEquals(25.0, utc.channels().get(0).fs(), 1e-9);
        assertNull(utc.annotations().get("time.zone"));
        Recording offset = read(write("offset.csv", "when,ppg\n2024-03-01 11:00:00.5+01:00,1\n2024-03-01 11:00:01.5+01:00,2\n"
                + "2024-03-01 11:00:02.5+01:00,3\n"));
        assertEquals(Instant.parse("2024-03-01T10:00:00.500Z"), offset.start(), "found by its date-time values");
        Recording local = read(write("local.csv", "date,ppg\n2016-11-24 13:58:58.081000,1\n2016-11-24 13:58:58.091000,2\n"
                + "2016-11-24 13:58:58.101000,3\n"));
        assertEquals(Instant.parse("2016-11-24T13:58:58.081Z"), local.start());
        assertTrue(local.annotations().get("time.zone").contains("UTC"));
    }

    @Test
    void aGapInTheTimestampsIsFilledWithNaNOnTheGrid() throws IOException {
        Recording r = read(write("gap.csv", "t,ppg\n0,1\n0.01,2\n0.02,3\n0.05,4\n0.06,5\n0.07,6\n"));
        assertArrayEquals(new float[] {1, 2, 3, NAN, NAN, 4, 5, 6}, r.channels().get(0).samples());
        assertTrue(r.annotations().get("time.gaps").startsWith("1 gaps, 2 samples filled with NaN"),
                r.annotations().get("time.gaps"));
        assertTrue(r.annotations().get("time.gaps").endsWith("line 5"), r.annotations().get("time.gaps"));
    }

    @Test
    void aCoarseClockThatRepeatsTimestampsGivesTheRateOverTheWholeSpan() throws IOException {
        StringBuilder text = new StringBuilder("timestamp,ppg\n");
        for (int i = 0; i < 1000; i++) {
            // 100 Hz rows stamped by a clock that ticks every 16 ms, like Windows' default timer.
            long ms = (i * 10L) / 16 * 16;
            text.append(String.format("2024-01-01 00:00:%02d.%03d,%d%n", ms / 1000, ms % 1000, i));
        }
        Recording r = read(write("coarse.csv", text.toString()));
        assertEquals(1000, r.channels().get(0).length());
        assertEquals(100.0, r.channels().get(0).fs(), 0.2);
        assertTrue(r.annotations().get("time.rate").contains("ticks of 16.00 ms"), r.annotations().get("time.rate"));
    }

    @Test
    void isoTimesThatTickOnceASecondGiveTheRateFromTheRowsPerTick() throws IOException {
        // 125 Hz for 300 s stamped to the whole second, starting 40 samples into a second: 300 distinct times,
        // 85 rows in the first, 125 in each of the others. Rows over the span (37499 / 299 s) would be 125.415 Hz.
        StringBuilder text = new StringBuilder("timestamp,ppg\n");
        for (int i = 0; i < 125 * 300; i++) {
            text.append(Instant.parse("2024-03-01T08:00:00Z").plusSeconds((i + 40) / 125)).append(',').append(i % 50).append('\n');
        }
        Recording r = read(write("seconds.csv", text.toString()));
        assertEquals(125.0, r.channels().get(0).fs(), 0);
        assertEquals(37500, r.channels().get(0).length());
        assertTrue(r.annotations().get("time.rate").contains("ticks of 1.000 s"), r.annotations().get("time.rate"));

        // Only two distinct times: the rows of the first, over one tick.
        StringBuilder two = new StringBuilder("timestamp,ppg\n");
        for (int i = 0; i < 250; i++) {
            two.append(i < 125 ? "2024-03-01 08:00:00" : "2024-03-01 08:00:01").append(',').append(i % 50).append('\n');
        }
        assertEquals(125.0, read(write("two.csv", two.toString())).channels().get(0).fs(), 0);
    }

    @Test
    void excelUnicodeTextIsReadAsTheRecordingItIs() throws IOException {
        byte[] mark = {(byte) 0xFF, (byte) 0xFE};
        byte[] body = "time [s]\tPLETH\r\n0\t1.5\r\n0.01\t2.5\r\n0.02\t3.5\r\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[mark.length + body.length];
        System.arraycopy(mark, 0, all, 0, mark.length);
        System.arraycopy(body, 0, all, mark.length, body.length);
        Path file = Files.write(dir.resolve("unicode.txt"), all);
        assertTrue(reader.accepts(file), "a UTF-16 file is text, although half its bytes are zero");
        byte[] samples = new byte[1024];
        for (int i = 0; i < samples.length; i += 2) {
            // 16-bit samples between 150 and 249: every high byte zero, as in unmarked UTF-16, but no text between.
            samples[i] = (byte) (150 + (i / 2) % 100);
        }
        assertFalse(reader.accepts(Files.write(dir.resolve("signal.dat"), samples)), "a WFDB-like signal file is not text");
        Recording r = read(file);
        assertEquals("PLETH", r.channels().get(0).name());
        assertEquals(100.0, r.channels().get(0).fs(), 1e-9);
        assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, r.channels().get(0).samples());
    }

    @Test
    void aHugeCellIsQuotedByItsFirstCharactersOnly() throws IOException {
        Path file = write("huge.csv", "time,ppg\n0,1\n0.01,1e39" + "0".repeat(200_000) + "\n0.02,3\n");
        ReadException e = refused(file, ReadOptions.DEFAULT, "line 3, column 2 (ppg)");
        assertTrue(e.problem().startsWith("'1e39000"), e.getMessage());
        assertTrue(e.problem().contains("...' is too large for a 32-bit sample"), e.getMessage());
        assertTrue(e.getMessage().length() < file.toString().length() + 300, e.getMessage().length() + " characters");
    }

    @Test
    void headerUnitsAndColumnNamesOptionNameTheChannels() throws IOException {
        Recording units = read(write("units.csv", "Time [s], PLETH [NU], ABP (mmHg)\n0,1,2\n0.008,3,4\n"));
        assertEquals("NU", units.channel("PLETH").orElseThrow().unit());
        assertEquals("mmHg", units.channel("ABP").orElseThrow().unit());
        Recording named = reader.read(write("noheader.csv", "1,2,3\n4,5,6\n"),
                ReadOptions.DEFAULT.withFs(30.0).withColumnNames("ECG,PPG,RSP"));
        assertArrayEquals(new float[] {2, 5}, named.channel("PPG").orElseThrow().samples());
        refused(write("noheader2.csv", "1,2,3\n4,5,6\n"), ReadOptions.DEFAULT.withFs(30.0).withColumnNames("ECG,PPG"), null);
    }

    @Test
    void channelsOptionKeepsTheNamedChannelsOnly() throws IOException {
        Path file = write("three.csv", "ECG,PPG,RSP\n1,2,3\n4,5,6\n");
        Recording r = reader.read(file, ReadOptions.DEFAULT.withFs(100.0).withChannels("ppg"));
        assertEquals(List.of("PPG"), r.channels().stream().map(Channel::name).toList());
        ReadException e = refused(file, ReadOptions.DEFAULT.withFs(100.0).withChannels("PLETH"), null);
        assertTrue(e.getMessage().contains("'ECG', 'PPG', 'RSP'"), e.getMessage());
    }

    @Test
    void oneRowOfManyValuesIsOneSeriesAndItsTrailingTabIsNotASample() throws IOException {
        Recording r = read(write("2_1.txt", "2438.0\t2438\t2455.0\t2384\t"), 1000);
        assertEquals(1, r.channels().size());
        assertEquals("PPG", r.channels().get(0).name());
        assertArrayEquals(new float[] {2438, 2438, 2455, 2384}, r.channels().get(0).samples());
    }

    @Test
    void theGivenRateOverridesTheTimeColumn() throws IOException {
        Recording r = read(write("jittery.csv", "t,ppg\n0,1\n0.01,2\n0.03,3\n0.031,4\n0.06,5\n0.061,6\n0.1,7\n"), 64);
        assertEquals(64.0, r.channels().get(0).fs(), 0);
        assertEquals(7, r.channels().get(0).length());
    }

    @Test
    void acceptsTextFilesWithKnownExtensionsOnly() throws IOException {
        assertTrue(reader.accepts(write("a.csv", "1\n2\n")));
        assertTrue(reader.accepts(write("a.ppg", "1\n2\n")));
        assertFalse(reader.accepts(write("a.edf", "1\n2\n")));
        Path binary = dir.resolve("b.dat");
        Files.write(binary, new byte[] {0, 1, 2, 3, 0x10, 0x20});
        assertFalse(reader.accepts(binary));
        assertEquals("CSV", reader.format());
    }

    // Refusals: each names the file and the place.

    @Test
    void noTimeColumnAndNoRateAsksForTheRate() throws IOException {
        Path file = write("bare.csv", "1\n2\n3\n");
        ReadException e = refused(file, ReadOptions.DEFAULT, null);
        assertEquals(file + ": has no time column and no sampling rate; give it with --fs HZ, e.g. --fs 100", e.getMessage());
    }

    @Test
    void decimalCommasWithACommaDelimiterAreRefusedAsAmbiguous() throws IOException {
        ReadException quoted = refused(write("q.csv", "ppg,n\n\"12,5\",1\n\"13,1\",2\n"), ReadOptions.DEFAULT.withFs(10.0),
                "line 2, column 1 (ppg)");
        assertTrue(quoted.problem().contains("ambiguous"), quoted.getMessage());
        ReadException bare = refused(write("b.csv", "ppg,ecg\n12,5,13,1\n14,0,15,2\n"), ReadOptions.DEFAULT.withFs(10.0),
                "line 2");
        assertTrue(bare.problem().contains("decimal commas"), bare.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLineUnlessTheCharsetIsGiven() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "caf\u00e9 [NU]\n1\n2\n3\n".getBytes(StandardCharsets.ISO_8859_1));
        ReadException e = refused(file, ReadOptions.DEFAULT.withFs(10.0), "line 1");
        assertTrue(e.problem().contains("0xE9") && e.problem().contains("--charset"), e.getMessage());
        ReadOptions latin1 = new ReadOptions(10.0, null, null, null, null, StandardCharsets.ISO_8859_1);
        assertEquals("caf\u00e9", reader.read(file, latin1).channels().get(0).name());
        Path later = dir.resolve("later.csv");
        Files.write(later, "ppg\r\n1\r\n2\r\n\u00ff3\r\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(later, ReadOptions.DEFAULT.withFs(10.0), "line 4");
    }

    @Test
    void emptyHeaderOnlyAndSingleSampleFilesAreRefused() throws IOException {
        assertTrue(refused(write("empty.csv", ""), ReadOptions.DEFAULT, null).problem().contains("empty"));
        assertTrue(refused(write("blank.csv", "\n\n  \n"), ReadOptions.DEFAULT, null).problem().contains("empty"));
        assertTrue(refused(write("header.csv", "time,ppg\n"), ReadOptions.DEFAULT, null).problem().contains("header"));
        ReadException single = refused(write("one.csv", "time,ppg\n0,5\n"), ReadOptions.DEFAULT, "line 2");
        assertTrue(single.problem().contains("single sample"), single.getMessage());
        refused(write("one-bare.csv", "\n5\n"), ReadOptions.DEFAULT.withFs(1.0), "line 2");
        refused(write("only-time.csv", "time\n0\n1\n"), ReadOptions.DEFAULT, null);
    }

    @Test
    void garbageInADataCellNamesLineAndColumn() throws IOException {
        ReadException e = refused(write("garbage.csv", "time,ppg\n0,1\n0.01,abc\n"), ReadOptions.DEFAULT,
                "line 3, column 2 (ppg)");
        assertTrue(e.problem().contains("'abc' is not a number"), e.getMessage());
        refused(write("garbage2.csv", "1\n2\n3x\n"), ReadOptions.DEFAULT.withFs(1.0), "line 3, column 1");
        refused(write("ragged.csv", "a,b\n1,2\n3\n"), ReadOptions.DEFAULT.withFs(1.0), "line 3");
        refused(write("quote.csv", "a,b\n1,2\n\"3,4\n5,6\n"), ReadOptions.DEFAULT.withFs(1.0), "line 3");
    }

    @Test
    void timestampsOutOfOrderOrRepeatedAreRefusedWithTheirLine() throws IOException {
        ReadException back = refused(write("back.csv", "t,ppg\n0,1\n0.01,2\n0.005,3\n0.02,4\n"), ReadOptions.DEFAULT,
                "line 4, column 1 (t)");
        assertTrue(back.problem().contains("earlier than the time on line 3"), back.getMessage());
        ReadException twice = refused(write("twice.csv", "t,ppg\n0,1\n0.01,2\n0.02,3\n0.02,3\n0.03,4\n"),
                ReadOptions.DEFAULT, "line 5");
        assertTrue(twice.problem().contains("repeats"), twice.getMessage());
        refused(write("notime.csv", "t,ppg\n0,1\n,2\n0.02,3\n"), ReadOptions.DEFAULT, "line 3, column 1 (t)");
        refused(write("badtime.csv", "datetime,ppg\n2024-01-01 00:00:00,1\n2024-13-01 00:00:01,2\n"), ReadOptions.DEFAULT,
                "line 3, column 1 (datetime)");
    }

    @Test
    void stepsTooIrregularForARateAreRefusedWithTheWayOut() throws IOException {
        ReadException e = refused(write("jitter.csv", "t,ppg\n0,1\n0.01,2\n0.03,3\n0.031,4\n0.06,5\n0.061,6\n0.1,7\n"),
                ReadOptions.DEFAULT, null);
        assertTrue(e.problem().contains("too irregular") && e.problem().contains("--fs"), e.getMessage());
    }

    @Test
    void aLargeJumpUnderACoarseClockIsRefused() throws IOException {
        StringBuilder text = new StringBuilder("ms,ppg\n");
        for (int i = 0; i < 400; i++) {
            long ms = (i * 10L) / 16 * 16 + (i >= 200 ? 5000 : 0);
            text.append(ms).append(',').append(i).append('\n');
        }
        ReadException e = refused(write("jump.csv", text.toString()), ReadOptions.DEFAULT, "line 202");
        assertTrue(e.problem().contains("jumps"), e.getMessage());
    }

    @Test
    void anUnknownTimeUnitOptionIsRefused() throws IOException {
        refused(write("unit.csv", "t,ppg\n0,1\n1,2\n"), timeOptions(null, "minutes"), null);
    }

    @Test
    void clockTimesOfDayGiveTheRateAndPassMidnight() throws IOException {
        StringBuilder text = new StringBuilder("Clock,PPG\n");
        // 25 Hz from 23:59:58 to 00:00:02: the clock goes back to 00:00:00 at midnight.
        for (int i = 0; i < 100; i++) {
            double t = (86_398 + i * 0.04) % 86_400;
            text.append(String.format(java.util.Locale.ROOT, "%02d:%02d:%06.3f,%d%n", (int) (t / 3600), (int) (t % 3600 / 60), t % 60, i));
        }
        Recording r = read(write("clock.csv", text.toString()));
        Channel ppg = r.channels().get(0);
        assertEquals("PPG", ppg.name());
        assertEquals(25.0, ppg.fs(), 1e-9);
        assertEquals(100, ppg.length(), "no gap and no overlap at midnight");
        assertEquals(99f, ppg.samples()[99]);
        assertNull(r.start(), "a clock time gives no date, so no start");
    }
}
