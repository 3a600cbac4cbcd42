package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample set as a pulse oximeter's recordings, through the command line: imported once with its PLETH channel (as
 * its recipe says; the bundled runs come with it) and again with RED and IR side by side, with RED alone and IR alone.
 * The bundled student embeds the two-channel dataset as its channels' embeddings side by side, exactly; SpO2 from the
 * ratio of ratios beats the trivial predictor; and the bundled student, pre-trained on the same recordings under
 * another name and channel, is transductive there.
 */
class OximetryCommandTest {
    @TempDir
    static Path tmp;
    static String ws;

    @BeforeAll
    static void datasets() {
        ws = tmp.resolve("ws").toString();
        String sample = CliTest.repoRoot().resolve("sample-data").toString();
        ok("import", sample, "--name", "plain");
        ok("import", sample, "--name", "oximeter", "--channel", "RED,IR");
        ok("import", sample, "--name", "red", "--channel", "RED");
        ok("import", sample, "--name", "ir", "--channel", "IR");
    }

    @Test
    void aTwoChannelEmbeddingIsItsChannelsEmbeddingsSideBySide() throws Exception {
        JsonObject both = ok("embed", "--run", "pre-0001", "--dataset", "oximeter", "--out", tmp.resolve("both").toString());
        ok("embed", "--run", "pre-0001", "--dataset", "red", "--out", tmp.resolve("red").toString());
        ok("embed", "--run", "pre-0001", "--dataset", "ir", "--out", tmp.resolve("ir").toString());
        float[][] rb = CliTest.npy(tmp.resolve("both.npy"));
        float[][] red = CliTest.npy(tmp.resolve("red.npy"));
        float[][] ir = CliTest.npy(tmp.resolve("ir.npy"));
        assertEquals(120, rb.length);
        assertEquals(2 * red[0].length, rb[0].length, "width: two channels of " + red[0].length + ": " + both);
        for (int w = 0; w < rb.length; w++) {
            assertArrayEquals(red[w], Arrays.copyOfRange(rb[w], 0, red[w].length), "window row " + w + ", RED");
            assertArrayEquals(ir[w], Arrays.copyOfRange(rb[w], red[w].length, rb[w].length), "window row " + w + ", IR");
        }
        assertTrue(Files.readAllLines(tmp.resolve("both.csv")).get(0).contains(",RED_e0,"), "columns named by channel");
    }

    @Test
    void spo2FromTheRatioOfRatiosBeatsTrivialAndTheBundledStudentIsTransductive() {
        JsonObject r = ok("evaluate", "--task", "SpO2", "--dataset", "oximeter", "--methods", "ratio-of-ratios:RED/IR,pretrained:pre-0001",
                "--bootstrap", "300");
        JsonObject mae = null;
        for (JsonElement e : r.getAsJsonArray("rows")) {
            JsonObject row = e.getAsJsonObject();
            if (row.get("method").getAsString().equals("ratio-of-ratios:RED/IR") && row.get("metric").getAsString().equals("mae")) {
                mae = row;
            }
        }
        assertTrue(mae != null, r.toString());
        assertTrue(mae.get("value").getAsDouble() < 0.6, "MAE " + mae);
        assertTrue(mae.get("delta_ci_high").getAsDouble() < 0, "the difference from trivial excludes zero: " + mae);
        JsonObject backbone = r.getAsJsonArray("methods").get(2).getAsJsonObject();
        assertEquals("pretrained:pre-0001", backbone.get("method").getAsString());
        assertTrue(backbone.get("transductive").getAsBoolean(), "pre-trained on these recordings (as 'sample', PLETH): " + backbone);
        JsonObject ratio = r.getAsJsonArray("methods").get(1).getAsJsonObject();
        assertEquals(5, ratio.getAsJsonArray("calibrations").size(), "a calibration line per fold: " + ratio);
    }

    private static JsonObject ok(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", ws, "--json"));
        CliTest.Result r = CliTest.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err() + r.out());
        return r.json();
    }
}
