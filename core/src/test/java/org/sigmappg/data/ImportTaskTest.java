package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.edf.EdfSignal;
import org.sigmappg.io.edf.EdfWriter;
import org.sigmappg.run.CancelledException;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

/** Import is all or nothing, names the bad file, honours --skip-bad, labels align by time. */
class ImportTaskTest {
    @TempDir
    Path tmp;

    /** Writes a CSV of a 1.2 Hz pulse-like wave with a time column in seconds. */
    static Path pulseCsv(Path file, double fs, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder("time,ppg\n");
        int n = (int) Math.round(fs * seconds);
        for (int i = 0; i < n; i++) {
            double t = i / fs;
            double phase = (t * 1.2) % 1.0;
            double v = Math.exp(-Math.pow((phase - 0.2) / 0.08, 2)) + 0.4 * Math.exp(-Math.pow((phase - 0.5) / 0.1, 2));
            sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", t, v));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static long cacheEntries(Workspace ws) throws IOException {
        try (Stream<Path> s = Files.list(ws.cacheDirectory())) {
            return s.count();
        }
    }

    @Test
    void aBadFileRefusesTheWholeImportAndLeavesNothing() throws IOException {
        Path src = tmp.resolve("src");
        pulseCsv(src.resolve("a.csv"), 100, 30);
        pulseCsv(src.resolve("b.csv"), 100, 30);
        Files.writeString(src.resolve("c.csv"), "time,ppg\n0,1\n0.01,abc\n0.02,3\n");
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        IOException e = assertThrows(IOException.class, () -> new ImportTask(ws, ImportRequest.of(src, "d")).run(ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("c.csv"), e.getMessage());
        assertTrue(new Catalogue(ws).datasets().isEmpty());
        assertEquals(0, cacheEntries(ws), "no cache folder may remain");
    }

    @Test
    void skipBadImportsTheRestAndListsTheBadFile() throws IOException {
        Path src = tmp.resolve("src");
        pulseCsv(src.resolve("a.csv"), 100, 30);
        pulseCsv(src.resolve("b.csv"), 100, 30);
        Files.writeString(src.resolve("c.csv"), "time,ppg\n0,1\n0.01,abc\n0.02,3\n");
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ImportResult r = new ImportTask(ws, ImportRequest.of(src, "d").withSkipBad(true)).run(ProgressMonitor.NONE);
        assertEquals(2, r.records());
        assertEquals(1, r.skipped().size());
        assertEquals("c.csv", r.skipped().get(0).path());
        DatasetInfo d = new Catalogue(ws).requireDataset("d");
        assertEquals(List.of(new DatasetInfo.SkippedFile("c.csv", r.skipped().get(0).reason())), d.skipped());
        assertEquals(1, cacheEntries(ws));
        assertTrue(new Catalogue(ws).openCache(d).verify().isEmpty(), "every cache file matches its manifest hash");
    }

    @Test
    void aRecordShorterThanOnePatchIsRefused() throws IOException {
        Path src = tmp.resolve("short.csv");
        pulseCsv(src, 100, 0.5);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        IOException e = assertThrows(IOException.class, () -> new ImportTask(ws, ImportRequest.of(src, "s")).run(ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("short.csv") && e.getMessage().contains("shorter than one"), e.getMessage());
    }

    @Test
    void cancellingLeavesNoDataset() throws IOException {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 4; i++) {
            pulseCsv(src.resolve("r" + i + ".csv"), 100, 20);
        }
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ProgressMonitor cancelAfterFirst = new ProgressMonitor() {
            int done;

            @Override
            public void begin(String phase, long total) {
            }

            @Override
            public void worked(long units) {
                done += units;
            }

            @Override
            public void message(String text) {
            }

            @Override
            public boolean isCancelled() {
                return done >= 1;
            }
        };
        assertThrows(CancelledException.class, () -> new ImportTask(ws, ImportRequest.of(src, "c")).run(cancelAfterFirst));
        assertTrue(new Catalogue(ws).datasets().isEmpty());
        assertEquals(0, cacheEntries(ws));
    }

    @Test
    void duplicateNamesAreRefusedUnlessReplaced() throws IOException {
        Path src = pulseCsv(tmp.resolve("one.csv"), 100, 12);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(src, "x")).run(ProgressMonitor.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImportTask(ws, ImportRequest.of(src, "x")).run(ProgressMonitor.NONE));
        assertTrue(e.getMessage().contains("already exists"));
        String before = new Catalogue(ws).requireDataset("x").cacheDir();
        new ImportTask(ws, ImportRequest.of(src, "x").withReplace(true)).run(ProgressMonitor.NONE);
        String after = new Catalogue(ws).requireDataset("x").cacheDir();
        assertFalse(before.equals(after));
        assertFalse(Files.exists(ws.cacheDirectory().resolve(before)), "the replaced cache is removed");
        assertEquals(1, new Catalogue(ws).datasets().size());
        assertThrows(IllegalArgumentException.class, () -> new ImportTask(ws, ImportRequest.of(src, "bad name!")).run(ProgressMonitor.NONE));
    }

    @Test
    void labelFilesAtTheirOwnRateAlignToWindowsByTime() throws IOException {
        Path src = tmp.resolve("src");
        pulseCsv(src.resolve("s1.csv"), 100, 120);
        StringBuilder labels = new StringBuilder("time,SpO2,HR\n");
        for (int t = 0; t < 120; t++) {
            // SpO2 97 in the first minute and 93 in the second; one impossible value (130) that must not count.
            double spo2 = t == 10 ? 130 : (t < 60 ? 97 : 93);
            labels.append(t).append(',').append(spo2).append(',').append(72).append('\n');
        }
        Files.writeString(src.resolve("s1_labels.csv"), labels.toString());
        Path recipe = tmp.resolve("recipe.json");
        Files.writeString(recipe, """
                {"version": 1, "layout": "recipe", "include": ["*.csv"], "exclude": ["*_labels.csv"],
                 "recordLabels": "{stem}_labels.csv", "windowSeconds": 60}
                """);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ImportResult r = new ImportTask(ws, new ImportRequest(src, "lab", recipe, null, null, null, null, null, null, false, false, null, false))
                .run(ProgressMonitor.NONE);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("SpO2") && w.contains("implausible")), r.warnings().toString());
        Catalogue cat = new Catalogue(ws);
        DatasetInfo d = cat.requireDataset("lab");
        List<WindowInfo> windows = cat.windowsOfDataset(d.id());
        assertEquals(2, windows.size());
        var wl = cat.windowLabels(d.id());
        assertEquals(97.0, wl.get(windows.get(0).id()).get("SpO2"), 1e-9);
        assertEquals(93.0, wl.get(windows.get(1).id()).get("SpO2"), 1e-9);
        assertEquals(72.0, wl.get(windows.get(1).id()).get("HR"), 1e-9);
        assertEquals(2, cat.labelSeries(cat.records(d.id()).get(0).id()).size());
    }

    private static ImportRequest withRecipe(Path src, String name, Path recipe) {
        return new ImportRequest(src, name, recipe, null, null, null, null, null, null, false, false, null, false);
    }

    /** SpO2 of each window of the dataset, in window order; null where a window has none. */
    private static List<Double> windowSpo2(Workspace ws, String dataset) throws IOException {
        Catalogue cat = new Catalogue(ws);
        DatasetInfo d = cat.requireDataset(dataset);
        var labels = cat.windowLabels(d.id());
        return cat.windowsOfDataset(d.id()).stream().map(w -> labels.getOrDefault(w.id(), java.util.Map.of()).get("SpO2")).toList();
    }

    /** A label file with one row a second from {@code from} for {@code rows} rows: SpO2 90 before second {@code change}, 98 from it on. */
    private static Path stepLabels(Path file, int rows, int change) throws IOException {
        StringBuilder sb = new StringBuilder("time,SpO2\n");
        for (int t = 0; t < rows; t++) {
            sb.append(t).append(',').append(t < change ? 90 : 98).append('\n');
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, sb.toString());
    }

    @Test
    void anEdfRecordingsOwnStartPlacesClockTimesThroughMidnight() throws IOException {
        Path src = tmp.resolve("src");
        float[] x = new float[100 * 120];
        for (int i = 0; i < x.length; i++) {
            double phase = (i / 100.0 * 1.2) % 1.0;
            x[i] = (float) Math.exp(-Math.pow((phase - 0.2) / 0.08, 2));
        }
        Files.createDirectories(src);
        EdfWriter.builder().setStart(LocalDateTime.of(2024, 1, 2, 23, 59, 30)).build()
                .write(src.resolve("night.edf"), List.of(new EdfSignal("PLETH", "", "au", -0.5, 2.0, -32768, 32767, "", 100, x)));
        // The oximeter was started 20 s after the recording: 23:59:50 is second 20, 00:00:30 second 60.
        StringBuilder oximeter = new StringBuilder("Clock,SpO2\n");
        for (int k = 0; k < 110; k++) {
            int t = (86_370 + 20 + k) % 86_400;
            oximeter.append(String.format(Locale.ROOT, "%02d:%02d:%02d,%d%n", t / 3600, t / 60 % 60, t % 60, 20 + k < 60 ? 97 : 93));
        }
        Files.writeString(src.resolve("night_oximeter.csv"), oximeter.toString());
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), """
                {"include": ["*.edf"], "windowSeconds": 60,
                 "labels": {"file": "{stem}_oximeter.csv", "time": {"column": "Clock", "origin": "recording-start"}}}
                """);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, withRecipe(src, "start", recipe)).run(ProgressMonitor.NONE);
        assertEquals(List.of(97.0, 93.0), windowSpo2(ws, "start"));
        Catalogue cat = new Catalogue(ws);
        double[] times = cat.labelSeries(cat.records(cat.requireDataset("start").id()).get(0).id()).get(0).times();
        assertEquals(20.0, times[0], 1e-9);
        assertEquals(129.0, times[times.length - 1], 1e-9, "past midnight the clock counts on");

        // Counted from the first row instead, the same file puts 40 s of 97 and 20 s of 93 into the first window.
        Files.writeString(recipe, Files.readString(recipe).replace("recording-start", "first-row"));
        new ImportTask(ws, withRecipe(src, "first", recipe)).run(ProgressMonitor.NONE);
        assertEquals((40 * 97 + 20 * 93) / 60.0, windowSpo2(ws, "first").get(0), 1e-9);
    }

    @Test
    void aRecordingWithoutItsOwnStartCannotPlaceLabelsByIt() throws IOException {
        Path src = tmp.resolve("src");
        pulseCsv(src.resolve("a.csv"), 100, 60);
        Files.writeString(src.resolve("a_labels.csv"), "Clock,SpO2\n09:00:00,97\n09:00:01,96\n");
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), """
                {"include": ["a.csv"], "labels": {"file": "{stem}_labels.csv", "time": {"origin": "recording-start"}}}
                """);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        IOException e = assertThrows(IOException.class, () -> new ImportTask(ws, withRecipe(src, "d", recipe)).run(ProgressMonitor.NONE));
        assertTrue(e.getMessage().startsWith(src.resolve("a.csv").toAbsolutePath() + ": the recipe's label times count from the"
                + " recording's start (origin recording-start), but this recording has no start time of its own"), e.getMessage());
    }

    @Test
    void offsetsShiftTheLabelsOfTheRecordsTheyName() throws IOException {
        Path src = tmp.resolve("src");
        for (String r : List.of("a", "b")) {
            pulseCsv(src.resolve(r + ".csv"), 100, 120);
            stepLabels(src.resolve("labels/" + r + ".csv"), 120, 60);
        }
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), """
                {"include": ["*.csv"], "windowSeconds": 60,
                 "labels": {"file": "labels/{stem}.csv", "offsets": {"a": 30, "b.c?v": -30, "c": 5}}}
                """);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ImportResult r = new ImportTask(ws, withRecipe(src, "shifted", recipe)).run(ProgressMonitor.NONE);
        // a: label second s lies at s + 30, so window 0 holds seconds 0-29 (90) and window 1 seconds 30-89 (half 90, half 98).
        // b: label second s lies at s - 30, so window 0 holds seconds 30-89 and window 1 seconds 90-119 (98).
        assertEquals(List.of(90.0, 94.0, 94.0, 98.0), windowSpo2(ws, "shifted"));
        assertTrue(r.warnings().contains("the recipe's labels.offsets names 'c', which is no record's name or path; its offset was"
                + " not used"), r.warnings().toString());

        Files.writeString(recipe, Files.readString(recipe).replace("\"c\": 5", "\"*.csv\": 0"));
        IOException e = assertThrows(IOException.class, () -> new ImportTask(ws, withRecipe(src, "two", recipe)).run(ProgressMonitor.NONE));
        assertEquals(src.resolve("a.csv").toAbsolutePath() + ": the recipe's labels.offsets gives this record two offsets, 'a' (30.0 s)"
                + " and '*.csv' (0.0 s); keep one (and 1 more problem); no other recordings found", e.getMessage());
    }

    @Test
    void labelPathsAreRelativeToTheRecordingOrToTheDataset() throws IOException {
        Path src = tmp.resolve("src");
        pulseCsv(src.resolve("rec/s1.csv"), 100, 120);
        stepLabels(src.resolve("rec/labels/s1.csv"), 120, 0);
        stepLabels(src.resolve("labels/s1.csv"), 120, 120);
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), """
                {"include": ["rec/*.csv"], "windowSeconds": 60, "labels": {"file": "labels/{stem}.csv"}}
                """);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, withRecipe(src, "beside", recipe)).run(ProgressMonitor.NONE);
        assertEquals(List.of(98.0, 98.0), windowSpo2(ws, "beside"), "rec/labels/s1.csv, beside the recording");
        Files.writeString(recipe, Files.readString(recipe).replace("\"file\"", "\"relativeTo\": \"dataset\", \"file\""));
        new ImportTask(ws, withRecipe(src, "root", recipe)).run(ProgressMonitor.NONE);
        assertEquals(List.of(90.0, 90.0), windowSpo2(ws, "root"), "labels/s1.csv, from the dataset folder");
    }

    @Test
    void aMissingLabelFileIsRefusedByNameOrSkippedWithSkipBad() throws IOException {
        Path src = tmp.resolve("src");
        pulseCsv(src.resolve("s1.csv"), 100, 60);
        pulseCsv(src.resolve("s2.csv"), 100, 60);
        stepLabels(src.resolve("s1_labels.csv"), 60, 0);
        Path recipe = Files.writeString(tmp.resolve("recipe.json"), """
                {"include": ["*.csv"], "exclude": ["*_labels.csv"], "recordLabels": "{stem}_labels.csv"}
                """);
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        IOException e = assertThrows(IOException.class, () -> new ImportTask(ws, withRecipe(src, "d", recipe)).run(ProgressMonitor.NONE));
        String reason = "the label file 's2_labels.csv' that the recipe's recordLabels names does not exist (looked for"
                + " 's2_labels.csv' beside the recording; for a path from the dataset folder, set \"relativeTo\": \"dataset\" in a"
                + " \"labels\" block)";
        assertEquals(src.resolve("s2.csv").toAbsolutePath() + ": " + reason + "; add --skip-bad to import the rest", e.getMessage());
        assertTrue(new Catalogue(ws).datasets().isEmpty());

        ImportResult r = new ImportTask(ws, withRecipe(src, "d", recipe).withSkipBad(true)).run(ProgressMonitor.NONE);
        assertEquals(1, r.records());
        assertEquals(List.of(new DatasetInfo.SkippedFile("s2.csv", reason)), r.skipped());

        Files.writeString(recipe, "{\"include\": [\"*.csv\"], \"exclude\": [\"*_labels.csv\"],"
                + " \"labels\": {\"file\": \"{stem}_labels.csv\", \"optional\": true}}");
        ImportResult optional = new ImportTask(ws, withRecipe(src, "o", recipe)).run(ProgressMonitor.NONE);
        assertEquals(2, optional.records());
        assertTrue(optional.warnings().contains("s2.csv: the label file 's2_labels.csv' that the recipe's labels.file names does not"
                + " exist (looked for 's2_labels.csv' beside the recording; for a path from the dataset folder, set \"relativeTo\":"
                + " \"dataset\"); imported without its time-aligned labels"), optional.warnings().toString());
    }
}
