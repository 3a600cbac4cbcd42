package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bad-input corpus: each damaged or inconsistent file, imported through the real command line, is
 * refused with a message naming the file, the place and the problem in plain words, leaves no dataset and
 * no cache folder behind, and the workspace still opens and lists its datasets; with {@code --skip-bad} a
 * bad recording beside a good one is skipped and listed.
 */
class MalformedInputTest {
    /** Refusals seen in this class, for the figures in the README. */
    private static int refused;
    private static int skipped;

    @TempDir
    Path tmp;

    /** Writes the bad input under {@code dir} and returns what to import (a file or folder) and extra options. */
    @FunctionalInterface
    interface Setup {
        Input write(Path dir) throws Exception;
    }

    record Input(Path source, List<String> options) {
        static Input of(Path source, String... options) {
            return new Input(source, List.of(options));
        }
    }

    /**
     * One bad input and the message it must give.
     *
     * @param name what is wrong, for the test report
     * @param file the bad file's name, which the message must contain
     * @param place where in the file (a regular expression), which the message must contain
     * @param problem the problem in plain words (a regular expression)
     * @param oneFile whether the problem is confined to one recording, so that --skip-bad imports the rest
     */
    record Case(String name, Setup setup, String file, String place, String problem, boolean oneFile) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final double FS = 50;
    /** Longer than any message needs: a message that quotes file content whole grows past it. */
    private static final int MAX_MESSAGE = 1000;

    static Stream<Case> corpus() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("WFDB: signal file truncated in the middle of a sample", dir -> {
            Recordings.goodWfdb(dir, "rec", 125, 20);
            truncate(dir.resolve("rec.dat"), 1001);
            return Input.of(dir);
        }, "rec.dat", "byte 1001", "truncated", true));
        c.add(new Case("WFDB: header sample count larger than the signal file", dir -> {
            int[] d = Recordings.digitalPulse(125, 2500);
            Recordings.wfdb(dir, "rec", "rec 1 125 5000", Recordings.signalLine("rec", "1000/mV", d), d);
            return Input.of(dir);
        }, "rec.dat", "byte 5000", "says 5000 samples per signal.*holds only 5000 bytes", true));
        c.add(new Case("WFDB: checksum mismatch", dir -> {
            int[] d = Recordings.digitalPulse(125, 2500);
            String line = "rec.dat 16 1000/mV 16 0 " + d[0] + " " + (Recordings.checksum(d) + 7) + " 0 PLETH";
            Recordings.wfdb(dir, "rec", "rec 1 125 2500", line, d);
            return Input.of(dir);
        }, "rec.dat", "signal PLETH \\(rec.hea line 2\\)", "checksum of its 2500 samples is .* but the header says", true));
        c.add(new Case("WFDB: unknown storage format", dir -> {
            int[] d = Recordings.digitalPulse(125, 2500);
            Recordings.wfdb(dir, "rec", "rec 1 125 2500", "rec.dat 999 1000/mV 16 0 0 0 0 PLETH", d);
            return Input.of(dir);
        }, "rec.hea", "line 2", "unknown storage format 999; WFDB formats .* are supported", true));
        c.add(new Case("WFDB: the PPG channel in a FLAC format, which is not decoded", dir -> {
            Recordings.wfdbWithFlacSignal(dir, "rec", "ECG", "PLETH", 125, 20);
            return Input.of(dir);
        }, "rec.hea", "rec.hea line 3", "signal PLETH .* is stored in WFDB format 516 \\(FLAC-compressed\\), which is not"
                + " read; the formats read are 8, 16, .*; it is the record's PPG channel by its name", true));
        c.add(new Case("WFDB: ADC gain 0", dir -> {
            int[] d = Recordings.digitalPulse(125, 2500);
            Recordings.wfdb(dir, "rec", "rec 1 125 2500", Recordings.signalLine("rec", "0/mV", d), d);
            return Input.of(dir);
        }, "rec.hea", "line 2", "ADC gain 0", true));
        c.add(new Case("WFDB: sampling rate 0", dir -> {
            int[] d = Recordings.digitalPulse(125, 2500);
            Recordings.wfdb(dir, "rec", "rec 1 0 2500", Recordings.signalLine("rec", "1000/mV", d), d);
            return Input.of(dir);
        }, "rec.hea", "line 1", "sampling frequency is 0 Hz; it must be positive", true));
        c.add(new Case("WFDB: negative sampling rate", dir -> {
            int[] d = Recordings.digitalPulse(125, 2500);
            Recordings.wfdb(dir, "rec", "rec 1 -125 2500", Recordings.signalLine("rec", "1000/mV", d), d);
            return Input.of(dir);
        }, "rec.hea", "line 1", "sampling frequency is -125 Hz; it must be positive", true));
        c.add(new Case("WFDB: signal file missing", dir -> {
            Recordings.goodWfdb(dir, "rec", 125, 20);
            Files.delete(dir.resolve("rec.dat"));
            return Input.of(dir);
        }, "rec.hea", "line 2", "signal file rec.dat not found", true));
        c.add(new Case("WFDB: multi-segment header naming a missing segment", dir -> {
            Recordings.goodWfdb(dir, "seg1", 125, 20);
            Recordings.write(dir.resolve("multi.hea"), "multi/2 1 125 5000\nseg1 2500\nseg2 2500\n");
            return Input.of(dir);
        }, "multi.hea", "line 3", "segment seg2 is missing", true));

        c.add(new Case("CSV: empty file", dir -> Input.of(Recordings.write(dir.resolve("empty.csv"), "")),
                "empty.csv", "line 1", "empty", true));
        c.add(new Case("CSV: header only", dir -> Input.of(Recordings.write(dir.resolve("header.csv"), "time,ppg\n")),
                "header.csv", "line 2", "ends after its header row .*without a single value", true));
        c.add(new Case("CSV: one sample", dir -> Input.of(Recordings.write(dir.resolve("one.csv"), "time,ppg\n0,0.5\n")),
                "one.csv", "line 2", "a single sample; a recording needs at least two", true));
        c.add(new Case("CSV: bytes that are not UTF-8", dir -> {
            byte[] text = Recordings.pulseCsvText(FS, 30).replaceFirst("\n0.0200,", "\n0.0200,0.5@").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < text.length; i++) {
                if (text[i] == '@') {
                    text[i] = (byte) 0xE9;
                }
            }
            return Input.of(Recordings.write(dir.resolve("latin1.csv"), text));
        }, "latin1.csv", "line 3", "byte 0xE9 at byte offset \\d+ is not valid UTF-8", true));
        c.add(new Case("CSV: decimal commas in a comma-separated file", dir -> Input.of(Recordings.write(dir.resolve("commas.csv"),
                Recordings.pulseCsvText(FS, 30).replace('.', ','))), "commas.csv", "line 2", "decimal commas", true));
        c.add(new Case("CSV: timestamps out of order", dir -> {
            List<String> lines = new ArrayList<>(Recordings.pulseCsvText(FS, 30).lines().toList());
            lines.add(100, lines.remove(99));
            return Input.of(Recordings.write(dir.resolve("order.csv"), String.join("\n", lines) + "\n"));
        }, "order.csv", "line 101, column 1 \\(time\\)", "earlier than the time on line 100; rows must be in time order", true));
        c.add(new Case("CSV: duplicated timestamps", dir -> {
            List<String> lines = new ArrayList<>(Recordings.pulseCsvText(FS, 30).lines().toList());
            lines.set(200, lines.get(199).split(",")[0] + "," + lines.get(200).split(",")[1]);
            return Input.of(Recordings.write(dir.resolve("dup.csv"), String.join("\n", lines) + "\n"));
        }, "dup.csv", "line 201", "repeats the time of the row before", true));
        c.add(new Case("CSV: the sampling rate changes in the middle", dir -> {
            StringBuilder sb = new StringBuilder("time,ppg\n");
            for (int i = 0; i < 6000; i++) {
                sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", i / 100.0, Recordings.pulse(i / 100.0)));
            }
            for (int i = 1; i <= 3000; i++) {
                double t = 60 + i / 50.0;
                sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", t, Recordings.pulse(t)));
            }
            return Input.of(Recordings.write(dir.resolve("rates.csv"), sb.toString()));
        }, "rates.csv", "column 1 \\(time\\)", "too irregular for a sampling rate", true));
        c.add(new Case("CSV: a cell that is not a number", dir -> Input.of(Recordings.write(dir.resolve("text.csv"),
                Recordings.pulseCsvText(FS, 30).replaceFirst("\n0.0400,[^\n]*", "\n0.0400,high"))),
                "text.csv", "line 4, column 2 \\(ppg\\)", "'high' is not a number", true));
        c.add(new Case("CSV: a number too large for a 32-bit sample", dir -> Input.of(Recordings.write(dir.resolve("huge.csv"),
                Recordings.pulseCsvText(FS, 30).replaceFirst("\n0.0400,[^\n]*", "\n0.0400,1e39"))),
                "huge.csv", "line 4, column 2 \\(ppg\\)", "1e39.* too large", true));
        c.add(new Case("TSV: a row with a missing cell", dir -> Input.of(Recordings.write(dir.resolve("ragged.tsv"),
                Recordings.pulseCsvText(FS, 30).replace(',', '\t').replaceFirst("\n0.0600\t[^\n]*", "\n0.0600"))),
                "ragged.tsv", "line 5", "has 1 cells, but the header has 2", true));

        c.add(new Case("EDF: truncated data records", dir -> {
            Path f = Recordings.edf(dir.resolve("cut.edf"), FS, 30);
            truncate(f, Files.size(f) - 150);
            return Input.of(dir);
        }, "cut.edf", "byte \\d+", "ends in data record \\d+ of 30 .* truncated", true));
        c.add(new Case("EDF: header length field wrong", dir -> {
            Path f = Recordings.edf(dir.resolve("hdr.edf"), FS, 30);
            overwrite(f, 184, "1024    ");
            return Input.of(dir);
        }, "hdr.edf", "byte 184", "header length field says 1024 bytes, but 2 signals need", true));
        c.add(new Case("EDF: physical minimum equals physical maximum", dir -> {
            Path f = Recordings.edf(dir.resolve("flat.edf"), FS, 30);
            // Signal fields: label 16, transducer 80, dimension 8 bytes each per signal; then the minima, then the maxima.
            int ns = 2;
            long physMin = 256 + (16 + 80 + 8) * ns;
            overwrite(f, physMin + 8 * ns, readAscii(f, physMin, 8));
            return Input.of(dir);
        }, "flat.edf", "byte 464", "physical minimum = physical maximum", true));

        c.add(new Case("Labels: timestamps not overlapping the signal", dir -> {
            // Numeric label times count from their own first row; only date-times can miss the recording.
            StringBuilder signal = new StringBuilder("time,ppg\n");
            java.time.Instant start = java.time.Instant.parse("2024-01-01T10:00:00Z");
            for (int i = 0; i < 120 * FS; i++) {
                signal.append(start.plusMillis(Math.round(i * 1000 / FS))).append(',')
                        .append(String.format(Locale.ROOT, "%.5f", Recordings.pulse(i / FS))).append('\n');
            }
            Recordings.write(dir.resolve("s1.csv"), signal.toString());
            StringBuilder labels = new StringBuilder("time,SpO2\n");
            for (int t = 0; t < 100; t++) {
                labels.append(start.plusSeconds(7200 + t)).append(",97\n");
            }
            Recordings.write(dir.resolve("s1_labels.csv"), labels.toString());
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), optionalLabels("")).toString());
        }, "s1_labels.csv", "label SpO2", "label times \\(7200.0 to 7299.0 s\\) do not overlap the recording \\(0 to 120.0 s\\)", true));
        c.add(new Case("Labels: the same subject with conflicting labels", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Recordings.pulseCsv(dir.resolve("s2.csv"), FS, 30);
            Recordings.write(dir.resolve("tables/subjects.csv"), "subject,SBP\ns1,120\ns1,135\ns2,118\n");
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), "\"subjectTable\": {\"file\": \"tables/subjects.csv\","
                    + " \"idColumn\": \"subject\", \"columns\": {\"SBP\": \"SBP\"}}").toString());
        }, "subjects.csv", "line 3", "subject s1 appears again \\(first in row 2\\) with '135' instead of '120'", false));
        c.add(new Case("Labels: XLSX subject table with a missing column", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Recordings.xlsx(Files.createDirectories(dir.resolve("tables")).resolve("subjects.xlsx"), List.of("subject", "Age"), List.of(List.of("s1", 40)));
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), "\"subjectTable\": {\"file\": \"tables/subjects.xlsx\","
                    + " \"idColumn\": \"subject\", \"columns\": {\"SBP\": \"Systolic BP\"}}").toString());
        }, "subjects.xlsx", "sheet 'Subjects', row 1", "no column 'Systolic BP'; the columns are 'subject', 'Age'", false));

        c.add(new Case("A record shorter than one patch", dir -> Input.of(Recordings.pulseCsv(dir.resolve("short.csv"), FS, 0.5)),
                "short.csv", "channel ppg", "0.500 s long, shorter than one 1 s patch", true));
        c.add(new Case("A folder with a symbolic link loop", dir -> {
            Recordings.pulseCsv(dir.resolve("a.csv"), FS, 30);
            Files.createDirectories(dir.resolve("sub"));
            Files.createSymbolicLink(dir.resolve("sub").resolve("back"), dir);
            return Input.of(dir);
        }, "sub/back", "sub/back", "symbolic link loop", true));

        // Files that a header, a recipe or a link names must sit inside the imported folder (issue 14).
        c.add(new Case("WFDB: the header names /etc/passwd as its signal file", dir -> {
            Path passwd = Path.of("/etc/passwd");
            Recordings.write(dir.resolve("rec.hea"), "rec 1 125 " + Files.size(passwd) + "\n" + passwd + " 80\n");
            return Input.of(dir);
        }, "rec.hea", "line 2", "the signal file '/etc/passwd' is outside the folder .*must sit inside that folder", true));
        c.add(new Case("WFDB: the header names ../outside.dat", dir -> {
            int[] d = Recordings.digitalPulse(125, 2500);
            Recordings.write(dir.resolveSibling("outside.dat"), Recordings.format16(d));
            Recordings.write(dir.resolve("rec.hea"), "rec 1 125 2500\n" + Recordings.signalLine("../outside", "1000/mV", d) + "\n");
            return Input.of(dir);
        }, "rec.hea", "line 2", "the signal file '../outside.dat' is outside the folder", true));
        c.add(new Case("WFDB: the signal file is a link out of the folder", dir -> {
            Path elsewhere = dir.resolveSibling("elsewhere");
            Recordings.goodWfdb(elsewhere, "rec", 125, 20);
            Files.copy(elsewhere.resolve("rec.hea"), dir.resolve("rec.hea"));
            Files.createSymbolicLink(dir.resolve("rec.dat"), elsewhere.resolve("rec.dat"));
            return Input.of(dir);
        }, "rec.dat", "rec.dat", "a symbolic link to .*elsewhere/rec.dat, outside the folder .*not followed \\(add --follow-links", true));
        c.add(new Case("CSV: a link to a file outside the folder", dir -> {
            Files.createSymbolicLink(dir.resolve("x.csv"), Recordings.pulseCsv(dir.resolveSibling("secret.csv"), FS, 30));
            return Input.of(dir);
        }, "x.csv", "x.csv", "a symbolic link to .*secret.csv, outside the folder", true));
        c.add(new Case("A link whose target does not exist", dir -> {
            Files.createSymbolicLink(dir.resolve("gone.csv"), dir.resolve("nowhere.csv"));
            return Input.of(dir);
        }, "gone.csv", "gone.csv", "a symbolic link to .*nowhere.csv, which does not exist", true));
        c.add(new Case("A link that loops back to itself", dir -> {
            Files.createSymbolicLink(dir.resolve("loop.csv"), dir.resolve("loop.csv"));
            return Input.of(dir);
        }, "loop.csv", "loop.csv", "a symbolic link that loops back to itself", true));
        c.add(new Case("Recipe: recordLabels that climb out of the folder", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Recordings.write(dir.resolveSibling("s1_labels.csv"), "time,SpO2\n0,97\n10,96\n20,97\n");
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), "\"recordLabels\": \"../{stem}_labels.csv\"").toString());
        }, "s1.csv", "s1.csv", "the label file that the recipe's recordLabels names '../s1_labels.csv' is outside the folder", false));
        c.add(new Case("Recipe: a subject table outside the folder", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Path table = Recordings.write(dir.resolveSibling("subjects.csv"), "subject,SBP\ns1,120\n");
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), "\"subjectTable\": {\"file\": \""
                    + table.toAbsolutePath() + "\", \"idColumn\": \"subject\", \"columns\": {\"SBP\": \"SBP\"}}").toString());
        }, "subjects.csv", "subject table", "the subject table that the recipe names '.*subjects.csv' is outside the folder", false));

        // Multi-segment headers that loop are refused by name; --skip-bad keeps the good record beside them.
        c.add(new Case("WFDB: a multi-segment header that names itself", dir -> {
            Recordings.goodWfdb(dir, "seg", 125, 20);
            Recordings.write(dir.resolve("self.hea"), "self/2 1 125 5000\nself 2500\nseg 2500\n");
            return Input.of(dir);
        }, "self.hea", "line 2", "segment self is this record itself: the header names itself as one of its segments, a loop", true));
        c.add(new Case("WFDB: two multi-segment headers that name each other", dir -> {
            Recordings.write(dir.resolve("a.hea"), "a/1 1 125 2500\nb 2500\n");
            Recordings.write(dir.resolve("b.hea"), "b/1 1 125 2500\na 2500\n");
            return Input.of(dir);
        }, "a.hea", "line 2", "segment b is itself a multi-segment record that names a back as its segment, a loop \\(a -> b -> a\\)", true));

        c.add(new Case("WFDB: the signal file is a folder", dir -> {
            Recordings.goodWfdb(dir, "rec", 125, 20);
            Files.delete(dir.resolve("rec.dat"));
            Files.createDirectories(dir.resolve("rec.dat"));
            return Input.of(dir);
        }, "rec.hea", "line 2", "signal file rec.dat is a folder, not a file of samples", true));
        c.add(new Case("CSV: one line longer than a row may be", dir -> {
            StringBuilder line = new StringBuilder(5_000_001);
            while (line.length() < 5_000_000) {
                line.append("0,");
            }
            return Input.of(Recordings.write(dir.resolve("wide.csv"), line.append("0\n").toString()), "--fs", "100");
        }, "wide.csv", "line 1", "the row is longer than 4,194,304 characters, the most one row may hold", true));
        c.add(new Case("CSV: a cell of a million characters", dir -> Input.of(Recordings.write(dir.resolve("cell.csv"),
                Recordings.pulseCsvText(FS, 30).replaceFirst("\n0.0400,[^\n]*", "\n0.0400,1e39" + "0".repeat(1_000_000)))),
                "cell.csv", "line 4, column 2 \\(ppg\\)", "^[^']*'1e390{73}\\.\\.\\.' is too large for a 32-bit sample", true));
        c.add(new Case("XLSX subject table: a zip bomb", dir -> subjectTable(dir, MalformedInputTest::zipBomb),
                "subjects.xlsx", "part 'xl/worksheets/sheet1.xml'", "would unpack to far more than its packed size, as a zip bomb", false));
        c.add(new Case("XLSX subject table: a document type declaration", dir -> subjectTable(dir, MalformedInputTest::doctype),
                "subjects.xlsx", "subjects.xlsx", "contains a document type declaration \\(DOCTYPE\\).*it was not read", false));
        c.add(new Case("XLSX subject table: no sheets", dir -> subjectTable(dir, MalformedInputTest::noSheets),
                "subjects.xlsx", "subjects.xlsx", "the workbook has no sheets", false));
        c.add(new Case("Recipe: text where a number belongs", dir -> recipeInput(dir, "\"fs\": \"one\""),
                "recipe.json", "\"fs\"", "must be a number, got the text 'one'", false));
        c.add(new Case("Recipe: text where a list belongs", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Path recipe = Recordings.write(dir.resolveSibling("recipe.json"), "{\"version\": 1, \"include\": \"*.csv\"}");
            return Input.of(dir, "--recipe", recipe.toString());
        }, "recipe.json", "\"include\"", "must be a list of texts in square brackets, like \\[\"\\*.csv\"\\], got the text", false));
        c.add(new Case("Recipe: a misspelt key", dir -> recipeInput(dir, "\"windowSecond\": 30"),
                "recipe.json", "'windowSecond'", "unknown key 'windowSecond'; did you mean 'windowSeconds'\\? The known keys are"
                + " version, layout, .*, windowSeconds, hopSeconds, minWindowFraction$", false));
        c.add(new Case("Recipe: a misspelt key in the subject table", dir -> recipeInput(dir,
                "\"subjectTable\": {\"file\": \"s.csv\", \"idColum\": \"subject\"}"),
                "recipe.json", "'idColum' in \"subjectTable\"", "did you mean 'idColumn'\\? The known keys there are file, sheet,"
                + " idColumn, columns", false));

        // Label files as devices write them (issue 16): a missing one is named, a bad one refused by its place.
        c.add(new Case("Labels: the label file the recipe names is missing", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"),
                    "\"labels\": {\"file\": \"oximeter/{stem}.csv\", \"relativeTo\": \"dataset\"}").toString());
        }, "oximeter/s1.csv", "src/s1.csv", "the label file 'oximeter/s1.csv' that the recipe's labels.file names does not exist"
                + " \\(looked for 'oximeter/s1.csv' in the dataset folder\\)", false));
        c.add(new Case("Labels: a device's word in a chosen column", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Recordings.write(dir.resolve("s1_labels.csv"), "Clock,SpO2 A,SpO2 B\n09:00:00,97,96\n09:00:01,Probe off,96\n");
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), optionalLabels(
                    "\"series\": {\"SpO2\": {\"columns\": [\"SpO2 A\", \"SpO2 B\"], \"missing\": [0]}}")).toString());
        }, "s1_labels.csv", "line 3, column 2 \\(SpO2 A\\)", "'Probe off' is not a number; if the device writes it when it has no"
                + " value, add it to the missing values of label SpO2", true));
        c.add(new Case("Labels: a clock going backwards", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Recordings.write(dir.resolve("s1_labels.csv"), "Clock,SpO2\n09:25:02,97\n09:25:03.500,96\n09:25:03,95\n");
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), optionalLabels(
                    "\"time\": {\"column\": \"Clock\"}")).toString());
        }, "s1_labels.csv", "line 4, column 1 \\(Clock\\)", "time '09:25:03' is not after the time on line 3", true));
        c.add(new Case("Labels: times from the start of a recording that has none", dir -> {
            Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
            Recordings.write(dir.resolve("s1_labels.csv"), "Clock,SpO2\n09:25:02,97\n09:25:03,96\n");
            return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), optionalLabels(
                    "\"time\": {\"origin\": \"recording-start\"}")).toString());
        }, "s1.csv", "s1.csv", "origin recording-start\\), but this recording has no start time of its own", true));
        c.add(new Case("Recipe: a misspelt key in the labels block", dir -> recipeInput(dir,
                "\"labels\": {\"file\": \"{stem}_labels.csv\", \"relativeto\": \"dataset\"}"),
                "recipe.json", "'relativeto' in \"labels\"", "did you mean 'relativeTo'\\? The known keys there are file, relativeTo,"
                + " fs, time, offsets, series, optional", false));
        c.add(new Case("Recipe: a word that is not one of the choices", dir -> recipeInput(dir,
                "\"labels\": {\"file\": \"{stem}_labels.csv\", \"time\": {\"origin\": \"start\"}}"),
                "recipe.json", "\"labels.time.origin\"", "must be 'first-row' or 'recording-start', got the text 'start'", false));
        return c.stream();
    }

    /**
     * A labels block with {@code fields} whose files may be missing: a good recording imported beside a bad
     * one with --skip-bad needs no label file of its own.
     */
    private static String optionalLabels(String fields) {
        return "\"labels\": {\"file\": \"{stem}_labels.csv\", \"optional\": true" + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    /** A folder with one good recording and a recipe whose fields are {@code fields}. */
    private static Input recipeInput(Path dir, String fields) throws IOException {
        Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
        return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), fields).toString());
    }

    /** A folder with one good recording and a recipe naming a workbook that {@code damage} has changed. */
    private static Input subjectTable(Path dir, Damage damage) throws IOException {
        Recordings.pulseCsv(dir.resolve("s1.csv"), FS, 30);
        // Inside the imported folder, where a recipe's subject table must be.
        Path table = Recordings.xlsx(Files.createDirectories(dir.resolve("tables")).resolve("subjects.xlsx"), List.of("subject", "SBP"),
                List.of(List.of("s1", 120)));
        rewriteZip(table, damage);
        return Input.of(dir, "--recipe", recipe(dir.resolveSibling("recipe.json"), "\"subjectTable\": {\"file\": \"tables/subjects.xlsx\", "
                + "\"idColumn\": \"subject\", \"columns\": {\"SBP\": \"SBP\"}}").toString());
    }

    /** A change to one part of a workbook: the part's new text, or the text unchanged. */
    @FunctionalInterface
    interface Damage {
        String apply(String part, String text);
    }

    /** Rewrites every part of a workbook (a ZIP package) through {@code damage}. */
    private static void rewriteZip(Path file, Damage damage) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                parts.put(e.getName(), in.readAllBytes());
            }
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> p : parts.entrySet()) {
                out.putNextEntry(new ZipEntry(p.getKey()));
                String text = new String(p.getValue(), StandardCharsets.UTF_8);
                String changed = p.getKey().endsWith(".xml") ? damage.apply(p.getKey(), text) : text;
                out.write(p.getKey().endsWith(".xml") ? changed.getBytes(StandardCharsets.UTF_8) : p.getValue());
                out.closeEntry();
            }
        }
    }

    /** Five million spaces in the sheet: a few kilobytes packed, a thousand times that unpacked. */
    private static String zipBomb(String part, String text) {
        return part.equals("xl/worksheets/sheet1.xml") ? text.replace("</worksheet>", " ".repeat(5_000_000) + "</worksheet>") : text;
    }

    /** An external entity declared in the workbook part, which a careless reader would fetch. */
    private static String doctype(String part, String text) {
        if (!part.equals("xl/workbook.xml")) {
            return text;
        }
        int afterDeclaration = text.startsWith("<?xml") ? text.indexOf("?>") + 2 : 0;
        return text.substring(0, afterDeclaration) + "<!DOCTYPE workbook [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                + text.substring(afterDeclaration);
    }

    private static String noSheets(String part, String text) {
        return part.equals("xl/workbook.xml") ? text.replaceAll("<sheets>.*</sheets>", "<sheets/>") : text;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithThePlaceAndNothingIsLeftBehind(Case c) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Input input = c.setup().write(src);
        Path ws = tmp.resolve("ws");
        Cli.Result r = importing(input, ws, false);
        assertEquals(1, r.code(), "the import must fail: " + r.out() + r.err());
        String message = r.error();
        Cli.assertPlain(message);
        assertEquals("error: " + message, r.err().strip(), "standard error carries the same one line");
        assertTrue(message.contains(c.file()), "names the file " + c.file() + ": " + message);
        assertTrue(Pattern.compile(c.place()).matcher(message).find(), "names the place /" + c.place() + "/: " + message);
        assertTrue(Pattern.compile(c.problem()).matcher(message).find(), "says the problem /" + c.problem() + "/: " + message);
        assertTrue(message.length() < MAX_MESSAGE, "a message of " + message.length() + " characters");
        assertNothingLeft(ws);
        refused++;

        if (c.oneFile()) {
            Path beside = Files.createDirectories(tmp.resolve("beside"));
            Input again = c.setup().write(beside);
            Path folder = Files.isDirectory(again.source()) ? again.source() : again.source().getParent();
            Recordings.pulseCsv(folder.resolve("zz_good.csv"), FS, 30);
            Cli.Result s = importing(new Input(folder, again.options()), tmp.resolve("ws2"), true);
            assertEquals(0, s.code(), "--skip-bad imports the good recording: " + s.err());
            JsonObject j = s.json();
            assertNotEquals(0, j.getAsJsonArray("skipped").size(), "the bad file is listed: " + s.out());
            String listed = j.getAsJsonArray("skipped").get(0).getAsJsonObject().toString();
            assertTrue(listed.contains(c.file()), "the skipped list names " + c.file() + ": " + listed);
            assertTrue(j.get("records").getAsInt() >= 1, s.out());
            Cli.assertWhole(tmp.resolve("ws2"));
            skipped++;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--fs=NaN", "--fs=Infinity", "--fs=-Infinity", "--fs=0", "--window-seconds=NaN"})
    void aRateOrLengthOptionThatIsNotAPositiveNumberIsRefusedByName(String option) throws Exception {
        Path src = tmp.resolve("src");
        Recordings.pulseCsv(src.resolve("s1.csv"), FS, 30);
        Path ws = tmp.resolve("ws");
        Cli.Result r = importing(Input.of(src, option), ws, false);
        assertEquals(1, r.code(), r.out() + r.err());
        String message = r.error();
        Cli.assertPlain(message);
        String key = option.startsWith("--fs") ? "\"fs\" (the sampling rate in Hz)" : "\"windowSeconds\" (the window length in seconds)";
        double given = Double.parseDouble(option.substring(option.indexOf('=') + 1));
        assertEquals(key + " must be a positive number, got the number " + given, message);
        assertNothingLeft(ws);
        refused++;
    }

    private static Cli.Result importing(Input input, Path ws, boolean skipBad) {
        List<String> args = new ArrayList<>(List.of("import", input.source().toString(), "--name", "bad", "--workspace", ws.toString(), "--json"));
        args.addAll(input.options());
        if (skipBad) {
            args.add("--skip-bad");
        }
        return Cli.run(args.toArray(String[]::new));
    }

    /** No dataset row, no cache folder, and the workspace opens and lists (no) datasets. */
    static void assertNothingLeft(Path ws) throws IOException {
        assertEquals(java.util.Set.of(), Cli.cacheEntries(ws), "no cache folder may remain");
        assertEquals(List.of(), Cli.listDatasets(ws));
        assertEquals(List.of(), Cli.assertWhole(ws));
    }

    @AfterAll
    static void figures() {
        Figures.report("malformed inputs refused " + refused + ", skipped with --skip-bad " + skipped);
    }

    static Path recipe(Path file, String fields) throws IOException {
        return Recordings.write(file, "{\"version\": 1, \"layout\": \"recipe\", \"include\": [\"*.csv\"], \"exclude\": [\"*_labels.csv\"], "
                + fields + "}");
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void overwrite(Path file, long offset, String ascii) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(ascii.getBytes(StandardCharsets.US_ASCII)), offset);
        }
    }

    static String readAscii(Path file, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            ch.read(b, offset);
            return new String(b.array(), StandardCharsets.US_ASCII);
        }
    }
}
