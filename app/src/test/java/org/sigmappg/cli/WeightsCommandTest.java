package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.torch.SafeTensorsFile;
import org.sigmappg.io.torch.TorchTensor;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Published weights through the real command line: {@code import-weights} takes the reference-layout fixture (random
 * weights in the published student's layout, from scripts/reference), its run embeds the sample set as PyTorch does,
 * goes through {@code evaluate} (probe and fine-tuning) and {@code finetune}, and {@code export-weights} gives a
 * safetensors file that imports back to the same model. Bad files are refused in one line and leave no run.
 */
class WeightsCommandTest {
    @TempDir
    static Path tmp;
    static String ws;
    static String imported;

    static Path fixture(String name) {
        return CliTest.repoRoot().resolve("core/src/test/resources/reference").resolve(name);
    }

    @BeforeAll
    static void importSampleAndWeights() {
        ws = tmp.resolve("ws").toString();
        ok("import", CliTest.repoRoot().resolve("sample-data").toString(), "--name", "sample");
        JsonObject r = ok("import-weights", fixture("sigma-small.pth").toString(), "--name", "small fixture");
        imported = r.get("run").getAsString();
    }

    private static JsonObject ok(String... args) {
        CliTest.Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err() + r.out());
        return r.json();
    }

    private static CliTest.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", ws, "--json"));
        return CliTest.run(all.toArray(String[]::new));
    }

    @Test
    void theImportReportsItsTableAndTheRunIsFinished() throws Exception {
        CliTest.Result human = CliTest.run("import-weights", fixture("sigma-small.pth").toString(), "--workspace", ws);
        assertEquals(0, human.code(), human.err());
        assertTrue(human.out().contains("student.blocks.1.mlp.fc2.weight") && human.out().contains("ignored:")
                && human.out().contains("the same tensor as student.patch_embed_conv.conv1.weight (checked equal)"), human.out());
        JsonObject r = ok("import-weights", fixture("sigma-small.pth").toString());
        assertEquals(48, r.get("width").getAsInt());
        assertEquals(2, r.get("depth").getAsInt());
        assertEquals(100, r.get("patch_samples").getAsInt());
        assertEquals(0, r.getAsJsonArray("missing").size());
        assertTrue(r.get("args").getAsString().startsWith("Namespace("), r.get("args").getAsString());
        var info = new RunStore(Workspace.open(Path.of(ws))).require(imported);
        assertEquals("imported", info.kind());
        assertEquals("FINISHED", info.status().name());
        assertTrue(info.params().contains("\"source\":\"sigma-small.pth\""), info.params());
    }

    @Test
    void theImportedStudentEmbedsTheSampleWindowsAsPyTorchDoes() throws Exception {
        JsonObject r = ok("embed", "--run", imported, "--dataset", "sample", "--out", tmp.resolve("emb").toString());
        float[][] ours = readNpy(Path.of(r.get("npy").getAsString()));
        float[][] expected = readNpy(fixture("expected-pooled.npy"));
        List<String> ids = Files.readAllLines(fixture("windows.ids.csv"));
        List<String> ourIds = Files.readAllLines(Path.of(r.get("ids").getAsString()));
        // The fixture's first four windows are whole windows of the sample set; find them by window id.
        for (int k = 0; k < 4; k++) {
            String windowId = ids.get(k + 1).split(",")[3];
            int row = -1;
            for (int i = 1; i < ourIds.size(); i++) {
                if (ourIds.get(i).split(",")[3].equals(windowId)) {
                    row = i - 1;
                }
            }
            assertTrue(row >= 0, "window " + windowId + " is embedded");
            double worst = 0;
            double scale = 0;
            for (int j = 0; j < expected[k].length; j++) {
                worst = Math.max(worst, Math.abs(expected[k][j] - ours[row][j]));
                scale = Math.max(scale, Math.abs(expected[k][j]));
            }
            assertTrue(worst / scale <= 1e-4, "window " + windowId + ": relative difference " + worst / scale);
        }
    }

    @Test
    void theImportedStudentGoesThroughEvaluateAndFinetune() {
        for (String protocol : List.of("probe", "finetune")) {
            JsonObject r = ok("evaluate", "--task", "HR", "--dataset", "sample", "--methods", "sigma:" + imported + ",features,trivial",
                    "--protocol", protocol, "--folds", "3", "--inner-folds", "3", "--bootstrap", "100", "--epochs", "2");
            List<String> methods = new ArrayList<>();
            for (JsonElement row : r.getAsJsonArray("rows")) {
                methods.add(row.getAsJsonObject().get("method").getAsString());
            }
            assertTrue(methods.contains("sigma"), protocol + ": " + methods);
            for (JsonElement row : r.getAsJsonArray("rows")) {
                JsonObject o = row.getAsJsonObject();
                if (o.get("method").getAsString().equals("sigma") && o.get("metric").getAsString().equals("MAE")) {
                    assertTrue(Double.isFinite(o.get("value").getAsDouble()), protocol + ": " + o);
                }
            }
        }
        JsonObject f = ok("finetune", "--pretrained", imported, "--task", "HR", "--protocol", "probe");
        assertTrue(f.has("run"), f.toString());
    }

    @Test
    void exportedWeightsImportBackToTheSameModel() throws Exception {
        Path file = tmp.resolve("exported.safetensors");
        JsonObject e = ok("export-weights", imported, "--out", file.toString());
        assertTrue(e.get("exact").getAsBoolean(), e.toString());
        String again = ok("import-weights", file.toString()).get("run").getAsString();
        float[][] a = readNpy(Path.of(ok("embed", "--run", imported, "--dataset", "sample", "--out", tmp.resolve("a").toString())
                .get("npy").getAsString()));
        float[][] b = readNpy(Path.of(ok("embed", "--run", again, "--dataset", "sample", "--out", tmp.resolve("b").toString())
                .get("npy").getAsString()));
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], 0f, "window row " + i);
        }
    }

    @Test
    void badFilesAreRefusedInOneLineAndLeaveNoRun() throws Exception {
        int before = new RunStore(Workspace.open(Path.of(ws))).list().size();
        Path noise = tmp.resolve("noise.pth");
        byte[] bytes = new byte[4096];
        new Random(3).nextBytes(bytes);
        Files.write(noise, bytes);
        CliTest.Result r = run("import-weights", noise.toString());
        assertEquals(1, r.code());
        assertTrue(error(r).contains("noise.pth"), error(r));
        assertFalse(error(r).contains("Exception"), error(r));

        // A backbone tensor missing: refused naming it.
        Path whole = tmp.resolve("whole.safetensors");
        ok("export-weights", imported, "--out", whole.toString());
        Map<String, TorchTensor> tensors = new LinkedHashMap<>(SafeTensorsFile.read(whole).tensors());
        tensors.remove("student.blocks.0.attn.k_norm.bias");
        Path partial = tmp.resolve("partial.safetensors");
        new SafeTensorsFile(tensors, Map.of()).write(partial);
        r = run("import-weights", partial.toString());
        assertEquals(1, r.code());
        assertTrue(error(r).contains("partial.safetensors") && error(r).contains("student.blocks.0.attn.k_norm.bias"), error(r));
        assertEquals(1, error(r).lines().count());
        assertEquals(before, new RunStore(Workspace.open(Path.of(ws))).list().size(), "a refused import leaves no run");
    }

    private static String error(CliTest.Result r) {
        return r.json().get("error").getAsString();
    }

    /** A 2-D float32 .npy file (header parsed for its shape). */
    private static float[][] readNpy(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xFF) | ((bytes[9] & 0xFF) << 8);
        String header = new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
        assertTrue(m.find(), header);
        int rows = Integer.parseInt(m.group(1));
        int columns = Integer.parseInt(m.group(2));
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, rows * columns * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[rows][columns];
        for (float[] row : out) {
            for (int j = 0; j < columns; j++) {
                row[j] = data.getFloat();
            }
        }
        return out;
    }
}
