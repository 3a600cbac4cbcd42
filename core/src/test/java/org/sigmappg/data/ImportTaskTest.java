package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
