package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.Workspace;

/**
 * Inputs that are odd but usable: they import, with what was odd masked, flagged or warned about by file
 * name, and no non-finite sample reaches the window cache that training reads. Also an unreadable file,
 * which needs a child JVM without root's power to read anything.
 */
class AcceptedInputTest {
    private static final double FS = 50;
    private static int accepted;

    @TempDir
    Path tmp;

    @Test
    void nanInfAndBlankCellsAreMaskedAndCountedInQc() throws Exception {
        List<String> lines = new ArrayList<>(Recordings.pulseCsvText(FS, 60).lines().toList());
        lines.set(101, "2.0000,NaN");
        lines.set(201, "4.0000,Inf");
        lines.set(301, "6.0000,-Infinity");
        for (int i = 401; i < 451; i++) {
            lines.set(i, lines.get(i).split(",")[0] + ",");
        }
        Path src = Recordings.write(tmp.resolve("src/gaps.csv"), String.join("\n", lines) + "\n");
        JsonObject r = importOk(src.getParent());
        assertEquals(1, r.get("records").getAsInt());

        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Catalogue catalogue = new Catalogue(ws);
        DatasetInfo d = catalogue.requireDataset("ok");
        RecordInfo rec = catalogue.records(d.id()).get(0);
        assertEquals(53, rec.missingSamples(), "the three non-finite and fifty blank cells are counted as missing");
        int flaggedMissing = 0;
        try (WindowCache cache = catalogue.openCache(d)) {
            for (WindowInfo w : catalogue.windowsOfDataset(d.id())) {
                for (float v : cache.samples(w.sampleOffset(), w.validSamples())) {
                    assertTrue(Float.isFinite(v), "a non-finite sample in the window cache");
                }
                for (byte f : cache.patchFlags(w.patchOffset(), w.patches())) {
                    flaggedMissing += (f & WindowCache.FLAG_MISSING) != 0 ? 1 : 0;
                }
            }
        }
        assertNotEquals(0, flaggedMissing, "the patches in the second of blank cells carry the MISSING flag");
        accepted++;
    }

    @Test
    void aUtf8ByteOrderMarkIsNotPartOfTheFirstColumnName() throws Exception {
        Path src = Recordings.write(tmp.resolve("src/bom.csv"), "\uFEFF" + Recordings.pulseCsvText(FS, 30));
        JsonObject r = importOk(src.getParent());
        assertEquals(1, r.get("records").getAsInt());
        assertEquals(0, r.getAsJsonArray("warnings").size(), r.toString());
        RecordInfo rec = only(tmp.resolve("ws"));
        assertEquals("ppg", rec.channel());
        assertEquals(FS, rec.fs(), 1e-9, "the time column was recognised, so the rate comes from it");
        accepted++;
    }

    @ParameterizedTest(name = "options {0}")
    @ValueSource(strings = {"", "--charset=UTF-16"})
    void excelUnicodeTextIsReadWithOrWithoutTheCharsetGiven(String option) throws Exception {
        // Excel's "Save as Unicode Text": UTF-16LE with a byte-order mark, tab between cells, CR LF line ends.
        String text = Recordings.pulseCsvText(FS, 30).replace(',', '\t').replace("\n", "\r\n");
        byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] file = new byte[body.length + 2];
        file[0] = (byte) 0xFF;
        file[1] = (byte) 0xFE;
        System.arraycopy(body, 0, file, 2, body.length);
        Path src = Recordings.write(tmp.resolve("src/unicode.txt"), file);
        JsonObject r = option.isEmpty() ? importOk(src.getParent()) : importOk(src.getParent(), option);
        assertEquals(1, r.get("records").getAsInt(), r.toString());
        assertEquals(0, r.getAsJsonArray("warnings").size(), r.toString());
        RecordInfo rec = only(tmp.resolve("ws"));
        assertEquals("ppg", rec.channel());
        assertEquals(FS, rec.fs(), 1e-9, "the time column was read, so the rate comes from it");
        assertEquals(Math.round(FS * 30), rec.samples());
        accepted++;
    }

    @Test
    void aWhollyFlatRecordingImportsWithAWarningAndItsQcSaysSo() throws Exception {
        StringBuilder text = new StringBuilder("time,ppg\n");
        for (int i = 0; i < FS * 600; i++) {
            text.append(String.format(Locale.ROOT, "%.4f,0.5%n", i / FS));
        }
        Path src = Recordings.write(tmp.resolve("src/flat.csv"), text.toString());
        JsonObject r = importOk(src.getParent());
        assertWarning(r, "flat.csv: channel ppg is flat over its whole length (30000 of 30000 samples lie in runs of 1 s or"
                + " more in which the signal does not move)");
        RecordInfo rec = only(tmp.resolve("ws"));
        assertEquals(rec.samples(), rec.flatSamples(), "QC flags every sample as flat");
        Cli.Result shown = Cli.run("inspect", "ok", "--workspace", tmp.resolve("ws").toString());
        assertTrue(shown.out().contains("channel ppg is flat over its whole length"), "inspect lists the warning: " + shown.out());
        accepted++;
    }

    @Test
    void aWfdbRecordWithAFlacSignalImportsItsPpgAndNamesTheSignalLeftOut() throws Exception {
        Path src = tmp.resolve("src");
        Recordings.wfdbWithFlacSignal(src, "rec", "PLETH", "ECG", 125, 60);
        JsonObject r = importOk(src);
        assertWarning(r, "rec.hea: signal ECG (rec.hea line 3) is stored in WFDB format 516 (FLAC-compressed), which is"
                + " not read; the formats read are 8, 16, 24, 32, 61, 80, 160, 212, 310, 311; it was left out and the other"
                + " signals were read");
        RecordInfo rec = only(tmp.resolve("ws"));
        assertEquals("PLETH", rec.channel());
        assertEquals(125 * 60, rec.samples());
        accepted++;
    }

    @Test
    void isoTimesTickingOnceASecondGiveTheRateOfTheRows() throws Exception {
        StringBuilder text = new StringBuilder("timestamp,ppg\n");
        Instant start = Instant.parse("2024-05-06T07:08:09Z");
        for (int i = 0; i < 125 * 300; i++) {
            text.append(start.plusSeconds(i / 125)).append(',')
                    .append(String.format(Locale.ROOT, "%.5f", Recordings.pulse(i / 125.0))).append('\n');
        }
        Path src = Recordings.write(tmp.resolve("src/seconds.csv"), text.toString());
        JsonObject r = importOk(src.getParent());
        assertEquals(0, r.getAsJsonArray("warnings").size(), "no resampling from an odd rate: " + r);
        assertEquals(125.0, only(tmp.resolve("ws")).fs(), 0);
        accepted++;
    }

    @Test
    void aLabelFileShorterThanTheSignalIsWarnedAboutByName() throws Exception {
        Path src = tmp.resolve("src");
        Recordings.pulseCsv(src.resolve("s1.csv"), FS, 120);
        StringBuilder labels = new StringBuilder("time,SpO2\n");
        for (int t = 0; t <= 40; t++) {
            labels.append(t).append(",97\n");
        }
        Recordings.write(src.resolve("s1_labels.csv"), labels.toString());
        JsonObject r = importOk(src, "--recipe", recordLabelsRecipe().toString());
        assertWarning(r, "s1.csv: label SpO2 covers 0.0-40.0 s of a 120.0 s recording");
        accepted++;
    }

    @Test
    void anImpossibleSpo2SeriesValueIsFlaggedAndLeftOutOfWindowLabels() throws Exception {
        Path src = tmp.resolve("src");
        Recordings.pulseCsv(src.resolve("s1.csv"), FS, 120);
        StringBuilder labels = new StringBuilder("time,SpO2\n");
        for (int t = 0; t <= 120; t++) {
            labels.append(t).append(',').append(t < 60 ? "130" : "96").append('\n');
        }
        Recordings.write(src.resolve("s1_labels.csv"), labels.toString());
        JsonObject r = importOk(src, "--recipe", recordLabelsRecipe().toString(), "--window-seconds", "30");
        assertWarning(r, "s1.csv: 60 SpO2 value(s) implausible");

        Catalogue catalogue = new Catalogue(Workspace.open(tmp.resolve("ws")));
        DatasetInfo d = catalogue.requireDataset("ok");
        Map<Long, Map<String, Double>> byWindow = catalogue.windowLabels(d.id());
        List<WindowInfo> windows = catalogue.windowsOfDataset(d.id());
        assertEquals(4, windows.size());
        for (WindowInfo w : windows) {
            Double spo2 = byWindow.getOrDefault(w.id(), Map.of()).get("SpO2");
            if (w.index() < 2) {
                assertEquals(null, spo2, "window " + w.index() + " has only the impossible values");
            } else {
                assertEquals(96.0, spo2, 1e-9);
            }
        }
        accepted++;
    }

    @Test
    void anImpossibleSubjectSbpIsFlaggedByRow() throws Exception {
        Path src = tmp.resolve("src");
        Recordings.pulseCsv(src.resolve("s1.csv"), FS, 30);
        Recordings.pulseCsv(src.resolve("s2.csv"), FS, 30);
        Recordings.write(src.resolve("tables/subjects.csv"), "subject,SBP\ns1,20\ns2,118\n");
        Path recipe = MalformedInputTest.recipe(tmp.resolve("recipe.json"), "\"subjectTable\": {\"file\": \"tables/subjects.csv\","
                + " \"idColumn\": \"subject\", \"columns\": {\"SBP\": \"SBP\"}}");
        JsonObject r = importOk(src, "--recipe", recipe.toString());
        assertWarning(r, "subjects.csv row 2: subject s1 SBP = 20.0 is outside the plausible range");
        Catalogue catalogue = new Catalogue(Workspace.open(tmp.resolve("ws")));
        var labels = catalogue.subjectLabels(catalogue.requireDataset("ok").id());
        assertTrue(labels.get("s1").get("SBP").flag().contains("outside the plausible range"), labels.toString());
        assertEquals(null, labels.get("s2").get("SBP").flag());
        accepted++;
    }

    @Test
    void anUnreadableFileIsRefusedByNameOrSkipped() throws Exception {
        Path src = tmp.resolve("src");
        Recordings.pulseCsv(src.resolve("a.csv"), FS, 30);
        Path locked = Recordings.pulseCsv(src.resolve("locked.csv"), FS, 30);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        // Root reads any file; without the two capabilities that let it, it is refused like anyone else.
        List<String> wrapper = Files.isReadable(locked) ? withoutReadOverride() : List.of();
        assumeFalse(wrapper == null, "this user reads files whatever their permissions and setpriv cannot drop that here");
        Path ws = tmp.resolve("ws");
        ChildJvm.Finished r = ChildJvm.start(tmp.resolve("logs"), wrapper, List.of(), "import", src.toString(), "--name", "bad",
                "--workspace", ws.toString(), "--json").await(120);
        assertEquals(1, r.code(), r.out());
        String error = r.json().get("error").getAsString();
        Cli.assertPlain(error);
        assertTrue(error.contains("locked.csv") && error.contains("ermission denied"), error);
        MalformedInputTest.assertNothingLeft(ws);
        ChildJvm.Finished s = ChildJvm.start(tmp.resolve("logs"), wrapper, List.of(), "import", src.toString(), "--name", "ok",
                "--workspace", ws.toString(), "--json", "--skip-bad").await(120);
        assertEquals(0, s.code(), s.err());
        assertTrue(s.json().getAsJsonArray("skipped").toString().contains("locked.csv"), s.out());
        assertEquals(1, s.json().get("records").getAsInt());
        Figures.report("an unreadable file refused by name and skipped with --skip-bad"
                + (wrapper.isEmpty() ? "" : " (as root without the capabilities that bypass file permissions)"));
    }

    /** The recipe of issue 16, as written. */
    static final String FINGER_CLIP_STUDY = """
            {"version": 1, "layout": "finger-clip-study",
             "include": ["ppg/*/*.csv"], "fs": 30, "channels": ["RED", "IR"],
             "subjectPattern": "ppg/[^/]+/([^/.]+)\\\\.csv", "windowSeconds": 30,
             "labels": {"file": "oximeter/{subject}.csv", "relativeTo": "dataset",
                        "time": {"column": "Clock", "origin": "first-row"},
                        "series": {"SpO2": {"columns": ["SpO2 A", "SpO2 B", "SpO2 C"], "combine": "mean", "missing": [0]},
                                   "HR": {"columns": ["Pulse A", "Pulse B"], "combine": "mean", "missing": [0]}}}}
            """;

    /**
     * An oximeter export of 120 rows at 1 Hz: per 30 s window the three SpO2 devices and two pulse devices
     * read the given values (0 where a device has none), an alarm text column, and "Collection Halted"
     * status rows after the 45th row and at the end.
     *
     * @param clock the first row's clock time in seconds of the day
     * @param millis whether the clock is written with milliseconds
     * @param spo2 per window, SpO2 A, B and C
     * @param pulse per window, Pulse A and B
     */
    private static String oximeter(double clock, boolean millis, int[][] spo2, int[][] pulse) {
        StringBuilder sb = new StringBuilder("Clock,SpO2 A,SpO2 B,SpO2 C,Pulse A,Pulse B,Status\n");
        for (int row = 0; row < 120; row++) {
            double t = (clock + row) % 86_400;
            String time = String.format(Locale.ROOT, "%02d:%02d:%02d", (int) t / 3600, (int) t / 60 % 60, (int) t % 60)
                    + (millis ? String.format(Locale.ROOT, ".%03d", Math.round(t % 1 * 1000)) : "");
            int[] s = spo2[row / 30];
            int[] p = pulse[row / 30];
            sb.append(String.join(",", time, "" + s[0], "" + s[1], "" + s[2], "" + p[0], "" + p[1], row % 7 == 0 ? "AS AO" : ""))
                    .append('\n');
            if (row == 44) {
                sb.append("Collection Halted\n");
            }
        }
        return sb.append("Collection Halted\n").toString();
    }

    /** RED and IR columns of the pulse wave at 30 Hz, without a time column. */
    private static String redIr(double seconds) {
        StringBuilder sb = new StringBuilder("RED,IR\n");
        for (int i = 0; i < Math.round(30 * seconds); i++) {
            double v = Recordings.pulse(i / 30.0);
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f%n", 1 + 0.02 * v, 1.5 + 0.03 * v));
        }
        return sb.toString();
    }

    @Test
    void theFingerClipStudyRecipeImportsAsWrittenWithItsOximetersCombined() throws Exception {
        Path study = tmp.resolve("study");
        for (String hand : List.of("left", "right")) {
            for (String subject : List.of("s01", "s02")) {
                Recordings.write(study.resolve("ppg/" + hand + "/" + subject + ".csv"), redIr(120));
            }
        }
        // s01: SpO2 = mean of the devices that read, so 96, 93, 98 (rows 70-89 only; 60-69 all read 0) and 91.
        int[][] s01Spo2 = {{97, 0, 95}, {0, 94, 92}, {99, 97, 98}, {91, 91, 0}};
        int[][] s01Pulse = {{72, 0}, {80, 0}, {0, 66}, {60, 62}};
        String s01 = oximeter(9 * 3600 + 25 * 60 + 2, false, s01Spo2, s01Pulse);
        s01 = s01.replaceAll("(?m)^(09:26:0[2-9]|09:26:1[01]),99,97,98,", "$1,0,0,0,");
        Recordings.write(study.resolve("oximeter/s01.csv"), s01);
        // s02, with milliseconds, through midnight: 89, 85, none (every device reads 0) and 94; HR 101 throughout.
        Recordings.write(study.resolve("oximeter/s02.csv"), oximeter(86_400 - 15.5, true,
                new int[][] {{88, 0, 90}, {0, 0, 85}, {0, 0, 0}, {93, 95, 94}}, new int[][] {{100, 102}, {100, 102}, {100, 102}, {100, 102}}));
        Path recipe = Recordings.write(tmp.resolve("study.json"), FINGER_CLIP_STUDY);

        JsonObject r = importOk(study, "--recipe", recipe.toString());
        assertEquals(4, r.get("records").getAsInt(), r.toString());
        assertEquals(2, r.get("subjects").getAsInt());
        assertEquals(16, r.get("windows").getAsInt());
        assertEquals("[\"RED\",\"IR\"]", r.get("channels").toString(), "the recipe's two channels are kept side by side");
        for (String hand : List.of("left", "right")) {
            assertWarning(r, "ppg/" + hand + "/s01.csv: oximeter/s01.csv: 2 status rows without values skipped (the first on line 47:"
                    + " 'Collection Halted')");
        }

        Catalogue catalogue = new Catalogue(Workspace.open(tmp.resolve("ws")));
        DatasetInfo d = catalogue.requireDataset("ok");
        Map<Long, Map<String, Double>> byWindow = catalogue.windowLabels(d.id());
        Map<String, List<Double>> spo2 = new java.util.TreeMap<>();
        Map<String, List<Double>> hr = new java.util.TreeMap<>();
        Map<Long, String> names = new java.util.HashMap<>();
        for (RecordInfo rec : catalogue.records(d.id())) {
            assertEquals("RED", rec.channel());
            assertEquals(30.0, rec.fs(), 0);
            names.put(rec.id(), rec.name() + " of " + rec.subject());
        }
        for (WindowInfo w : catalogue.windowsOfDataset(d.id())) {
            Map<String, Double> labels = byWindow.getOrDefault(w.id(), Map.of());
            spo2.computeIfAbsent(names.get(w.recordId()), k -> new ArrayList<>()).add(labels.get("SpO2"));
            hr.computeIfAbsent(names.get(w.recordId()), k -> new ArrayList<>()).add(labels.get("HR"));
        }
        List<Double> s01Windows = List.of(96.0, 93.0, 98.0, 91.0);
        List<Double> s02Windows = java.util.Arrays.asList(89.0, 85.0, null, 94.0);
        assertEquals(Map.of("ppg/left/s01 of s01", s01Windows, "ppg/right/s01 of s01", s01Windows,
                "ppg/left/s02 of s02", s02Windows, "ppg/right/s02 of s02", s02Windows), spo2);
        List<Double> s01Hr = List.of(72.0, 80.0, 66.0, 61.0);
        List<Double> s02Hr = List.of(101.0, 101.0, 101.0, 101.0);
        assertEquals(Map.of("ppg/left/s01 of s01", s01Hr, "ppg/right/s01 of s01", s01Hr,
                "ppg/left/s02 of s02", s02Hr, "ppg/right/s02 of s02", s02Hr), hr);
        accepted++;
    }

    @Test
    void aMissingLabelFileIsRefusedByNameAndItsRecordingSkippedWithSkipBad() throws Exception {
        Path study = tmp.resolve("study");
        for (String subject : List.of("s01", "s02")) {
            Recordings.write(study.resolve("ppg/left/" + subject + ".csv"), redIr(60));
        }
        Recordings.write(study.resolve("oximeter/s01.csv"), oximeter(9 * 3600, false,
                new int[][] {{97, 97, 97}, {96, 96, 96}, {95, 95, 95}, {94, 94, 94}}, new int[][] {{70, 70}, {70, 70}, {70, 70}, {70, 70}}));
        Path recipe = Recordings.write(tmp.resolve("study.json"), FINGER_CLIP_STUDY);
        Path ws = tmp.resolve("ws");
        Cli.Result refused = Cli.run("import", study.toString(), "--name", "bad", "--workspace", ws.toString(), "--json",
                "--recipe", recipe.toString());
        assertEquals(1, refused.code(), refused.out());
        Cli.assertPlain(refused.error());
        assertEquals(study.toAbsolutePath().resolve("ppg/left/s02.csv") + ": the label file 'oximeter/s02.csv' that the recipe's"
                + " labels.file names does not exist (looked for 'oximeter/s02.csv' in the dataset folder); add --skip-bad to import"
                + " the rest", refused.error());
        MalformedInputTest.assertNothingLeft(ws);

        JsonObject r = importOk(study, "--recipe", recipe.toString(), "--skip-bad");
        assertEquals(1, r.get("records").getAsInt());
        JsonArray skipped = r.getAsJsonArray("skipped");
        assertEquals(1, skipped.size(), r.toString());
        assertEquals("ppg/left/s02.csv", skipped.get(0).getAsJsonObject().get("path").getAsString());
        assertTrue(skipped.get(0).getAsJsonObject().get("reason").getAsString().contains("'oximeter/s02.csv'"), r.toString());
        accepted++;
    }

    /** A command prefix that runs a program without the capabilities to bypass file permissions, or null if there is none. */
    static List<String> withoutReadOverride() {
        List<String> setpriv = List.of("setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search");
        try {
            List<String> probe = new ArrayList<>(setpriv);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? setpriv : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonObject importOk(Path src, String... options) {
        List<String> args = new ArrayList<>(List.of("import", src.toString(), "--name", "ok", "--workspace", tmp.resolve("ws").toString(), "--json"));
        args.addAll(List.of(options));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), "the import must succeed: " + r.out() + r.err());
        return r.json();
    }

    private Path recordLabelsRecipe() throws Exception {
        return MalformedInputTest.recipe(tmp.resolve("recipe.json"), "\"recordLabels\": \"{stem}_labels.csv\"");
    }

    private static void assertWarning(JsonObject result, String start) {
        JsonArray warnings = result.getAsJsonArray("warnings");
        boolean found = false;
        for (var w : warnings) {
            found |= w.getAsString().startsWith(start);
        }
        assertTrue(found, "a warning starting '" + start + "' in " + warnings);
    }

    private static RecordInfo only(Path ws) throws Exception {
        Catalogue catalogue = new Catalogue(Workspace.open(ws));
        List<RecordInfo> records = catalogue.records(catalogue.requireDataset("ok").id());
        assertEquals(1, records.size());
        return records.get(0);
    }

    @AfterAll
    static void figures() {
        Figures.report(String.format(Locale.ROOT, "odd but usable inputs accepted with masks or warnings %d", accepted));
    }
}
