package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several PPG channels of one record, and windows that overlap or fall short, through the real command line: an
 * oximeter's red and infrared (beside a respiration channel) in CSV, EDF+ and WFDB are kept side by side, each window
 * with both channels' DC levels and AC amplitudes, whose ratio of ratios is the one written into the files.
 */
class SeveralChannelsTest {
    private static final double FS = 100;

    @TempDir
    Path tmp;

    @Test
    void redAndInfraredOfCsvEdfAndWfdbRecordsAreKeptSideBySide() throws Exception {
        Path csv = Recordings.oximeterCsv(tmp.resolve("csv/finger.csv"), FS, 64);
        Path edf = Recordings.oximeterEdf(tmp.resolve("edf/finger.edf"), FS, 64);
        Path wfdb = Recordings.oximeterWfdb(Files.createDirectories(tmp.resolve("wfdb")), "finger", FS, 64);
        for (Path source : List.of(csv, edf, wfdb)) {
            String name = source.getParent().getFileName().toString();
            JsonObject imported = ok("import", source.toString(), "--name", name, "--channel", "RED,IR", "--window-seconds", "20");
            assertEquals(List.of("RED", "IR"), strings(imported.getAsJsonArray("channels")), name);
            JsonElement choice = imported.get("channel_choice");
            assertTrue(choice == null || choice.isJsonNull(), name + ": the channels were named, nothing was picked");
            JsonObject record = ok("inspect", name, "finger");
            JsonArray kept = record.getAsJsonArray("kept_channels");
            assertEquals(List.of("RED", "IR"), List.of(kept.get(0).getAsJsonObject().get("name").getAsString(),
                    kept.get(1).getAsJsonObject().get("name").getAsString()), name);
            JsonArray windows = record.getAsJsonArray("windows");
            assertEquals(4, windows.size(), name + ": three 20 s windows and the 4 s tail");
            for (JsonElement e : windows) {
                JsonObject w = e.getAsJsonObject();
                JsonArray levels = w.getAsJsonArray("levels");
                JsonObject red = levels.get(0).getAsJsonObject();
                JsonObject ir = levels.get(1).getAsJsonObject();
                // By hand from what was written: both channels carry the same wave, RED at 0.6 and IR at 1.5 units a unit
                // of pulse, so the filtered amplitudes stand at 0.6 : 1.5 whatever the filter did; the DC levels are the
                // channels' means over the window.
                int from = (int) Math.round(w.get("start_s").getAsDouble() * FS);
                int to = from + (int) Math.round(w.get("seconds").getAsDouble() * FS);
                double meanRed = 0;
                double meanIr = 0;
                for (int i = from; i < to; i++) {
                    meanRed += Recordings.red(i / FS) / (to - from);
                    meanIr += Recordings.infrared(i / FS) / (to - from);
                }
                assertEquals(meanRed, red.get("dc").getAsDouble(), 1e-3, name + " RED DC");
                assertEquals(meanIr, ir.get("dc").getAsDouble(), 1e-3, name + " IR DC");
                double ratio = (red.get("ac").getAsDouble() / red.get("dc").getAsDouble()) / (ir.get("ac").getAsDouble() / ir.get("dc").getAsDouble());
                double expected = (0.6 / meanRed) / (1.5 / meanIr);
                assertEquals(expected, ratio, 3e-3 * expected, name + " ratio of ratios, window " + w.get("window"));
            }
            JsonObject export = ok("export-windows", name, "--out", tmp.resolve(name + "-windows").toString());
            String header = npyHeader(tmp.resolve(name + "-windows.npy"));
            assertTrue(header.contains("'shape': (4, 2, 1000)"), name + ": [windows, channels, samples]: " + header);
            assertEquals(4, Files.readAllLines(tmp.resolve(name + "-windows.ids.csv")).size() - 1, "one id row per window: " + export);
        }
    }

    @Test
    void aBareImportSaysWhichChannelItPicked() throws Exception {
        Path csv = Recordings.oximeterCsv(tmp.resolve("src/finger.csv"), FS, 30);
        JsonObject imported = ok("import", csv.getParent().toString(), "--name", "bare");
        assertEquals(List.of("IR"), strings(imported.getAsJsonArray("channels")));
        assertEquals("the PPG channel was picked by its name: IR; choose it with --channel NAME, or keep several side by side with "
                + "--channel NAME,NAME", imported.get("channel_choice").getAsString());
        Cli.Result human = Cli.run("import", csv.getParent().toString(), "--name", "bare2", "--workspace", workspace());
        assertEquals(0, human.code(), human.err());
        assertTrue(human.out().contains("the PPG channel was picked by its name: IR;"), human.out());
    }

    @Test
    void aChannelTheRecordLacksIsRefusedWithTheChannelsItHas() throws Exception {
        Path csv = Recordings.oximeterCsv(tmp.resolve("src/finger.csv"), FS, 30);
        Cli.Result r = Cli.run("import", csv.toString(), "--name", "x", "--channel", "RED,SpO2", "--workspace", workspace(), "--json");
        assertNotEquals(0, r.code());
        Cli.assertPlain(r.error());
        assertTrue(r.error().contains("no channel named 'SpO2'; channels are 'RED', 'IR', 'RESP'; choose with --channel NAME, or keep several "
                + "with --channel NAME,NAME"), r.error());
        Cli.Result twice = Cli.run("import", csv.toString(), "--name", "x", "--channel", "IR,ir", "--workspace", workspace(), "--json");
        assertNotEquals(0, twice.code());
        assertEquals("the channels to keep name 'IR' and 'ir', which are the same channel", twice.error());
    }

    @Test
    void overlappingWindowsStartEveryHopAndATailIsFlaggedOrDropped() throws Exception {
        Path csv = Recordings.pulseCsv(tmp.resolve("hop/rec.csv"), 50, 75);
        ok("import", csv.toString(), "--name", "hop", "--window-seconds", "30", "--hop-seconds", "10");
        JsonArray windows = ok("inspect", "hop", "rec").getAsJsonArray("windows");
        // Full 30 s windows at 0-40 s (40 + 30 = 70 <= 75), then the 5 s beyond 70 s covered by a tail from 50 s to the end.
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0), numbers(windows, "start_s"));
        assertEquals(List.of(30.0, 30.0, 30.0, 30.0, 30.0, 25.0), numbers(windows, "seconds"));
        assertEquals(List.of(false, false, false, false, false, true), flags(windows));

        Path seventy = Recordings.pulseCsv(tmp.resolve("tail/rec.csv"), 50, 70);
        ok("import", seventy.toString(), "--name", "tail", "--window-seconds", "30");
        JsonArray tail = ok("inspect", "tail", "rec").getAsJsonArray("windows");
        assertEquals(List.of(false, false, true), flags(tail), "the 10 s tail of a 30 s window is flagged partial");
        assertEquals(1 / 3.0, tail.get(2).getAsJsonObject().get("fraction").getAsDouble(), 1e-4);
        Cli.Result human = Cli.run("inspect", "tail", "rec", "--workspace", workspace());
        assertTrue(human.out().lines().anyMatch(l -> l.matches("\\s+2\\s+60\\.0\\s+10\\.0\\s+33 %.*")), human.out());

        ok("import", seventy.toString(), "--name", "strict", "--window-seconds", "30", "--min-window-fraction", "0.5");
        JsonObject strict = ok("inspect", "strict", "rec");
        assertEquals(2, strict.getAsJsonArray("windows").size());
        assertEquals(List.of("samples 3000+500: tail after the last full window is 500 of 1500 samples (33 % of a window), less than the "
                + "smallest kept share of 50 %"), strings(strict.getAsJsonArray("dropped_windows")));

        Cli.Result gap = Cli.run("import", seventy.toString(), "--name", "gap", "--window-seconds", "30", "--hop-seconds", "45",
                "--workspace", workspace(), "--json");
        assertNotEquals(0, gap.code());
        assertEquals("hop 45.0 s is longer than the 30 s window: windows would leave gaps; give a hop of at most 30 s", gap.error());
    }

    private String workspace() {
        return tmp.resolve("ws").toString();
    }

    private JsonObject ok(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", workspace(), "--json"));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
        return r.json();
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static List<Double> numbers(JsonArray rows, String key) {
        List<Double> out = new ArrayList<>();
        rows.forEach(e -> out.add(e.getAsJsonObject().get(key).getAsDouble()));
        return out;
    }

    private static List<Boolean> flags(JsonArray rows) {
        List<Boolean> out = new ArrayList<>();
        rows.forEach(e -> out.add(e.getAsJsonObject().get("partial").getAsBoolean()));
        return out;
    }

    /** The dictionary header of a .npy file. */
    private static String npyHeader(Path npy) throws Exception {
        byte[] b = Files.readAllBytes(npy);
        int length = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        return new String(b, 10, length, StandardCharsets.US_ASCII);
    }
}
